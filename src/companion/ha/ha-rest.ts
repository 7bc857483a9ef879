import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * HA's REST API over node:http rather than fetch: the companion writes every
 * sensor at each (re)connect, and undici's fetch kept ~50 MB more resident
 * memory than node:http for the same 260 writes (docs/performance.md).
 */
export class HaRest {
  /** Without a trailing slash; may carry a path (the add-on's `http://supervisor/core`). */
  readonly #base: string;
  readonly #token: string;
  readonly #timeoutMs: number;
  readonly #agent: HttpAgent | HttpsAgent;

  constructor(baseUrl: string, token: string, timeoutMs: number) {
    this.#base = baseUrl.replace(/\/+$/, '');
    this.#token = token;
    this.#timeoutMs = timeoutMs;
    // Keep-alive: a reconnect writes hundreds of states in a burst.
    this.#agent = this.#base.startsWith('https:')
      ? new HttpsAgent({ keepAlive: true })
      : new HttpAgent({ keepAlive: true });
  }

  /** Sends one request and resolves with the HTTP status once the body is drained. */
  async send(method: 'GET' | 'POST' | 'DELETE', path: string, body?: string): Promise<number> {
    return (await this.exchange(method, path, body, false)).status;
  }

  /** Sends one request and resolves with the HTTP status and the body as text. */
  read(method: 'GET' | 'POST', path: string, body?: string): Promise<{ status: number; text: string }> {
    return this.exchange(method, path, body, true);
  }

  private exchange(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body: string | undefined,
    keep: boolean,
  ): Promise<{ status: number; text: string }> {
    const url = new URL(`${this.#base}${path}`);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method,
          agent: this.#agent,
          headers: {
            Authorization: `Bearer ${this.#token}`,
            'Content-Type': 'application/json',
            ...(body === undefined ? {} : { 'Content-Length': Buffer.byteLength(body) }),
          },
          signal: AbortSignal.timeout(this.#timeoutMs),
        },
        (res) => {
          const chunks: Buffer[] = [];
          if (keep) res.on('data', (chunk: Buffer) => chunks.push(chunk));
          else res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}
