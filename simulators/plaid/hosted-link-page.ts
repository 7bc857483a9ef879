// The Hosted Link page: plain HTML forms (POST, then redirect back), no external
// resources. Stable hooks for browser tests:
//   body[data-step]                      select_institution | credentials | accounts | done | expired
//   [data-testid=institution-search]     search box (filters live; also works as a GET form)
//   [data-testid=institution-<id>]       institution button, e.g. institution-ins_109508
//   #username, #password, [data-testid=submit-credentials], [data-testid=credential-error]
//   [data-testid=account-<account_id>]   account checkbox (all checked at first)
//   [data-testid=continue], [data-testid=back], [data-testid=exit] (on every open step)
//   [data-testid=done]                   the closing message
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FAVICON_PATH } from './favicon.js';
import type { LinkFlow } from './hosted-link-steps.js';
import type { Account, LinkSession, LinkTokenRecord, Store } from './store.js';

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#eef1f4;
  font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111}
main{position:relative;width:min(420px,100vw);height:min(640px,calc(100vh - 32px));background:#fff;border-radius:16px;
  box-shadow:0 8px 32px rgba(0,0,0,.12);padding:28px 28px 24px;display:flex;flex-direction:column}
.top{display:flex;justify-content:space-between;align-items:center;margin-bottom:18px}
.brand{font-weight:700;letter-spacing:.04em;font-size:13px;color:#555}
.sandbox{font-size:11px;background:#fff4d6;color:#7a5a00;border-radius:999px;padding:2px 8px;margin-left:6px}
button.icon{border:0;background:none;font-size:22px;line-height:1;cursor:pointer;color:#555;padding:4px}
h1{font-size:22px;margin:4px 0 6px}
p.sub{color:#555;margin:0 0 18px}
input[type=search],input[type=text],input[type=password]{width:100%;padding:12px 14px;border:1px solid #c9ced6;
  border-radius:10px;font-size:15px;margin-bottom:12px}
input:focus{outline:2px solid #111;outline-offset:1px}
ul.list{list-style:none;margin:0 0 12px;padding:0 2px;overflow:auto;flex:1;min-height:0}
ul.list li{margin:0 0 8px}
.inst{width:100%;display:flex;align-items:center;gap:12px;padding:12px;border:1px solid #e2e5ea;border-radius:12px;
  background:#fff;font-size:15px;cursor:pointer;text-align:left}
.inst:hover{border-color:#111}
.logo{width:36px;height:36px;border-radius:50%;display:flex;align-items:center;justify-content:center;color:#fff;
  font-weight:700;flex:none}
.country{margin-left:auto;font-size:12px;color:#777}
label.field{display:block;font-size:13px;color:#444;margin-bottom:4px}
.primary{width:100%;padding:14px;border:0;border-radius:10px;background:#111;color:#fff;font-size:16px;
  font-weight:600;cursor:pointer;margin-top:auto}
.primary:disabled{background:#999}
.link{background:none;border:0;color:#333;text-decoration:underline;cursor:pointer;padding:8px 0;font-size:14px}
.error{background:#fdecea;color:#8a1c12;border-radius:10px;padding:10px 12px;margin-bottom:14px;font-size:14px}
.hint{font-size:12px;color:#777;margin:4px 0 16px}
.acct{display:flex;align-items:center;gap:12px;padding:12px;border:1px solid #e2e5ea;border-radius:12px;cursor:pointer}
.acct input{width:18px;height:18px;accent-color:#111}
.acct .name{font-weight:600}
.acct .meta{font-size:13px;color:#666}
.acct .bal{margin-left:auto;font-variant-numeric:tabular-nums}
.center{text-align:center;margin:auto 0}
.check{width:64px;height:64px;border-radius:50%;background:#111;color:#fff;font-size:34px;display:flex;
  align-items:center;justify-content:center;margin:0 auto 16px}
form{margin:0}
`;

const SEARCH_SCRIPT = `
const box=document.querySelector('[data-testid=institution-search]');
box&&box.addEventListener('input',()=>{const q=box.value.trim().toLowerCase();
for(const li of document.querySelectorAll('li[data-name]'))li.hidden=!li.dataset.name.includes(q);});
`;

const COLORS = ['#1b4d89', '#2f7d4f', '#8a3b12', '#5b2a86', '#9c1f45', '#0f6b73', '#6b5b1b'];

function page(step: string, title: string, body: string, exitForm: string, script = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="icon" type="image/svg+xml" href="${FAVICON_PATH}"><title>${esc(title)} · Plaid Link (simulator)</title>
<style>${STYLE}</style></head><body data-step="${step}"><main>
<div class="top"><span class="brand">PLAID<span class="sandbox">Sandbox simulator</span></span>${exitForm}</div>
${body}</main>${script ? `<script>${script}</script>` : ''}</body></html>`;
}

function money(value: number | null, currency: string | null): string {
  if (value === null) return '';
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency ?? 'USD' }).format(value);
  } catch {
    return value.toFixed(2);
  }
}

export class HostedLinkPage {
  constructor(
    private readonly store: Store,
    private readonly flow: LinkFlow,
  ) {}

  /** Handles /hl/... ; returns false when the path is not a Hosted Link path. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const match = /^\/hl\/([0-9a-f-]{36})(?:\/(institution|back|credentials|accounts|exit|done))?$/.exec(url.pathname);
    if (!match) return false;
    const token = this.store.linkTokensByHostedId.get(match[1]!);
    if (!token) {
      this.send(
        res,
        404,
        page(
          'expired',
          'Link not found',
          `<div class="center"><h1>This link is not valid</h1>
<p class="sub">Ask the app that sent you here for a new link.</p></div>`,
          '',
        ),
      );
      return true;
    }
    const action = match[2];
    const base = `/hl/${token.hosted_id}`;
    if (req.method === 'GET' && action === 'done') {
      this.send(res, 200, this.donePage(token));
      return true;
    }
    if (req.method === 'GET' && action === undefined) {
      this.send(res, 200, this.render(token, url.searchParams.get('q') ?? ''));
      return true;
    }
    if (req.method !== 'POST' || action === undefined || action === 'done') {
      this.send(res, 405, 'method not allowed');
      return true;
    }
    const form = new URLSearchParams(await readText(req));
    const session = token.sessions.at(-1);
    if (!session || session.outcome !== 'open' || this.flow.isExpired(token)) {
      this.redirect(res, base);
      return true;
    }
    switch (action) {
      case 'institution':
        this.flow.selectInstitution(token, session, form.get('institution_id') ?? '');
        break;
      case 'back':
        this.flow.backToInstitutions(session);
        break;
      case 'credentials':
        this.flow.submitCredentials(token, session, form.get('username') ?? '', form.get('password') ?? '');
        break;
      case 'accounts': {
        const chosen = form.getAll('account_id');
        if (chosen.length === 0) {
          session.page_error = 'Select at least one account to continue.';
          break;
        }
        this.flow.finish(token, session, chosen);
        break;
      }
      case 'exit':
        this.flow.exit(session);
        break;
    }
    if (session.outcome !== 'open') {
      this.redirect(res, token.completion_redirect_uri ?? `${base}/done`);
    } else {
      this.redirect(res, base);
    }
    return true;
  }

  private render(token: LinkTokenRecord, query: string): string {
    if (this.flow.isExpired(token) && !token.sessions.some((s) => s.outcome !== 'open')) {
      return page(
        'expired',
        'Link expired',
        `<div class="center"><h1>This link has expired</h1>
<p class="sub">Go back to ${esc(token.client_name)} and start again.</p></div>`,
        '',
      );
    }
    const session = this.flow.session(token);
    if (session.outcome !== 'open') return this.donePage(token);
    const base = `/hl/${token.hosted_id}`;
    const exitForm =
      `<form method="post" action="${base}/exit"><button class="icon" type="submit" data-testid="exit" ` +
      `aria-label="Exit" title="Exit">×</button></form>`;
    switch (session.step) {
      case 'select_institution':
        return this.institutionStep(token, base, query, exitForm);
      case 'credentials':
        return this.credentialsStep(token, session, base, exitForm);
      default:
        return this.accountsStep(session, base, exitForm);
    }
  }

  private institutionStep(token: LinkTokenRecord, base: string, query: string, exitForm: string): string {
    const q = query.trim().toLowerCase();
    const items = this.flow.selectableInstitutions(token).map((inst, i) => {
      const hidden = q && !inst.name.toLowerCase().includes(q) ? ' hidden' : '';
      return `<li data-name="${esc(inst.name.toLowerCase())}"${hidden}><form method="post" action="${base}/institution">
<input type="hidden" name="institution_id" value="${esc(inst.institution_id)}">
<button class="inst" type="submit" data-testid="institution-${esc(inst.institution_id)}">
<span class="logo" style="background:${COLORS[i % COLORS.length]}">${esc(inst.name[0] ?? '?')}</span>
<span>${esc(inst.name)}</span><span class="country">${esc(inst.country_codes.join(' '))}</span></button></form></li>`;
    });
    return page(
      'select_institution',
      'Select your bank',
      `<h1>Select your bank</h1>
<p class="sub">${esc(token.client_name)} uses Plaid to connect your account.</p>
<form method="get" action="${base}" role="search"><input type="search" name="q" value="${esc(query)}"
 placeholder="Search institutions" aria-label="Search institutions" ` +
        `data-testid="institution-search" autocomplete="off"></form>
<ul class="list">${items.join('')}</ul>`,
      exitForm,
      SEARCH_SCRIPT,
    );
  }

  private credentialsStep(token: LinkTokenRecord, session: LinkSession, base: string, exitForm: string): string {
    const inst = this.flow.institution(session.institution_id)!;
    const updating = token.update_item_id !== null;
    const heading = updating ? `Reconnect to ${esc(inst.name)}` : `Log in to ${esc(inst.name)}`;
    const error = session.page_error
      ? `<div class="error" role="alert" data-testid="credential-error">${esc(session.page_error)}</div>`
      : '';
    const back = updating
      ? ''
      : `<form method="post" action="${base}/back"><button class="link" type="submit" data-testid="back">← ` +
        `Choose a different bank</button></form>`;
    return page(
      'credentials',
      heading,
      `<h1>${heading}</h1>
<p class="sub">${updating ? 'Your connection needs you to log in again.' : 'Enter your online banking credentials.'}</p>
${error}<form method="post" action="${base}/credentials" style="display:flex;flex-direction:column;flex:1">
<label class="field" for="username">Username</label>
<input type="text" id="username" name="username" autocomplete="username" required>
<label class="field" for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password" required>
<p class="hint">Sandbox: user_good / pass_good</p>
<button class="primary" type="submit" data-testid="submit-credentials">Submit</button></form>${back}`,
      exitForm,
    );
  }

  private accountsStep(session: LinkSession, base: string, exitForm: string): string {
    const accounts: Account[] = session.offered_accounts ?? [];
    const rows = accounts.map(
      (a) =>
        `<li><label class="acct">
<input type="checkbox" name="account_id" value="${esc(a.account_id)}" checked ` +
        `data-testid="account-${esc(a.account_id)}">
<span><span class="name">${esc(a.name)}</span><br>` +
        `<span class="meta">${esc(a.subtype)}${a.mask ? ` ••${esc(a.mask)}` : ''}</span></span>
<span class="bal">${esc(money(a.balances.current, a.balances.iso_currency_code))}</span></label></li>`,
    );
    const error = session.page_error
      ? `<div class="error" role="alert" data-testid="credential-error">${esc(session.page_error)}</div>`
      : '';
    return page(
      'accounts',
      'Select accounts',
      `<h1>Select accounts</h1>
<p class="sub">Choose the accounts to share.</p>${error}
<form method="post" action="${base}/accounts" style="display:flex;flex-direction:column;flex:1;min-height:0">
<ul class="list">${rows.join('')}</ul>
<button class="primary" type="submit" data-testid="continue">Continue</button></form>`,
      exitForm,
    );
  }

  private donePage(token: LinkTokenRecord): string {
    const last = token.sessions.at(-1);
    const ok = last?.outcome === 'success';
    return page(
      'done',
      ok ? 'Connected' : 'Closed',
      `<div class="center" data-testid="done">
<div class="check">${ok ? '✓' : '×'}</div>
<h1>${ok ? 'Success' : 'Session closed'}</h1>
<p class="sub">You can close this window${ok ? '' : ' and go back to ' + esc(token.client_name)}.</p></div>`,
      '',
    );
  }

  private redirect(res: ServerResponse, location: string): void {
    res.writeHead(303, { location, 'cache-control': 'no-store' });
    res.end();
  }

  private send(res: ServerResponse, status: number, html: string): void {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html);
  }
}

export async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
