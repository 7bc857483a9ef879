import {
  ERR_CANNOT_CONNECT,
  ERR_INVALID_AUTH,
  type ConnectionOptions,
  type HaWebSocket,
} from 'home-assistant-js-websocket';
import WebSocket from 'ws';

const CONNECT_TIMEOUT_MS = 10_000;

/** `2024.6.1` ≥ 2022.9? (The library's helper is not exported.) */
function atLeastHaVersion(version: string, major: number, minor: number): boolean {
  const [maj = 0, min = 0] = version.split('.').map((p) => Number.parseInt(p, 10) || 0);
  return maj > major || (maj === major && min >= minor);
}

/** HA's websocket URL; the Supervisor proxies Core's websocket at `/core/websocket`, not `/core/api/websocket`. */
export function websocketUrl(haUrl: string): string {
  const base = haUrl.replace(/^http/, 'ws').replace(/\/+$/, '');
  return /^ws:\/\/supervisor\/core$/.test(base) ? `${base}/websocket` : `${base}/api/websocket`;
}

/**
 * home-assistant-js-websocket's `createSocket`, for Node: the library's own
 * uses the browser's global WebSocket. Same auth handshake (wait for
 * `auth_required`, send the token, resolve on `auth_ok`, reject with
 * ERR_INVALID_AUTH on `auth_invalid`), but exactly one attempt: the library
 * retries a dropped connection itself, and the companion's HA client retries
 * the first connection with its own backoff.
 */
export function socketFactory(
  wsUrl: string,
  accessToken: string,
): (options: ConnectionOptions) => Promise<HaWebSocket> {
  return (options) => createSocket(wsUrl, accessToken, options.connectTimeout ?? CONNECT_TIMEOUT_MS);
}

function createSocket(wsUrl: string, accessToken: string, connectTimeoutMs: number): Promise<HaWebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl);
    let settled = false;
    const fail = (reason: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners();
      // A socket that failed before auth must not linger or emit later.
      socket.on('error', () => undefined);
      socket.terminate();
      reject(reason);
    };
    const timer = setTimeout(() => fail(ERR_CANNOT_CONNECT), connectTimeoutMs);

    socket.on('message', (raw) => {
      let message: { type?: unknown; ha_version?: unknown };
      try {
        message = JSON.parse(raw.toString());
      } catch {
        return fail(ERR_CANNOT_CONNECT);
      }
      if (message.type === 'auth_required') {
        socket.send(JSON.stringify({ type: 'auth', access_token: accessToken }));
      } else if (message.type === 'auth_invalid') {
        fail(ERR_INVALID_AUTH);
      } else if (message.type === 'auth_ok') {
        settled = true;
        clearTimeout(timer);
        socket.removeAllListeners();
        const haSocket = socket as unknown as HaWebSocket;
        haSocket.haVersion = typeof message.ha_version === 'string' ? message.ha_version : '0.0.0';
        // As the library does: ask for coalesced messages (id 1 is reserved for this).
        if (atLeastHaVersion(haSocket.haVersion, 2022, 9)) {
          socket.send(JSON.stringify({ type: 'supported_features', id: 1, features: { coalesce_messages: 1 } }));
        }
        // HAWS listens with addEventListener from here on; errors surface as close.
        socket.on('error', () => undefined);
        resolve(haSocket);
      }
    });
    socket.on('error', () => fail(ERR_CANNOT_CONNECT));
    socket.on('close', () => fail(ERR_CANNOT_CONNECT));
  });
}
