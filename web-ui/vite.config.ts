import { defineConfig } from "vite";

// Built into the server: the server's build copies ui-dist/ into its wwwroot.
export default defineConfig({
  build: {
    outDir: "../src/Leaderboards.Server/ui-dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: {
      "/api": "http://127.0.0.1:5080",
      "/hubs": { target: "http://127.0.0.1:5080", ws: true },
    },
  },
});
