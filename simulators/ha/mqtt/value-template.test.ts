import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TemplateUnsupported, ValueTemplate } from './value-template.js';

const ERROR = Symbol('error');

describe('the simulated MQTT value templates', () => {
  it('picks fields out of a JSON payload, by attribute or item, and strips the result', () => {
    const payload = JSON.stringify({ amount: 12.5, last_reset: '2026-12-01T00:00:00-08:00', list: [{ a: 'x' }] });
    assert.equal(new ValueTemplate('{{ value_json.amount }}').render(payload), '12.5');
    assert.equal(new ValueTemplate("{{ value_json['last_reset'] }}").render(payload), '2026-12-01T00:00:00-08:00');
    assert.equal(new ValueTemplate('{{value_json.list[0]["a"]}}').render(payload), 'x');
    assert.equal(new ValueTemplate('  at {{ value }}  ').render('7'), 'at 7');
    assert.equal(new ValueTemplate(' static ').render('7'), ' static ', 'a static template is not rendered');
  });

  it("writes Python's str() of what it picks", () => {
    const payload = JSON.stringify({ t: true, n: null, o: { k: 'v' } });
    assert.equal(new ValueTemplate('{{ value_json.t }}').render(payload), 'True');
    assert.equal(new ValueTemplate('{{ value_json.n }}').render(payload), 'None');
    assert.equal(new ValueTemplate('{{ value_json.o }}').render(payload), "{'k': 'v'}");
  });

  it('renders an undefined field as empty, and a lookup on something undefined as an error', () => {
    const t = new ValueTemplate('{{ value_json.missing }}');
    assert.equal(t.render('{"a": 1}'), '');
    const deep = new ValueTemplate('{{ value_json.missing.deeper }}');
    assert.equal(deep.render('{"a": 1}', ERROR), ERROR);
    assert.equal(deep.render('{"a": 1}'), '{"a": 1}', 'without an error value HA returns the payload');
    assert.equal(new ValueTemplate('{{ value_json.a }}').render('not json', ERROR), ERROR);
  });

  it('refuses templates outside the subset instead of rendering them wrongly', () => {
    for (const source of ['{{ value_json.a | float }}', '{% if value %}1{% endif %}', '{{ states("x") }}', '{{ value'])
      assert.throws(() => new ValueTemplate(source), TemplateUnsupported, source);
  });
});
