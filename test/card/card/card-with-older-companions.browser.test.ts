/// <reference types="mocha" />
// This release's built card (dist/) with the sensors of older companions: those
// of 0.1.0 (REST and MQTT) and those from before it, which carry the last
// refresh on every balance sensor. No row may call them unreadable.
import { expect } from '@open-wc/testing';
import type { HassEntities } from 'home-assistant-js-websocket';
import before010 from '../../protocol/fixtures/pre-0.1.0/rest-states.json' with { type: 'json' };
import rest010 from '../../protocol/fixtures/0.1.0/rest-states.json' with { type: 'json' };
import mqtt010 from '../../protocol/fixtures/0.1.0/mqtt-states.json' with { type: 'json' };
import { fakeHass } from '../fixtures/hass-fixture.js';
import { releaseStates, rowsOf } from '../fixtures/release-states.js';

type Lovelace = HTMLElement & { setConfig(c: object): void; hass: unknown; updateComplete: Promise<unknown> };

async function showCard(states: HassEntities, language: string): Promise<Lovelace> {
  await import(/* @vite-ignore */ new URL('../../../dist/plaid-balance-card.js', import.meta.url).href);
  const card = document.createElement('plaid-balance-card') as Lovelace;
  card.setConfig({ type: 'custom:plaid-balance-card' });
  card.hass = fakeHass({ states, language });
  document.body.append(card);
  await card.updateComplete;
  return card;
}

const COMPANIONS = { 'from before 0.1.0': before010, '0.1.0 over REST': rest010, '0.1.0 over MQTT': mqtt010 };

describe("this release's card with an older companion's sensors", () => {
  for (const [companion, frozen] of Object.entries(COMPANIONS))
    for (const [language, malformed] of [
      ['en', 'Unreadable data'],
      ['de', 'Unlesbare Daten'],
    ])
      it(`reads every row of a companion ${companion} (${language})`, async () => {
        const card = await showCard(releaseStates(frozen), language);
        const rows = rowsOf(card);
        expect(rows).to.have.length(3);
        for (const row of rows) expect(row.badges, row.text).not.to.include(malformed);
        // The linked bank's rows were refreshed just now, by its sensor or by their own attribute.
        const platypus = rows.filter((r) => /Plaid (Checking|Credit Card)/.test(r.text));
        expect(platypus).to.have.length(2);
        for (const row of platypus) expect(row.badges, row.text).to.deep.equal([]);
        card.remove();
      });
});
