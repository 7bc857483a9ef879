// HA's login over HTTP as the frontend uses it: providers, a login flow with
// the homeassistant provider, the token endpoint's two grants, and access
// tokens that the REST API accepts until they expire.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { HA_FRONTEND_DIR } from './frontend-files.js';
import { startHaSim, type HaSim } from './ha-server.js';

describe('HA sim login (auth API)', () => {
  let sim: HaSim;
  let clientId: string;

  before(async () => {
    sim = await startHaSim({ adminPassword: 'correct horse', frontend: {} });
    clientId = `${sim.url}/`;
  });

  after(async () => {
    await sim.close();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${sim.url}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });

  /** What HAWS sends: a FormData (multipart). */
  const token = (fields: Record<string, string>) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    return fetch(`${sim.url}/auth/token`, { method: 'POST', body: form });
  };

  async function logIn(
    username: string,
    password: string,
  ): Promise<{ type: string; result?: string; errors?: Record<string, string> }> {
    const start = (await (
      await post('/auth/login_flow', {
        client_id: clientId,
        handler: ['homeassistant', null],
        redirect_uri: `${clientId}?auth_callback=1`,
      })
    ).json()) as {
      flow_id: string;
    };
    return (await (
      await post(`/auth/login_flow/${start.flow_id}`, { client_id: clientId, username, password })
    ).json()) as never;
  }

  const states = (accessToken: string) =>
    fetch(`${sim.url}/api/states`, { headers: { Authorization: `Bearer ${accessToken}` } });

  it('lists the homeassistant provider and refuses a redirect to another origin', async () => {
    const providers = (await (await fetch(`${sim.url}/auth/providers`)).json()) as {
      providers: Array<{ type: string }>;
    };
    assert.deepEqual(
      providers.providers.map((p) => p.type),
      ['homeassistant'],
    );
    const res = await post('/auth/login_flow', {
      client_id: clientId,
      handler: ['homeassistant', null],
      redirect_uri: 'http://evil.example/',
    });
    assert.equal(res.status, 400);
  });

  /** The translation fragment the authorize page fetches (ha-authorize's `translationFragment`), as it asks for it. */
  async function authorizePageStrings(language: string): Promise<Record<string, string>> {
    const dir = join(HA_FRONTEND_DIR, 'static/translations/page-authorize');
    const file = readdirSync(dir).find((f) => new RegExp(`^${language}-[0-9a-f]+\\.json$`).test(f));
    assert.ok(file, `no page-authorize strings for ${language}`);
    const res = await fetch(`${sim.url}/static/translations/page-authorize/${file}`);
    assert.equal(res.status, 200);
    return (await res.json()) as Record<string, string>;
  }

  it("labels the login form's fields as HA's authorize page does, in English and German", async () => {
    const form = (await (
      await post('/auth/login_flow', {
        client_id: clientId,
        handler: ['homeassistant', null],
        redirect_uri: `${clientId}?auth_callback=1`,
      })
    ).json()) as { handler: [string, null]; step_id: string; data_schema: Array<{ name: string }> };
    assert.deepEqual(form.handler, ['homeassistant', null]);
    // ha-auth-flow's label for a field: ui.panel.page-authorize.form.providers.<handler>.step.<step>.data.<name>.
    const label = (strings: Record<string, string>, name: string) =>
      strings[`ui.panel.page-authorize.form.providers.${form.handler[0]}.step.${form.step_id}.data.${name}`];
    const en = await authorizePageStrings('en');
    const de = await authorizePageStrings('de');
    assert.deepEqual(
      form.data_schema.map((f) => [label(en, f.name), label(de, f.name)]),
      [
        ['Username', 'Benutzername'],
        ['Password', 'Passwort'],
      ],
    );
    // A wrong password's message (errors.base = invalid_auth) is found the same way.
    assert.equal(
      en[`ui.panel.page-authorize.form.providers.${form.handler[0]}.error.invalid_auth`],
      'Invalid username or password',
    );
  });

  it('re-shows the form with invalid_auth for a wrong password', async () => {
    const result = await logIn('admin', 'wrong');
    assert.equal(result.type, 'form');
    assert.deepEqual(result.errors, { base: 'invalid_auth' });
  });

  it('trades a single-use code for tokens; the access token works; a refresh gives a new one', async () => {
    const result = await logIn(' Admin ', 'correct horse');
    assert.equal(result.type, 'create_entry');
    const granted = await token({ grant_type: 'authorization_code', code: result.result!, client_id: clientId });
    assert.equal(granted.status, 200);
    const tokens = (await granted.json()) as {
      access_token: string;
      refresh_token: string;
      expires_in: number;
      token_type: string;
    };
    assert.equal(tokens.token_type, 'Bearer');
    assert.equal(tokens.expires_in, 1800);
    assert.equal((await states(tokens.access_token)).status, 200);
    const again = await token({ grant_type: 'authorization_code', code: result.result!, client_id: clientId });
    assert.deepEqual(await again.json(), { error: 'invalid_request', error_description: 'Invalid code' });

    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: clientId,
    });
    const fresh = (await refreshed.json()) as { access_token: string; refresh_token?: string };
    assert.equal(fresh.refresh_token, undefined, 'a refresh grant returns no new refresh token');
    assert.equal((await states(fresh.access_token)).status, 200);
    const otherClient = await token({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
      client_id: 'http://other.example/',
    });
    assert.equal(otherClient.status, 400);
    assert.equal((await states(`${fresh.access_token.slice(0, -2)}xx`)).status, 401, 'a forged signature is refused');
  });

  it('refuses an access token once it expired, until the client refreshes', async () => {
    sim.hass.auth.accessTokenExpirationMs = 1000;
    try {
      const result = await logIn('admin', 'correct horse');
      const tokens = (await (
        await token({ grant_type: 'authorization_code', code: result.result!, client_id: clientId })
      ).json()) as {
        access_token: string;
        refresh_token: string;
      };
      await new Promise((r) => setTimeout(r, 2100));
      assert.equal((await states(tokens.access_token)).status, 401);
      const refreshed = (await (
        await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: clientId })
      ).json()) as {
        access_token: string;
      };
      assert.equal((await states(refreshed.access_token)).status, 200);
    } finally {
      sim.hass.auth.accessTokenExpirationMs = 30 * 60 * 1000;
    }
  });
});
