/**
 * The simulator's icon: a browser showing the Hosted Link page asks for
 * `/favicon.ico` unless the page names another, and a 404 there is an error
 * in its console (and in the e2e journeys' capture of failed requests). The
 * page names this SVG at that path, so every browser asks once and gets it.
 */
import type { ServerResponse } from 'node:http';

export const FAVICON_PATH = '/favicon.ico';

const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">' +
  '<rect width="32" height="32" rx="6" fill="#111"/>' +
  '<path d="M11 8h7a6 6 0 0 1 0 12h-3v4h-4zm4 4v4h3a2 2 0 0 0 0-4z" fill="#fff"/></svg>';

export function serveFavicon(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' });
  res.end(FAVICON_SVG);
}
