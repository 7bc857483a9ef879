import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { HassEntities } from 'home-assistant-js-websocket';
import { AccountDiscovery } from '../../src/card/account-discovery.js';
import { buildAccounts, type Account } from '../../src/card/accounts.js';
import {
  dayNumber,
  dueLine,
  duePayments,
  findDueEntity,
  formatDueDate,
  haTimeZone,
  todayIn,
  upcomingTotals,
  type DuePayment,
} from '../../src/card/due-payments.js';
import { loadCardStrings, makeLocalize } from '../../src/card/localize.js';
import { dueSensorId } from '../../src/protocol/index.js';
import { dueStates, type DueSpec } from './fixtures/due-fixture.js';
import { SAMPLE_ACCOUNTS, otherEntity, statesFor } from './fixtures/hass-fixture.js';

const [checking, , card, , loan] = SAMPLE_ACCOUNTS as [(typeof SAMPLE_ACCOUNTS)[number], ...typeof SAMPLE_ACCOUNTS];
/** 2026-12-08 03:00 UTC: still the 7th in Los Angeles. */
const NOW = Date.UTC(2026, 11, 8, 3);
const TODAY_UTC = todayIn('UTC', NOW);

/** The due sensors the card reads, found as the card finds them: by AccountDiscovery's scan. */
function duesOf(states: HassEntities): readonly string[] {
  const discovery = new AccountDiscovery();
  discovery.resolve(states);
  return discovery.dues;
}

function setup(cardDue: DueSpec | null, loanDue: DueSpec | null = null): { states: HassEntities; accounts: Account[] } {
  const states = {
    ...statesFor([checking, card!, loan!]),
    ...(cardDue ? dueStates(card!, cardDue) : {}),
    ...(loanDue ? dueStates(loan!, loanDue) : {}),
  };
  return {
    states,
    accounts: buildAccounts(
      states,
      Object.keys(states).filter((id) => id.endsWith('_current')),
    ),
  };
}

const cardDueId = dueSensorId(card!.institution, card!.mask, card!.accountId, 'next_payment_due_date');

describe('todayIn and dayNumber', () => {
  it("takes today's date in the given zone", () => {
    assert.equal(todayIn('UTC', NOW), dayNumber('2026-12-08'));
    assert.equal(todayIn('America/Los_Angeles', NOW), dayNumber('2026-12-07'));
    assert.equal(todayIn('Pacific/Kiritimati', Date.UTC(2026, 11, 8, 12)), dayNumber('2026-12-09'));
  });
  it("falls back to the browser's zone for a zone Intl does not know", () => {
    assert.equal(todayIn('Mars/Olympus_Mons', NOW), todayIn(undefined, NOW));
  });
  it('reads only real calendar days', () => {
    assert.equal(dayNumber('1970-01-02'), 1);
    assert.equal(dayNumber('2026-02-30'), null);
    assert.equal(dayNumber('2026-12-08T00:00:00Z'), null);
    assert.equal(dayNumber('soon'), null);
  });
});

describe('haTimeZone', () => {
  it("uses the server's zone unless the user's profile says local, as HA's frontend does", () => {
    const config = { time_zone: 'Europe/Berlin' };
    assert.equal(haTimeZone({ config, locale: { time_zone: 'server' } }), 'Europe/Berlin');
    assert.equal(haTimeZone({ config, locale: { time_zone: 'local' } }), undefined);
    assert.equal(haTimeZone({ config }), 'Europe/Berlin');
    assert.equal(haTimeZone({}), undefined);
  });
});

describe('findDueEntity', () => {
  it("finds a credit card's due sensor by its default id, and none for a deposit account", () => {
    const { states, accounts } = setup({ date: '2026-12-10', minimum: 35 });
    const dues = duesOf(states);
    assert.equal(findDueEntity(states, dues, accounts[1]!), cardDueId);
    assert.equal(findDueEntity(states, dues, accounts[0]!), null);
    assert.equal(findDueEntity(states, dues, accounts[2]!), null);
  });
  it('finds a renamed due sensor by its marker and account id', () => {
    const { states, accounts } = setup(null);
    const renamed = {
      ...dueStates(card!, { date: '2026-12-10', minimum: 35 })[cardDueId]!,
      entity_id: 'sensor.visa_due',
    };
    const all = { ...states, 'sensor.visa_due': renamed };
    assert.equal(findDueEntity(all, duesOf(all), accounts[1]!), 'sensor.visa_due');
  });
  it('passes over a malformed block (and an unavailable sensor without one)', () => {
    const { states, accounts } = setup({ date: '2026-12-10', minimum: 35 });
    const broken: HassEntities = {};
    for (const [id, e] of Object.entries(dueStates(card!, { date: '2026-12-10', minimum: 35 })))
      broken[id] = { ...e, attributes: { ...e.attributes, minimum_payment: '35' } };
    broken[cardDueId] = { ...otherEntity(cardDueId, 'unavailable') };
    const all = { ...states, ...broken };
    assert.equal(findDueEntity(all, duesOf(all), accounts[1]!), null);
    assert.equal(duePayments(all, duesOf(all), accounts, TODAY_UTC).size, 0);
  });
  it("ignores another account's block", () => {
    const { states, accounts } = setup(null);
    const other = dueStates({ ...card!, accountId: 'acc_other' }, { date: '2026-12-10', minimum: 35 });
    const all = { ...states, ...other };
    assert.equal(findDueEntity(all, duesOf(all), accounts[1]!), null);
  });
});

describe('duePayments', () => {
  const severity = (date: string | null, overdue = false, today = TODAY_UTC) => {
    const { states, accounts } = setup({ date, minimum: 35, overdue });
    return duePayments(states, duesOf(states), accounts, today).get(card!.accountId)?.severity;
  };
  it('is soon from today to 3 days ahead, normal before and after', () => {
    assert.equal(severity('2026-12-07'), 'normal');
    assert.equal(severity('2026-12-08'), 'soon');
    assert.equal(severity('2026-12-11'), 'soon');
    assert.equal(severity('2026-12-12'), 'normal');
    assert.equal(severity(null), 'normal');
  });
  it('is overdue when the bank says so, whatever the date', () => {
    assert.equal(severity('2026-12-01', true), 'overdue');
    assert.equal(severity('2026-12-09', true), 'overdue');
  });
  it("counts days from today in HA's zone, not from the date read as a UTC instant", () => {
    // At 03:00 UTC it is still the 7th in Los Angeles: the 11th is 4 days away there, 3 in UTC.
    assert.equal(severity('2026-12-11', false, todayIn('America/Los_Angeles', NOW)), 'normal');
    const { states, accounts } = setup({ date: '2026-12-11', minimum: 35 });
    const payment = duePayments(states, duesOf(states), accounts, todayIn('America/Los_Angeles', NOW)).get(
      card!.accountId,
    )!;
    assert.deepEqual(payment, {
      entityId: cardDueId,
      currency: 'USD',
      dueDate: '2026-12-11',
      daysLeft: 4,
      minimumPayment: 35,
      severity: 'normal',
    });
  });
  it('drops a due date that is not a calendar day', () => {
    const { states, accounts } = setup({ date: '12/11/2026', minimum: 35 });
    const p = duePayments(states, duesOf(states), accounts, TODAY_UTC).get(card!.accountId)!;
    assert.equal(p.dueDate, null);
    assert.equal(p.daysLeft, null);
  });
});

function payment(over: Partial<DuePayment>): DuePayment {
  return {
    entityId: 'sensor.x',
    currency: 'USD',
    dueDate: '2026-12-10',
    daysLeft: 2,
    minimumPayment: 35,
    severity: 'soon',
    ...over,
  };
}

describe('upcomingTotals', () => {
  it('sums minimum payments due within 7 days per currency, overdue ones included, in cents', () => {
    const totals = upcomingTotals([
      payment({ minimumPayment: 0.1 }),
      payment({ minimumPayment: 0.2, daysLeft: 7, severity: 'normal' }),
      payment({ minimumPayment: 100, daysLeft: 8, severity: 'normal' }),
      payment({ minimumPayment: 50, daysLeft: -20, severity: 'overdue' }),
      payment({ minimumPayment: 70, daysLeft: -1, severity: 'normal' }),
      payment({ minimumPayment: null }),
      payment({ currency: 'EUR', minimumPayment: 12.5, daysLeft: 0 }),
      payment({ currency: 'GBP', minimumPayment: 0, daysLeft: 1 }),
    ]);
    assert.deepEqual(totals, [
      { currency: 'USD', amount: 50.3 },
      { currency: 'EUR', amount: 12.5 },
    ]);
  });
});

describe('formatDueDate', () => {
  it("formats the bank's day in HA's language, without shifting it", () => {
    assert.equal(formatDueDate('2026-12-14', 'en', 'language', 'short'), 'Dec 14');
    assert.equal(formatDueDate('2026-12-14', 'en-GB', 'language', 'short'), '14 Dec');
    assert.equal(formatDueDate('2026-12-14', 'de', 'language', 'long'), '14. Dezember');
    assert.equal(formatDueDate('2027-01-01', 'en', undefined, 'long'), 'January 1');
    assert.equal(formatDueDate('2026-12-14', 'not a language!', undefined, 'short'), 'Dec 14');
  });
});

describe('dueLine', () => {
  before(() => Promise.all([loadCardStrings('en'), loadCardStrings('de')]));
  const options = (language: string, concealed = false) => ({
    localize: makeLocalize(language),
    language,
    money: (n: number) => `$${n.toFixed(2)}`,
    concealed,
    concealedText: '••••••',
  });
  it('says the date and the minimum, and reads them out in full', () => {
    assert.deepEqual(dueLine(payment({ dueDate: '2026-12-14' }), options('en')), {
      text: 'Due Dec 14 · min $35.00',
      spoken: 'due December 14, minimum payment $35.00',
      severity: 'soon',
    });
  });
  it('leads with Overdue, in German too', () => {
    assert.deepEqual(dueLine(payment({ dueDate: '2026-12-01', severity: 'overdue' }), options('de')), {
      text: 'Überfällig · Fällig am 1. Dez. · mind. $35.00',
      spoken: 'überfällig, fällig am 1. Dezember, Mindestzahlung $35.00',
      severity: 'overdue',
    });
  });
  it('hides the minimum in privacy mode and does not speak it', () => {
    const line = dueLine(payment({ dueDate: '2026-12-14' }), options('en', true))!;
    assert.equal(line.text, 'Due Dec 14 · min ••••••');
    assert.equal(line.spoken, 'due December 14');
  });
  it('is null with nothing to say', () => {
    assert.equal(dueLine(payment({ dueDate: null, minimumPayment: null, severity: 'normal' }), options('en')), null);
    assert.equal(dueLine(payment({ dueDate: null }), options('en'))!.text, 'min $35.00');
  });
});
