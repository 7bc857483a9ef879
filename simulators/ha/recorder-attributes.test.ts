import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_STATE_ATTRS_BYTES, recordedAttributes, sharedAttrs, sharedData } from './recorder-attributes.js';

describe("what HA's recorder keeps of attributes and event data", () => {
  it('drops the attributes no domain records and the entity’s unrecorded ones, as compact JSON', () => {
    const attrs = { event_types: ['purchase'], event_type: 'purchase', attribution: 'x', supported_features: 0, é: 1 };
    const shared = sharedAttrs(attrs, ['event_types']);
    assert.equal(shared.text, '{"event_type":"purchase","é":1}');
    assert.equal(shared.bytes, shared.text.length + 1, 'UTF-8 bytes: é is two');
    assert.deepEqual(recordedAttributes(attrs, ['event_types']), { event_type: 'purchase', é: 1 });
  });

  it('stores {} for attributes over 16 KB and for a removed state', () => {
    const big = { list: 'x'.repeat(MAX_STATE_ATTRS_BYTES) };
    assert.deepEqual(sharedAttrs(big), { text: '{}', bytes: 2, oversized: true });
    assert.equal(sharedAttrs({ list: 'x'.repeat(MAX_STATE_ATTRS_BYTES - 11) }).oversized, false, 'exactly 16384');
    assert.equal(sharedAttrs(null).text, '{}');
    assert.equal(sharedData({ big: 'y'.repeat(40_000) }).text, '{}');
  });
});
