import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lastResetFromPayload } from './last-reset.js';
import { ValueTemplate } from './value-template.js';

const template = new ValueTemplate('{{ value_json.last_reset }}');

describe("the simulated MQTT sensor's last_reset (sensor.py _update_last_reset)", () => {
  it("renders the template against the state topic's payload and keeps the offset as sent", () => {
    assert.deepEqual(
      lastResetFromPayload('t', JSON.stringify({ value: 12, last_reset: '2026-12-01T00:00:00-08:00' }), template),
      { kind: 'set', lastReset: '2026-12-01T00:00:00-08:00' },
    );
  });

  it('ignores an empty result and logs an invalid one', () => {
    assert.deepEqual(lastResetFromPayload('t', '{"value": 12}', template), {
      kind: 'ignored',
      log: "Ignoring empty last_reset message from 't'",
    });
    assert.deepEqual(lastResetFromPayload('t', '{"last_reset": "soon"}', template), {
      kind: 'ignored',
      log: `Invalid last_reset message '{"last_reset": "soon"}' from 't'`,
    });
  });
});
