/// <reference types="mocha" />
// The card of release 0.1.0, as HACS installed it (its committed bundle), with
// this release's sensors: a home that updated the companion but not the card.
import { expect } from '@open-wc/testing';
import restNow from '../../protocol/fixtures/0.2.0/rest-states.json' with { type: 'json' };
import mqttNow from '../../protocol/fixtures/0.2.0/mqtt-states.json' with { type: 'json' };
import { fakeHass } from '../fixtures/hass-fixture.js';
import { releaseStates, rowsOf } from '../fixtures/release-states.js';

type Lovelace = HTMLElement & { setConfig(c: object): void; hass: unknown; updateComplete: Promise<unknown> };

describe("the 0.1.0 card with this release's companion", () => {
  for (const [transport, frozen] of Object.entries({ REST: restNow, MQTT: mqttNow }))
    for (const [language, malformed] of [
      ['en', 'Unreadable data'],
      ['de', 'Unlesbare Daten'],
    ])
      it(`reads every row of its sensors over ${transport} (${language})`, async () => {
        const entry = new URL('../fixtures/card-0.1.0/plaid-balance-card-0.1.0.js', import.meta.url);
        await import(/* @vite-ignore */ entry.href);
        const card = document.createElement('plaid-balance-card') as Lovelace;
        card.setConfig({ type: 'custom:plaid-balance-card' });
        card.hass = fakeHass({ states: releaseStates(frozen), language });
        document.body.append(card);
        await card.updateComplete;
        const rows = rowsOf(card);
        expect(rows).to.have.length(3);
        for (const row of rows) expect(row.badges, row.text).not.to.include(malformed);
        const platypus = rows.filter((r) => /Plaid (Checking|Credit Card)/.test(r.text));
        expect(platypus).to.have.length(2);
        for (const row of platypus) expect(row.badges, row.text).to.deep.equal([]);
        card.remove();
      });
});
