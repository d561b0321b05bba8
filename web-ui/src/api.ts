// REST calls with the API key kept in this browser (localStorage); errors are RFC 9457 problems.

const KEY_STORAGE = "leaderboards.apiKey";

export function apiKey(): string | null {
  return localStorage.getItem(KEY_STORAGE);
}

export function setApiKey(key: string | null): void {
  if (key) localStorage.setItem(KEY_STORAGE, key);
  else localStorage.removeItem(KEY_STORAGE);
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly problem: { title?: string; detail?: string; field?: string }) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  const key = apiKey();
  if (key) headers["Authorization"] = `Bearer ${key}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiError(response.status, json ?? {});
  return json as T;
}

export interface Entry {
  rank: number;
  playerId: string;
  score: number;
  subscore: number;
  updatedAt: string;
  metadata: unknown;
}

export interface Board {
  id: string;
  displayName: string;
  order: "desc" | "asc";
  updatePolicy: string;
  rankMode: string;
  minScore: number | null;
  maxScore: number | null;
  partitions: number;
  replicas: number;
  publicRead: boolean;
  entries: number;
  replicaLag: { maxOperations: number; maxSeconds: number };
}

export interface Player {
  playerId: string;
  rank: number;
  score: number;
  subscore: number;
  percentile: number;
  total: number;
  metadata: unknown;
}
