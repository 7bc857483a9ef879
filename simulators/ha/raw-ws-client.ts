/**
 * A bare websocket client for tests that must see HA's frames as sent
 * (errors the real client hides, coalesced arrays, the close after auth_invalid).
 */
import WebSocket from 'ws';

export type Frame = { [key: string]: unknown };

export class RawWsClient {
  /** Every message received, arrays unwrapped, in order. */
  readonly received: Frame[] = [];
  /** Every frame's text as received. */
  readonly frames: string[] = [];
  readonly closed: Promise<number>;
  private waiters: Array<() => void> = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const text = data.toString();
      this.frames.push(text);
      const parsed = JSON.parse(text) as Frame | Frame[];
      this.received.push(...(Array.isArray(parsed) ? parsed : [parsed]));
      this.wake();
    });
    this.closed = new Promise((resolve) =>
      socket.on('close', (code) => {
        resolve(code);
        this.wake();
      }),
    );
  }

  /** Opens a socket; with a token, also completes the auth phase. */
  static async connect(wsUrl: string, token?: string): Promise<RawWsClient> {
    const socket = new WebSocket(wsUrl);
    // Listening before 'open': HA's first frame may arrive in the same tick.
    const client = new RawWsClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    await client.next((m) => m['type'] === 'auth_required');
    if (token !== undefined) {
      client.send({ type: 'auth', access_token: token });
      const answer = await client.next((m) => m['type'] === 'auth_ok' || m['type'] === 'auth_invalid');
      if (answer['type'] !== 'auth_ok') throw new Error(`auth failed: ${JSON.stringify(answer)}`);
    }
    return client;
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Resolves with the first received message (already or later) matching, and consumes it. */
  async next(predicate: (m: Frame) => boolean = () => true, timeoutMs = 2000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.received.findIndex(predicate);
      if (index >= 0) return this.received.splice(index, 1)[0]!;
      const left = deadline - Date.now();
      if (left <= 0 || this.socket.readyState === WebSocket.CLOSED) {
        throw new Error(`no matching message; received: ${JSON.stringify(this.received)}`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The answer (result or pong) to message `id`. */
  reply(id: number, timeoutMs?: number): Promise<Frame> {
    return this.next((m) => m['id'] === id && m['type'] !== 'event', timeoutMs);
  }

  close(): void {
    this.socket.close();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
