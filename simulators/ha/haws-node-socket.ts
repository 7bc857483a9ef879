/**
 * `createSocket` for home-assistant-js-websocket in Node: the library's own
 * `createSocket` (socket.ts) step for step, but with a `ws` WebSocket, since
 * Node 20 has no global one. Retries follow `options.setupRetry` as the
 * library's do; after the first connection the library itself reconnects.
 */
import {
  createConnection,
  createLongLivedTokenAuth,
  ERR_CANNOT_CONNECT,
  ERR_HASS_HOST_REQUIRED,
  ERR_INVALID_AUTH,
  type Connection,
  type ConnectionOptions,
  type HaWebSocket,
} from 'home-assistant-js-websocket';
import WebSocket from 'ws';

const CONNECT_TIMEOUT_MS = 10_000;
const RETRY_DELAY_MS = 1000;

export function createNodeSocket(options: ConnectionOptions): Promise<HaWebSocket> {
  const auth = options.auth;
  if (!auth) return Promise.reject(ERR_HASS_HOST_REQUIRED);

  return new Promise((resolve, reject) => {
    const connect = (triesLeft: number): void => {
      const socket = new WebSocket(auth.wsUrl);
      let invalidAuth = false;
      const timer = setTimeout(() => socket.terminate(), options.connectTimeout ?? CONNECT_TIMEOUT_MS);

      const onClose = (): void => {
        clearTimeout(timer);
        socket.removeAllListeners();
        // A close after an error must not land here twice.
        socket.on('error', () => undefined);
        if (invalidAuth) reject(ERR_INVALID_AUTH);
        else if (triesLeft === 0) reject(ERR_CANNOT_CONNECT);
        else setTimeout(() => connect(triesLeft === -1 ? -1 : triesLeft - 1), RETRY_DELAY_MS);
      };

      socket.on('open', () => {
        clearTimeout(timer);
        socket.send(JSON.stringify({ type: 'auth', access_token: auth.accessToken }));
      });
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { type: string; ha_version?: string };
        if (message.type === 'auth_invalid') {
          invalidAuth = true;
          socket.close();
        } else if (message.type === 'auth_ok') {
          socket.removeAllListeners();
          // Later resets must not throw as unhandled 'error' events; the library listens for 'close'.
          socket.on('error', () => undefined);
          const haSocket = socket as unknown as HaWebSocket;
          haSocket.haVersion = message.ha_version ?? '';
          // The library sends this itself only from its own createSocket (HA ≥ 2022.9).
          socket.send(JSON.stringify({ type: 'supported_features', id: 1, features: { coalesce_messages: 1 } }));
          resolve(haSocket);
        }
      });
      socket.on('close', onClose);
      socket.on('error', onClose);
    };
    connect(options.setupRetry);
  });
}

/** A HAWS connection to `url` (http://…) with a long-lived token, the way the companion connects. */
export function connectHaws(url: string, token: string, options: Partial<ConnectionOptions> = {}): Promise<Connection> {
  return createConnection({ auth: createLongLivedTokenAuth(url, token), createSocket: createNodeSocket, ...options });
}
