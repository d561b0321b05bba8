// One SignalR connection per page that needs live data; the key travels as access_token.
import { HubConnection, HubConnectionBuilder, HubConnectionState, LogLevel } from "@microsoft/signalr";
import { apiKey } from "./api";

export function connect(): HubConnection {
  const key = apiKey();
  return new HubConnectionBuilder()
    .withUrl("/hubs/leaderboard", key ? { accessTokenFactory: () => key } : {})
    .withAutomaticReconnect()
    .configureLogging(LogLevel.Warning)
    .build();
}

export async function stop(connection: HubConnection | null): Promise<void> {
  if (connection && connection.state !== HubConnectionState.Disconnected) await connection.stop();
}
