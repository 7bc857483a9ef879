// Every wire format frozen per release (test/protocol/fixtures/<release>/, made
// by each release's own code from wire-samples.ts and message-samples.ts).
// Today's code must write exactly the current release's fixtures, so a format
// change fails here until a new release's fixtures are added; and today's
// readers must take what earlier releases wrote. The 0.1.0 card and companion
// validate with superstruct's object(), which refuses keys it does not know:
// what today's side sends them has to be what 0.1.0's side sent.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { validate } from 'superstruct';
import { buildAccounts } from '../../src/card/accounts.js';
import * as discovery from '../../src/companion/entities/mqtt/discovery.js';
import * as sensorStates from '../../src/companion/entities/sensor-states.js';
import * as transactionStates from '../../src/companion/entities/transaction-states.js';
import * as builders from '../../src/protocol/builders.js';
import {
  AcceptanceSchema,
  DueAttributesSchema,
  FlowEventSchema,
  RELEASE,
  isBalanceAttributes,
  parseRequest,
  parseResponse,
  parseResult,
  type Action,
} from '../../src/protocol/index.js';
import { CARD_OUTDATED_MESSAGE } from '../../src/protocol/sealed-link-schema.js';
import { protocolMessages, type Messages, type ProtocolCode } from './message-samples.js';
import { discoveryMessages, haMqttStates, readableMessages, restStates } from './wire-samples.js';

const CURRENT = '0.3.0';
const fixture = <T>(release: string, name: string): T =>
  JSON.parse(readFileSync(new URL(`fixtures/${release}/${name}.json`, import.meta.url), 'utf8')) as T;

interface State {
  entity_id: string;
  state: string;
  attributes: Record<string, unknown>;
}
const balances = (states: State[]) => states.filter((s) => s.attributes.plaid_balance !== undefined);
const statesById = (states: State[]) => Object.fromEntries(states.map((s) => [s.entity_id, s]));

describe('wire formats of this release', () => {
  it('the fixtures are of the release package.json names', () => {
    assert.equal(RELEASE, CURRENT, `add test/protocol/fixtures/${RELEASE}/ and point CURRENT at it`);
  });

  it('sensor states over REST are the frozen ones', () => {
    assert.deepEqual(restStates({ ...sensorStates, ...transactionStates }), fixture(CURRENT, 'rest-states'));
  });

  it('MQTT discovery, and the states HA makes of it, are the frozen ones', () => {
    const messages = discoveryMessages(discovery, CURRENT);
    assert.deepEqual(readableMessages(messages), fixture(CURRENT, 'mqtt-discovery'));
    assert.deepEqual(haMqttStates(messages), fixture(CURRENT, 'mqtt-states'));
  });

  it('every due sensor, over REST and over MQTT, carries the one due block', () => {
    for (const name of ['rest-states', 'mqtt-states']) {
      const dues = fixture<State[]>(CURRENT, name).filter((s) => s.attributes.plaid_balance_due !== undefined);
      assert.equal(dues.length, 5, name);
      for (const s of dues) assert.equal(validate(s.attributes, DueAttributesSchema)[0], undefined, s.entity_id);
    }
  });

  it('card ↔ companion messages are the frozen ones', () => {
    assert.deepEqual(
      JSON.parse(JSON.stringify(protocolMessages(builders as unknown as ProtocolCode, CURRENT))),
      fixture(CURRENT, 'messages'),
    );
  });
});

describe("today's readers and what earlier releases wrote", () => {
  const sensorFixtures: Array<[string, string]> = [
    ['pre-0.1.0', 'rest-states'],
    ['0.1.0', 'rest-states'],
    ['0.1.0', 'mqtt-states'],
    ['0.2.0', 'rest-states'],
    ['0.2.0', 'mqtt-states'],
    [CURRENT, 'rest-states'],
    [CURRENT, 'mqtt-states'],
  ];
  for (const [release, name] of sensorFixtures) {
    it(`the card reads every balance sensor of ${release} (${name}) without calling it malformed`, () => {
      const states = fixture<State[]>(release, name);
      for (const s of balances(states)) assert.ok(isBalanceAttributes(s.attributes), `${release} ${s.entity_id}`);
      const accounts = buildAccounts(
        statesById(states) as never,
        balances(states).map((s) => s.entity_id),
      );
      assert.equal(accounts.length, 3);
      for (const a of accounts) assert.equal(a.malformed, false, a.key);
    });
  }

  it('a companion from before 0.1.0 gives each account its last refresh on the sensor itself', () => {
    const states = fixture<State[]>('pre-0.1.0', 'rest-states');
    const accounts = buildAccounts(
      statesById(states) as never,
      balances(states).map((s) => s.entity_id),
    );
    assert.deepEqual(
      accounts.map((a) => [a.lastRefreshedEntity, a.lastRefreshed]),
      [
        [null, '2026-12-01T08:00:00.000Z'],
        [null, '2026-12-01T08:00:00.000Z'],
        [null, null],
      ],
    );
  });

  it('0.1.0 balance attributes are still written, key for key (the 0.1.0 card needs each of them)', () => {
    const old = balances(fixture<State[]>('0.1.0', 'rest-states'));
    const now = statesById(balances(fixture<State[]>(CURRENT, 'rest-states')));
    for (const s of old)
      for (const key of Object.keys(s.attributes)) assert.ok(key in now[s.entity_id]!.attributes, key);
  });

  it("today's companion takes every request of a 0.1.0 card, and of this release's", () => {
    for (const release of ['0.1.0', '0.2.0', CURRENT])
      for (const [action, request] of Object.entries(fixture<Messages>(release, 'messages').requests)) {
        if (release === '0.1.0' && action === 'flow/start') continue;
        const parsed = parseRequest(request);
        assert.ok(parsed.ok, `${release} ${action}: ${parsed.ok ? '' : parsed.error.message}`);
      }
  });

  it("today's card takes the answers only a card of 0.3.0 or later gets (payment due dates)", () => {
    const gated = fixture<Messages>(CURRENT, 'messages').due_dates_results ?? {};
    assert.ok(Object.keys(gated).length > 0);
    for (const [action, response] of Object.entries(gated)) {
      const envelope = parseResponse(response);
      assert.ok(envelope.ok && envelope.value.ok, action);
      const result = parseResult(action as Action, envelope.value.result);
      assert.ok(result.ok, `${action}: ${result.ok ? '' : result.error.message}`);
    }
  });

  it("a 0.1.0 card's flow/start, sealed with version 1, is refused with words saying to update the card", () => {
    const parsed = parseRequest(fixture<Messages>('0.1.0', 'messages').requests['flow/start']);
    assert.equal(parsed.ok, false);
    assert.equal(parsed.ok ? '' : parsed.error.message, CARD_OUTDATED_MESSAGE);
  });

  it("today's card takes every answer and flow event of a 0.1.0 companion", () => {
    const old = fixture<Messages>('0.1.0', 'messages');
    // Version 1 seals come only in answer to a version 1 key, which this card never sends: a 0.1.0 companion refuses
    // this card's key first, and the dialog says to update the companion (test/card/dialog/dialog-flow.test.ts).
    const sealedV1 = (message: object) => JSON.stringify(message).includes('"sealed_url":{"key"');
    for (const [action, response] of Object.entries(old.results)) {
      if (sealedV1(response)) continue;
      const envelope = parseResponse(response);
      assert.ok(envelope.ok && envelope.value.ok, action);
      assert.ok(parseResult(action as Action, envelope.value.result).ok, action);
    }
    assert.ok(parseResponse(old.error).ok);
    assert.equal(validate(old.accepted, AcceptanceSchema)[0], undefined);
    for (const [type, event] of Object.entries(old.flow_events))
      if (!sealedV1(event)) assert.equal(validate(event, FlowEventSchema)[0], undefined, type);
  });

  it('what a 0.1.0 card or companion would refuse is unchanged: answers, events, and the ping', () => {
    const [old, now] = [fixture<Messages>('0.1.0', 'messages'), fixture<Messages>(CURRENT, 'messages')];
    // All but the seal, whose version 2 a 0.1.0 card cannot meet (its own key is refused first, in words).
    const unsealed = (messages: object) =>
      JSON.parse(JSON.stringify(messages).replace(/"sealed_url":\{[^}]*\}/g, '"sealed_url":{}'));
    assert.deepEqual(unsealed(now.results), unsealed(old.results));
    assert.deepEqual(now.error, old.error);
    assert.deepEqual(now.accepted, old.accepted);
    assert.deepEqual(unsealed(now.flow_events), unsealed(old.flow_events));
    // The card's release goes only into requests after a ping said the companion takes it.
    assert.deepEqual(now.requests.ping, old.requests.ping);
  });

  it("today's companion keeps every MQTT entity of 0.1.0, so their history goes on after the update", () => {
    const configs = (release: string) =>
      fixture<Array<{ topic: string; payload: { unique_id?: string } }>>(release, 'mqtt-discovery')
        .filter((m) => m.topic.endsWith('/config'))
        .map((m) => `${m.topic} ${m.payload.unique_id}`);
    const now = new Set(configs(CURRENT));
    for (const config of configs('0.1.0')) assert.ok(now.has(config), config);
  });
});
