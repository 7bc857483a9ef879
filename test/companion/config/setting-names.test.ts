// A setting's flag, environment variable and add-on option follow from its
// key; the names users already set (the README's table, the add-on's options)
// must come out of that rule unchanged.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { SETTINGS, settingNames } from '../../../src/companion/config/config.js';

it('derives the flag, the environment variable and the add-on option from a camelCase name', () => {
  assert.deepEqual(settingNames('mqttDiscoveryPrefix'), {
    flag: 'mqtt-discovery-prefix',
    env: 'MQTT_DISCOVERY_PREFIX',
    option: 'mqtt_discovery_prefix',
  });
  const poll = SETTINGS.find((s) => s.key === 'pollIntervalMs')!;
  assert.deepEqual([poll.flag, poll.env, poll.option], ['poll-interval', 'POLL_INTERVAL', 'poll_interval']);
});

it("gives every setting the names the README's settings table documents, in its order", () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const rows = [...readme.matchAll(/^\| `([A-Z_]+)` \| `(--[a-z-]+)` \|/gm)].map((m) => `${m[1]} ${m[2]}`);
  assert.deepEqual(
    rows,
    SETTINGS.map((s) => `${s.env} --${s.flag}`),
  );
  for (const s of SETTINGS) assert.equal(s.option, s.env.toLowerCase(), s.env);
});
