// Collects everything a browser context received (and sent) so a test can prove
// no Plaid secret, access token or public token reached the browser: response
// bodies and headers, websocket frames, and every URL a page navigated to, for
// every page of the context (the dashboard and the Hosted Link tab).
import type { BrowserContext, Page } from 'playwright-core';

export interface Capture {
  source: string;
  text: string;
}

export class BrowserCapture {
  readonly responses: Capture[] = [];
  readonly frames: Capture[] = [];
  readonly urls: Capture[] = [];
  private pending: Promise<unknown>[] = [];

  attach(context: BrowserContext): void {
    for (const page of context.pages()) this.attachPage(page);
    context.on('page', (page) => this.attachPage(page));
  }

  private attachPage(page: Page): void {
    page.on('framenavigated', (frame) => this.urls.push({ source: 'navigation', text: frame.url() }));
    page.on('response', (response) => {
      const url = response.url();
      this.pending.push(
        (async () => {
          const headers = JSON.stringify(await response.allHeaders().catch(() => ({})));
          // Redirects and some aborted loads have no body.
          const body = await response.body().then(
            (b) => b.toString('utf8'),
            () => '',
          );
          this.responses.push({ source: `response ${response.status()} ${url}`, text: `${url}\n${headers}\n${body}` });
        })(),
      );
    });
    page.on('websocket', (ws) => {
      ws.on('framereceived', (f) => this.frames.push({ source: `ws-in ${ws.url()}`, text: String(f.payload) }));
      ws.on('framesent', (f) => this.frames.push({ source: `ws-out ${ws.url()}`, text: String(f.payload) }));
    });
  }

  /** Waits for the bodies still being read. */
  async settle(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending;
      this.pending = [];
      await Promise.allSettled(batch);
    }
  }

  all(): Capture[] {
    return [...this.responses, ...this.frames, ...this.urls];
  }
}

export interface LeakHit {
  secret: string;
  where: string;
}

/** Where each needle occurs in the haystacks; secrets are reported by a short prefix only. */
export function findLeaks(needles: readonly string[], haystacks: readonly Capture[]): LeakHit[] {
  const hits: LeakHit[] = [];
  for (const needle of needles) {
    if (!needle) continue;
    for (const h of haystacks) {
      if (h.text.includes(needle)) hits.push({ secret: `${needle.slice(0, 12)}…`, where: h.source });
    }
  }
  return hits;
}

export function countHits(needle: string, haystacks: readonly Capture[]): number {
  return haystacks.filter((h) => h.text.includes(needle)).length;
}
