/**
 * HA's prebuilt frontend served as `components/frontend/__init__.py` serves
 * it: `IndexView` renders `index.html` (a Jinja template: `theme_color`, the
 * `extra_modules` loop) for `/` and every path under a registered panel
 * (`/lovelace/…`, `/config/…`, `/profile/…`), `/auth/authorize` is
 * `authorize.html`, `/frontend_latest/`, `/static/` and a few root files are
 * static, `/manifest.json` is MANIFEST_JSON, and `/local/` is `<config>/www`
 * (where a user puts this card's bundle); `/hacsfiles/` is
 * `<config>/www/community`, the static path HACS registers (its
 * `frontend.py`) for what it downloads. Like every static path in HA, both
 * are served without authentication. The files come from
 * `.cache/ha-frontend/` (scripts/fetch-ha-frontend.mjs).
 */
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FRONTEND_DIR, fetchHaFrontend } from '../../scripts/fetch-ha-frontend.mjs';
import type { RouteHandler } from './ha-server.js';

export const HA_FRONTEND_DIR: string = FRONTEND_DIR;

const MIME: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
};

/** `MANIFEST_JSON` (`components/frontend/__init__.py`). */
const THEME_COLOR = '#18BCF2';
const MANIFEST = {
  background_color: '#FFFFFF',
  description: 'Home automation platform that puts local control and privacy first.',
  dir: 'ltr',
  display: 'standalone',
  icons: [192, 384, 512, 1024].map((size) => ({
    src: `/static/icons/favicon-${size}x${size}.png`,
    sizes: `${size}x${size}`,
    type: 'image/png',
  })),
  lang: 'en-US',
  name: 'Home Assistant',
  short_name: 'Home Assistant',
  start_url: '/?homescreen=1',
  id: '/?homescreen=1',
  theme_color: THEME_COLOR,
  prefer_related_applications: true,
};

/** Root files HA registers as static paths. */
const ROOT_FILES = ['robots.txt', 'onboarding.html', 'sw-modern.js', 'sw-legacy.js', 'version.txt'];

/** The template rendered with HA's variables: no extra modules (the card comes as a Lovelace resource). */
export function renderIndex(template: string, extraModules: readonly string[] = []): string {
  const loop = /\{%-? for extra_module in extra_modules -?%\}([\s\S]*?)\{%-? endfor -?%\}/;
  // HA's own template links `/frontend_latest/…`; this build links them relative to the page, so deep URLs need a base.
  return template
    .replace('<head>', '<head><base href="/">')
    .replace('{{ theme_color }}', THEME_COLOR)
    .replace(loop, (_all, body: string) =>
      extraModules.map((m) => body.trim().replaceAll('{{ extra_module }}', m)).join('\n'),
    );
}

async function sendFile(res: ServerResponse, path: string, cacheControl: string): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) return false;
  res.writeHead(200, {
    'Content-Type': MIME[extname(path)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': cacheControl,
  });
  await new Promise<void>((done, fail) => createReadStream(path).on('error', fail).on('end', done).pipe(res));
  return true;
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('404: Not Found');
}

/** A path under `root`, or null when the request tries to leave it. */
function inside(root: string, relative: string): string | null {
  const full = resolve(root, `.${sep}${decodeURIComponent(relative)}`);
  return full.startsWith(root + sep) ? full : null;
}

export interface FrontendFilesOptions {
  /** Files served at `/local/<name>`, as HA serves `<config>/www/<name>`. */
  local: Record<string, string>;
  /** Files served at `/hacsfiles/<repository>/<name>`, as HACS serves `<config>/www/community/…`. */
  hacsfiles: Record<string, string>;
  /** First path segments the index answers (the panels' `url_path`s). */
  panelPaths: () => readonly string[];
}

export interface FrontendRoutes {
  routes: Array<{ method: string; prefix: string; handler: RouteHandler }>;
  /** Answers a GET nothing else (REST included) answered: the index for panel paths, else 404. */
  index: RouteHandler;
}

export function frontendRoutes(options: FrontendFilesOptions): FrontendRoutes {
  const dir = existsSync(join(HA_FRONTEND_DIR, 'index.html')) ? HA_FRONTEND_DIR : (fetchHaFrontend() as string);
  const index = renderIndex(readFileSync(join(dir, 'index.html'), 'utf8'));
  const authorize = readFileSync(join(dir, 'authorize.html'), 'utf8');
  const html =
    (body: string): RouteHandler =>
    (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
      res.end(body);
    };
  const staticUnder =
    (prefix: string, root: string, cacheControl: string): RouteHandler =>
    async (req, res) => {
      const path = new URL(req.url ?? '/', 'http://sim').pathname.slice(prefix.length);
      const file = inside(root, path);
      if (!file || !(await sendFile(res, file, cacheControl))) notFound(res);
    };
  const indexView: RouteHandler = (req, res) => {
    const first = new URL(req.url ?? '/', 'http://sim').pathname.split('/')[1] ?? '';
    if (first === '' || options.panelPaths().includes(first)) void html(index)(req, res, Buffer.alloc(0));
    else notFound(res);
  };
  const named =
    (prefix: string, files: Record<string, string>, cacheControl: string): RouteHandler =>
    async (req, res) => {
      const name = new URL(req.url ?? '/', 'http://sim').pathname.slice(prefix.length);
      const file = Object.hasOwn(files, name) ? files[name] : undefined;
      if (!file || !(await sendFile(res, file, cacheControl))) notFound(res);
    };
  const routes: FrontendRoutes['routes'] = [
    { method: 'GET', prefix: '/auth/authorize', handler: html(authorize) },
    {
      method: 'GET',
      prefix: '/frontend_latest/',
      handler: staticUnder('/frontend_latest/', join(dir, 'frontend_latest'), 'public, max-age=31536000'),
    },
    {
      method: 'GET',
      prefix: '/static/',
      handler: staticUnder('/static/', join(dir, 'static'), 'public, max-age=2678400'),
    },
    { method: 'GET', prefix: '/local/', handler: named('/local/', options.local, 'no-cache') },
    // HACS registers it with HA's cache headers in storage mode (`CACHE_HEADERS` of http/static.py: 31 days).
    {
      method: 'GET',
      prefix: '/hacsfiles/',
      handler: named('/hacsfiles/', options.hacsfiles, 'public, max-age=2678400'),
    },
    {
      method: 'GET',
      prefix: '/manifest.json',
      handler: (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/manifest+json' });
        res.end(JSON.stringify(MANIFEST));
      },
    },
    ...ROOT_FILES.map((name) => ({
      method: 'GET',
      prefix: `/${name}`,
      handler: (async (_req: IncomingMessage, res: ServerResponse) => {
        if (!(await sendFile(res, join(dir, name), 'no-cache'))) notFound(res);
      }) as RouteHandler,
    })),
  ];
  return { routes, index: indexView };
}
