/**
 * The automation blueprints in blueprints/ against what HA accepts and what
 * the companion publishes. HA's side: the blueprint schema
 * (components/blueprint/schemas.py), the selectors (helpers/selector.py) and
 * the automation syntax of 2024.10+ (components/automation/config.py:
 * `triggers:` with `trigger:`, `conditions:`, `actions:`), checked by
 * ha-blueprint-schema.ts. The companion's
 * side: real states, from sensor-states.ts as the REST transport writes them
 * and from discovery.ts's messages as HA's MQTT integration (the simulator's,
 * on Debian's Mosquitto) turns them into entities. A renamed attribute, entity
 * domain or device class fails here instead of in a user's automation. The
 * large-purchase blueprint is also held to the transaction events: the MQTT
 * event entities as HA makes them from a real event on the broker, and the bus
 * event a companion without a broker fires (TransactionEventDataSchema).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import mqtt from 'mqtt';
import {
  balanceEntityId,
  itemStates,
  problemEntityId,
  type EntityState,
} from '../../src/companion/entities/sensor-states.js';
import { dueEntities } from '../../src/companion/entities/due-states.js';
import { companionMessages, itemMessages } from '../../src/companion/entities/mqtt/discovery.js';
import { transactionEventTopic } from '../../src/companion/entities/mqtt/transaction-discovery.js';
import { OFFLINE, ONLINE, STATUS_TOPIC } from '../../src/companion/entities/mqtt/topics.js';
import type { StoredItem } from '../../src/companion/store/token-store.js';
import {
  ACCOUNT_TYPES,
  BALANCE_KINDS,
  DueAttributesSchema,
  ITEM_STATUSES,
  LIABILITY_TYPES,
  PROJECT_URL,
  TRANSACTION_EVENT,
  TRANSACTION_EVENT_TYPES,
  TransactionEventDataSchema,
  transactionEventId,
} from '../../src/protocol/index.js';
import { startHaSim, type HaSim } from '../../simulators/ha/ha-server.js';
import type { StoredState } from '../../simulators/ha/state-machine.js';
import { HA_RELEASE } from '../../simulators/ha/ha-release.js';
import { attachMqtt, type MqttIntegration } from '../../simulators/ha/mqtt/mqtt-integration.js';
import { Mosquitto } from '../../simulators/mosquitto/mosquitto.js';
import { storedItem } from '../companion/helpers/fixtures.js';
import { waitUntil } from '../companion/helpers/harness.js';
import { transactionEvent, transactionsItem } from '../companion/helpers/transaction-items.js';
import {
  asList,
  attributeLiterals,
  attributeReads,
  automationBody,
  automationProblems,
  blueprintSchemaProblems,
  declaredInputs,
  InputRef,
  inputRefs,
  isObj,
  loadBlueprints,
  ROOT,
  templates,
  type Obj,
} from './ha-blueprint-schema.js';
import { eventDataReads, eventDataVariables, eventTypeLiterals } from './transaction-event-reads.js';

// ---------------------------------------------------------------- the companion's entities

/**
 * An Item that is fine, its credit card with a payment due (its due sensors) and its accounts with transaction
 * event entities, and one whose bank wants the user to sign in again (its problem sensor on).
 */
const OK_ITEM = transactionsItem(
  {},
  { due_dates: { status: 'ok', checked_at: '2025-01-01T00:00:00.000Z', error: null } },
);
OK_ITEM.accounts[1]!.due = {
  next_payment_due_date: '2025-01-05',
  minimum_payment: 20,
  last_statement_balance: 410,
  last_statement_date: '2024-12-10',
  apr: 12.5,
  is_overdue: false,
};
const LOGIN_ITEM: StoredItem = storedItem({
  item_id: 'item-bbbb2222',
  institution_name: 'Second Wombat Credit Union',
  entity_label: 'Second Wombat Credit Union',
  status: 'login_required',
  error: { error_code: 'ITEM_LOGIN_REQUIRED', display_message: 'Your bank wants you to sign in again.' },
});
const ITEMS = [OK_ITEM, LOGIN_ITEM];

/** The kinds of companion entity a blueprint input is for, by entity id. */
const ENTITY_KINDS: Record<string, string[]> = {
  balance: ITEMS.flatMap((i) => i.accounts.flatMap((a) => a.kinds.map((k) => balanceEntityId(i, a, k)))),
  problem: ITEMS.map(problemEntityId),
  due_date: ITEMS.flatMap(dueEntities)
    .filter((e) => e.field === 'next_payment_due_date')
    .map((e) => e.entity_id),
  transaction_event: OK_ITEM.accounts.map((a) => transactionEventId(OK_ITEM.entity_label, a.mask, a.account_id)),
};

/** Kinds only MQTT has: without a broker the companion fires TRANSACTION_EVENT on HA's bus instead. */
const MQTT_ONLY: readonly string[] = ['transaction_event'];

/** A purchase on each of OK_ITEM's accounts, as the companion publishes it to the account's event entity. */
const EVENTS = OK_ITEM.accounts.map((a, i) =>
  transactionEvent({ transaction_id: `tx-${i}`, account: a.name, mask: a.mask, plaid_account_id: a.account_id }),
);

function idsIn(transport: 'rest' | 'mqtt'): string[] {
  return Object.entries(ENTITY_KINDS).flatMap(([kind, ids]) =>
    transport === 'rest' && MQTT_ONLY.includes(kind) ? [] : ids,
  );
}

/**
 * What each blueprint's entity inputs are for. A new blueprint (or entity
 * input) must say so here, so that its filters and the attributes it reads
 * are held to the companion's entities.
 */
const PURPOSE: Record<string, Record<string, keyof typeof ENTITY_KINDS>> = {
  'low_balance.yaml': { balance_sensors: 'balance' },
  'bank_needs_reconnecting.yaml': { problem_sensors: 'problem' },
  'payment_due.yaml': { due_sensors: 'due_date' },
  'large_purchase.yaml': { transaction_entities: 'transaction_event', balance_sensors: 'balance' },
};

/** Protocol values of the attributes templates compare with literals. */
const ATTRIBUTE_VALUES: Record<string, readonly string[]> = {
  item_status: ITEM_STATUSES,
  account_type: ACCOUNT_TYPES,
  balance_kind: BALANCE_KINDS,
};

interface HaState {
  transport: 'rest' | 'mqtt';
  entity_id: string;
  state: string;
  attributes: Obj;
  /** The entity registry's platform (the selector's `integration`); REST states have no registry entry. */
  integration: string | undefined;
}

function restStates(): HaState[] {
  return ITEMS.flatMap((i) => itemStates(i)).map((s: EntityState) => ({
    transport: 'rest' as const,
    entity_id: s.entity_id,
    state: s.state,
    attributes: s.attributes,
    integration: undefined,
  }));
}

/** The selector filters (legacy keys beside `filter`, and each `filter` entry) an entity must pass one of. */
function entityFilters(options: Obj): Obj[] {
  const legacy = Object.fromEntries(
    Object.entries(options).filter(([k]) => ['integration', 'domain', 'device_class'].includes(k)),
  );
  const filters = asList(options.filter).filter(isObj);
  if (filters.length === 0) return [legacy];
  return filters.map((f) => ({ ...legacy, ...f }));
}

function passes(state: HaState, filter: Obj): boolean {
  const domain = state.entity_id.split('.')[0]!;
  if ('domain' in filter && !asList(filter.domain).includes(domain)) return false;
  if ('device_class' in filter && !asList(filter.device_class).includes(state.attributes.device_class)) return false;
  if ('integration' in filter && filter.integration !== state.integration) return false;
  return true;
}

/** The value at `path`, `undefined` when a key is missing, `null` when a parent on the way is null. */
function at(attributes: Obj, path: readonly string[]): unknown {
  let value: unknown = attributes;
  for (const key of path) {
    if (value === null) return null;
    if (!isObj(value) || !Object.hasOwn(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

/** Whether a state change passes HA's state trigger (its not_from/not_to) and is a transaction not seen before. */
function newTransaction(trigger: Obj, from: StoredState | null, to: StoredState | null): boolean {
  if (!from || !to || from.state === to.state) return false;
  if (asList(trigger.not_from).includes(from.state) || asList(trigger.not_to).includes(to.state)) return false;
  return from.attributes.transaction_id !== to.attributes.transaction_id;
}

// ---------------------------------------------------------------- the tests

describe('automation blueprints', () => {
  const blueprints = loadBlueprints();
  let broker: Mosquitto | undefined;
  let ha: HaSim | undefined;
  let integration: MqttIntegration;
  let states: HaState[] = [];

  before(async () => {
    broker = await Mosquitto.start();
    ha = await startHaSim();
    integration = await attachMqtt(ha, {
      url: broker.url,
      username: broker.homeassistant.username,
      password: broker.homeassistant.password,
    });
    const transactions = { timeZone: 'UTC', now: Date.parse('2026-12-10T09:00:00.000Z') };
    const ctx = { prefix: integration.prefix, installationId: 'inst-1', version: '0.0.0-test', transactions };
    const client = await mqtt.connectAsync(broker.url, {
      username: broker.companion.username,
      password: broker.companion.password,
    });
    const messages = [...ITEMS.flatMap((i) => itemMessages(i, ctx)), ...companionMessages(ITEMS, ctx)];
    for (const m of [...messages, { topic: STATUS_TOPIC, payload: ONLINE }])
      await client.publishAsync(m.topic, m.payload, { retain: true, qos: 1 });
    const sim = ha;
    // An event entity takes only events sent after HA subscribed to its topic, and never a retained one.
    const eventIds = ENTITY_KINDS.transaction_event!;
    await waitUntil(
      'the event entities',
      () => eventIds.every((id) => sim.hass.states.get(id)?.state === 'unknown'),
      10_000,
    );
    for (const event of EVENTS)
      await client.publishAsync(transactionEventTopic(OK_ITEM.item_id, event.plaid_account_id), JSON.stringify(event), {
        qos: 1,
      });
    await client.endAsync();
    const ids = Object.values(ENTITY_KINDS).flat();
    await waitUntil(
      'the MQTT entities, available with their attributes',
      () => ids.every((id) => sim.hass.states.get(id)?.attributes.plaid_item_id !== undefined),
      10_000,
    );
    const mqttStates: HaState[] = sim.hass.states.all().map((s) => ({
      transport: 'mqtt',
      entity_id: s.entityId,
      state: s.state,
      attributes: s.attributes as Obj,
      integration: sim.hass.entityRegistry.get(s.entityId)?.platform,
    }));
    states = [...restStates(), ...mqttStates];
  });

  after(async () => {
    await ha?.close();
    await broker?.stop();
  });

  it('finds the blueprints, and HA takes every companion entity they are for', () => {
    assert.deepEqual(
      blueprints.map((b) => b.file),
      ['bank_needs_reconnecting.yaml', 'large_purchase.yaml', 'low_balance.yaml', 'payment_due.yaml'],
    );
    assert.deepEqual(integration.errors, [], 'HA refused none of the discovery configs');
    for (const transport of ['rest', 'mqtt'] as const)
      for (const id of idsIn(transport))
        assert.ok(
          states.some((s) => s.transport === transport && s.entity_id === id),
          `${transport} state of ${id}`,
        );
  });

  for (const { path, file, doc } of blueprints) {
    describe(path, () => {
      const blueprint = doc.blueprint as Obj;

      it("passes HA's blueprint schema and selector schemas", () => {
        assert.deepEqual(blueprintSchemaProblems(doc), []);
        assert.equal(blueprint.domain, 'automation');
      });

      it('names its raw URL in this repository, its author and the HA release the project tests', () => {
        const raw = `${PROJECT_URL.replace('https://github.com/', 'https://raw.githubusercontent.com/')}/main/${path}`;
        assert.equal(blueprint.source_url, raw);
        assert.equal(typeof blueprint.author, 'string');
        const [major, minor] = HA_RELEASE.core.split('.');
        assert.deepEqual(blueprint.homeassistant, { min_version: `${major}.${minor}.0` });
        const readme = readFileSync(new URL('README.md', ROOT), 'utf8');
        const importUrl = 'https://my.home-assistant.io/redirect/blueprint_import/';
        const badge = `${importUrl}?blueprint_url=${encodeURIComponent(raw)}`;
        assert.ok(readme.includes(`(${badge})`), `README.md has the import badge link for ${file}`);
      });

      it("is an automation in HA's 2024.10+ syntax, each trigger, condition and action well-formed", () => {
        assert.deepEqual(automationProblems(automationBody(doc)), []);
      });

      it('uses every input it declares and declares every input it uses', () => {
        const declared = [...declaredInputs(blueprint).keys()].sort();
        const used = [...new Set(inputRefs(automationBody(doc)).map((r) => r.name))].sort();
        assert.ok(inputRefs(blueprint).length === 0, 'no !input inside blueprint:');
        assert.deepEqual(used, declared);
      });

      it("filters its entity inputs to the companion's entities, in both transports", () => {
        const purposes = PURPOSE[file];
        assert.ok(purposes, `${file} says in PURPOSE which companion entities its inputs are for`);
        const entityInputs = [...declaredInputs(blueprint)].filter(
          ([, d]) => isObj(d?.selector) && 'entity' in d.selector,
        );
        assert.deepEqual(entityInputs.map(([name]) => name).sort(), Object.keys(purposes).sort());
        for (const [name, def] of entityInputs) {
          const filters = entityFilters(((def!.selector as Obj).entity as Obj | null) ?? {});
          const meant = states.filter((s) => ENTITY_KINDS[purposes[name]!]!.includes(s.entity_id));
          for (const s of meant)
            assert.ok(
              filters.some((f) => passes(s, f)),
              `${name}'s selector offers the ${s.transport} entity ${s.entity_id} (${JSON.stringify(filters)})`,
            );
        }
      });

      it("reads only attributes the companion's entities have, and compares them with values they take", () => {
        const purposes = PURPOSE[file] ?? {};
        const meant = states.filter((s) => Object.values(purposes).some((k) => ENTITY_KINDS[k]!.includes(s.entity_id)));
        const reads = attributeReads(doc);
        assert.ok(reads.length > 0, 'the templates read attributes');
        for (const path of reads) {
          for (const s of meant)
            assert.notEqual(at(s.attributes, path), undefined, `${s.transport} ${s.entity_id} has ${path.join('.')}`);
          for (const transport of ['rest', 'mqtt'])
            assert.ok(
              meant.some((s) => s.transport === transport && at(s.attributes, path) != null),
              `some ${transport} entity has a value at ${path.join('.')}`,
            );
        }
        for (const { attribute, values, list } of attributeLiterals(doc)) {
          const allowed = ATTRIBUTE_VALUES[attribute];
          assert.ok(allowed, `the test knows the values of ${attribute}`);
          for (const v of values) assert.ok(allowed.includes(v), `${attribute} can be '${v}'`);
          // A list of account types is the debts a cash-account blueprint leaves out: the protocol's, exactly.
          if (list && attribute === 'account_type') assert.deepEqual([...values].sort(), [...LIABILITY_TYPES].sort());
        }
      });

      it("triggers on states the companion's entities take", () => {
        const purposes = PURPOSE[file] ?? {};
        for (const t of asList(automationBody(doc).triggers) as Obj[]) {
          if (t.trigger === 'time') {
            // A daily check: its time is the user's, from a time selector.
            const at = t.at instanceof InputRef ? declaredInputs(blueprint).get(t.at.name) : undefined;
            assert.ok(isObj(at?.selector) && 'time' in at.selector, 'the time trigger is at a time input');
            continue;
          }
          if (t.trigger === 'event') {
            assert.equal(t.event_type, TRANSACTION_EVENT, 'the only bus event the companion fires');
            continue;
          }
          const input = (t.entity_id as InputRef).name;
          const meant = states.filter((s) => ENTITY_KINDS[purposes[input]!]!.includes(s.entity_id));
          assert.ok(meant.length > 0, `trigger's entities (${input}) are companion entities`);
          if (t.trigger === 'numeric_state')
            for (const transport of ['rest', 'mqtt'])
              assert.ok(
                meant.some((s) => s.transport === transport && s.state !== '' && Number.isFinite(Number(s.state))),
                `${input}: numeric ${transport} states`,
              );
          const transports = MQTT_ONLY.includes(purposes[input]!) ? ['mqtt'] : ['rest', 'mqtt'];
          if (t.trigger === 'state')
            for (const key of ['from', 'to'] as const)
              for (const value of asList(t[key]))
                for (const transport of transports)
                  assert.ok(
                    meant.some((s) => s.transport === transport && s.state === value),
                    `a ${transport} ${input} entity can be '${String(value)}'`,
                  );
          // Leaving out a state by name is for HA's own: the companion's entities take no other named ones.
          for (const value of [...asList(t.not_from), ...asList(t.not_to)])
            assert.ok(
              ['unavailable', 'unknown'].includes(String(value)),
              `${input}: not_from/not_to '${String(value)}'`,
            );
        }
      });

      if (Object.values(PURPOSE[file] ?? {}).includes('due_date'))
        it('reads only the due block (DueAttributesSchema), and the due date as the YYYY-MM-DD it parses', () => {
          const keys = Object.keys(DueAttributesSchema.schema);
          for (const path of attributeReads(doc)) assert.ok(keys.includes(path[0]!), `${path[0]} is in the due block`);
          assert.ok(
            templates(doc).some((t) => t.includes("strptime(states(entity_id), '%Y-%m-%d'")),
            'the template parses the state as YYYY-MM-DD',
          );
          const dates = states.filter((s) => ENTITY_KINDS.due_date!.includes(s.entity_id));
          assert.deepEqual(dates.map((s) => s.transport).sort(), ['mqtt', 'rest']);
          for (const s of dates) assert.match(s.state, /^\d{4}-\d{2}-\d{2}$/, `${s.transport} ${s.entity_id}`);
        });

      if (Object.values(PURPOSE[file] ?? {}).includes('transaction_event')) {
        it("reads only transaction event data (TransactionEventDataSchema), over MQTT and on HA's bus", () => {
          const keys = Object.keys(TransactionEventDataSchema.schema);
          const reads = eventDataReads(doc);
          assert.ok(reads.length > 0, 'the templates read the event');
          for (const key of [...reads, ...attributeReads(doc).map((p) => p.join('.'))])
            assert.ok(keys.includes(key), `${key} is a key of TransactionEventDataSchema`);
          // Over MQTT: the event entities' attributes, as HA made them from the companion's real payloads.
          const entities = states.filter((s) => ENTITY_KINDS.transaction_event!.includes(s.entity_id));
          assert.equal(entities.length, EVENTS.length);
          for (const s of entities) {
            assert.ok(!Number.isNaN(Date.parse(s.state)), `${s.entity_id}'s state is the time of its last event`);
            for (const key of reads) assert.ok(Object.hasOwn(s.attributes, key), `${s.entity_id} has ${key}`);
          }
          // On the bus: the event's data is the companion's event as it is.
          for (const event of EVENTS) assert.ok(TransactionEventDataSchema.is({ ...event }));
        });

        it('binds the event data alike from both triggers, and compares event_type only with its types', () => {
          const triggers = asList(automationBody(doc).triggers) as Obj[];
          assert.deepEqual(triggers.map((t) => t.trigger).sort(), ['event', 'state']);
          const bound = eventDataVariables(doc);
          const bindings = (t: Obj) =>
            Object.keys(isObj(t.variables) ? t.variables : {}).filter((n) => bound.includes(n));
          const fromBus = bindings(triggers.find((t) => t.trigger === 'event')!);
          assert.ok(fromBus.length > 0, 'the event trigger binds its data to a variable');
          for (const name of fromBus)
            assert.ok(
              bindings(triggers.find((t) => t.trigger === 'state')!).includes(name),
              `the state trigger binds ${name}`,
            );
          const types = eventTypeLiterals(doc);
          assert.ok(types.length > 0, 'the conditions choose event types');
          for (const type of types)
            assert.ok((TRANSACTION_EVENT_TYPES as readonly string[]).includes(type), `'${type}' is an event type`);
        });

        it('takes a new transaction once, not an entity back after a restart nor an event sent again', async () => {
          const trigger = (asList(automationBody(doc).triggers) as Obj[]).find((t) => t.trigger === 'state')!;
          const sim = ha!;
          const ids = ENTITY_KINDS.transaction_event!;
          const taken: string[] = [];
          const stop = sim.hass.bus.listen('state_changed', (_event, change) => {
            if (change && ids.includes(change.entityId) && newTransaction(trigger, change.oldState, change.newState))
              taken.push(`${change.entityId} ${String(change.newState!.attributes.transaction_id)}`);
          });
          const client = await mqtt.connectAsync(broker!.url, {
            username: broker!.companion.username,
            password: broker!.companion.password,
          });
          try {
            const stateOf = (id: string) => sim.hass.states.get(id)?.state;
            await client.publishAsync(STATUS_TOPIC, OFFLINE, { retain: true, qos: 1 });
            await waitUntil('unavailable', () => ids.every((id) => stateOf(id) === 'unavailable'), 10_000);
            await client.publishAsync(STATUS_TOPIC, ONLINE, { retain: true, qos: 1 });
            await waitUntil('back', () => ids.every((id) => stateOf(id) !== 'unavailable'), 10_000);
            assert.deepEqual(taken, [], 'back from unavailable, an event entity shows its last event again');
            const event = { ...EVENTS[0]!, transaction_id: 'tx-new' };
            const topic = transactionEventTopic(OK_ITEM.item_id, event.plaid_account_id);
            for (const _ of ['new', 'sent again']) {
              const before = stateOf(ids[0]!);
              await client.publishAsync(topic, JSON.stringify(event), { qos: 1 });
              await waitUntil('the event', () => stateOf(ids[0]!) !== before, 10_000);
            }
            assert.deepEqual(taken, [`${ids[0]} tx-new`]);
          } finally {
            stop();
            await client.endAsync();
          }
        });
      }
    });
  }
});
