import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventFromPayload, eventStateTime } from './event-payload.js';
import { ValueTemplate } from './value-template.js';

const entity = { entityId: 'event.card_transactions', eventTypes: ['purchase', 'refund'], valueTemplate: null };
const message = (payload: string, retain = false) => ({ topic: 'bank/tx', payload, retain });

describe("the simulated MQTT event entity's payload handling (event.py)", () => {
  it('takes event_type out of a JSON object and keeps every other key as it is', () => {
    const outcome = eventFromPayload(
      message(JSON.stringify({ event_type: 'purchase', amount: 12.5, friendly_name: 'kept', nested: { a: 1 } })),
      entity,
    );
    assert.deepEqual(outcome, {
      kind: 'event',
      eventType: 'purchase',
      attributes: { amount: 12.5, friendly_name: 'kept', nested: { a: 1 } },
    });
  });

  it('ignores a retained message: a replay, not an event', () => {
    const outcome = eventFromPayload(message('{"event_type": "purchase"}', true), entity);
    assert.equal(outcome.kind, 'ignored');
    assert.equal(outcome.kind === 'ignored' && outcome.level, 'debug');
  });

  it('logs a warning for an unknown type, a missing type and a payload that is no JSON object', () => {
    const warn = (payload: string) => {
      const outcome = eventFromPayload(message(payload), entity);
      assert.equal(outcome.kind, 'ignored');
      return outcome.kind === 'ignored' ? `${outcome.level}: ${outcome.log}` : '';
    };
    assert.equal(
      warn('{"event_type": "income"}'),
      'warning: Invalid event type income for event.card_transactions received on topic bank/tx, ' +
        'payload {"event_type": "income"}',
    );
    assert.match(warn('{"amount": 1}'), /^warning: `event_type` missing in JSON event payload/);
    assert.match(warn('[1, 2]'), /^warning: No valid JSON event payload detected/);
    assert.match(warn('purchase'), /^warning: No valid JSON event payload detected/);
    for (const empty of ['', 'None', '{}']) assert.match(warn(empty), /^debug: Ignoring empty payload/);
  });

  it('renders the value template first, and ignores the message when it fails', () => {
    const templated = { ...entity, valueTemplate: new ValueTemplate('{{ value_json.tx }}') };
    const inner = JSON.stringify({ event_type: 'refund', amount: 3 });
    assert.deepEqual(eventFromPayload(message(JSON.stringify({ tx: inner })), templated), {
      kind: 'event',
      eventType: 'refund',
      attributes: { amount: 3 },
    });
    const dict = eventFromPayload(message(JSON.stringify({ tx: { event_type: 'refund' } })), templated);
    assert.match(
      dict.kind === 'ignored' ? dict.log : '',
      /No valid JSON event payload detected, value after processing payload '\{'event_type': 'refund'\}'/,
      "a dict renders as Python's repr, which is no JSON, in HA too",
    );
    const failing = { ...entity, valueTemplate: new ValueTemplate('{{ value_json.a.b }}') };
    assert.equal(eventFromPayload(message(inner), failing).kind, 'ignored');
  });

  it('states the time of the event with milliseconds, as isoformat(timespec="milliseconds")', () => {
    assert.equal(eventStateTime(Date.UTC(2026, 11, 8, 4, 5, 6, 7)), '2026-12-08T04:05:06.007+00:00');
  });
});
