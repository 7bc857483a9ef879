/**
 * A credit card's or loan's next payment, read from the companion's due
 * sensors (protocol/due-attributes.ts), and how urgent it is. Due dates are
 * the bank's calendar days: they are compared with today's date in HA's time
 * zone as day numbers, never turned into instants that would shift a day.
 */
import type { HassEntities, HassEntity } from 'home-assistant-js-websocket';
import { is } from 'superstruct';
import { DueAttributesSchema } from '../protocol/due-attributes.js';
import { isLiability, type Account } from './accounts.js';
import type { Localize } from './localize.js';

export type DueSeverity = 'normal' | 'soon' | 'overdue';

/** Due within this many days (today counts as 0) and not overdue: `soon`. */
export const SOON_DAYS = 3;
/** The totals' "Due in the next 7 days" window. */
export const UPCOMING_DAYS = 7;

const DAY_MS = 86_400_000;

export interface DuePayment {
  /** The due sensor the payment was read from. */
  entityId: string;
  currency: string;
  /** YYYY-MM-DD, or null when the bank gave none (or an unreadable one). */
  dueDate: string | null;
  /** Days from today in HA's time zone to the due date; negative once it passed. */
  daysLeft: number | null;
  minimumPayment: number | null;
  severity: DueSeverity;
}

/** What HA's `hass` says about time zones: the server's, and the user's choice of it or the browser's. */
export interface TimeZoneSource {
  config?: { time_zone?: string };
  /** `time_zone` is `local` or `server` (newer than custom-card-helpers' type of `locale`). */
  locale?: object;
}

/**
 * The zone HA's frontend shows times in: the browser's (undefined) when the
 * user's profile says `local`, else the server's, as its resolveTimeZone does.
 */
export function haTimeZone(hass: TimeZoneSource): string | undefined {
  const choice = (hass.locale as { time_zone?: unknown } | undefined)?.time_zone;
  return choice === 'local' ? undefined : hass.config?.time_zone;
}

const dayFormats = new Map<string | undefined, Intl.DateTimeFormat>();

function dayFormat(timeZone: string | undefined): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (!format) {
    const options = { year: 'numeric', month: 'numeric', day: 'numeric' } as const;
    try {
      format = new Intl.DateTimeFormat('en-US', { ...options, timeZone });
    } catch {
      // A zone name Intl does not know: the browser's day beats none.
      format = new Intl.DateTimeFormat('en-US', options);
    }
    dayFormats.set(timeZone, format);
  }
  return format;
}

/** Today in `timeZone` as days since 1970-01-01. */
export function todayIn(timeZone: string | undefined, now: number): number {
  const parts = dayFormat(timeZone).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day')) / DAY_MS;
}

/** A YYYY-MM-DD calendar day as days since 1970-01-01; null when it is not one. */
export function dayNumber(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2026-02-30 over into March: such a date is not one.
  return new Date(ms).getUTCDate() === Number(m[3]) ? ms / DAY_MS : null;
}

/**
 * The payment-due sensor's id as the companion names it beside the balance
 * sensors (`…_3333_current` → `…_3333_payment_due`, as protocol's dueSensorId
 * makes both); null when the balance sensor's id is not the companion's.
 */
function defaultId(account: Account): string | null {
  const id = account.primaryEntityId.replace(/_(current|available)$/, '_payment_due');
  return id === account.primaryEntityId ? null : id;
}

/** Validating a block once per entity object: HA keeps the object while the sensor does not change. */
const valid = new WeakMap<HassEntity, boolean>();

function isDueOf(entity: HassEntity | undefined, accountKey: string): entity is HassEntity {
  if (!entity || typeof entity !== 'object') return false;
  let ok = valid.get(entity);
  if (ok === undefined) valid.set(entity, (ok = is(entity.attributes, DueAttributesSchema)));
  return ok && entity.attributes.plaid_account_id === accountKey;
}

/**
 * The due sensor of a credit card or loan: its payment-due sensor by the id
 * the companion gives it, else (the user renamed it in HA's entity registry)
 * the first of its due sensors among `dueIds` (AccountDiscovery.dues, found
 * by the block's marker) with the account's id. A malformed block is passed over.
 */
export function findDueEntity(states: HassEntities, dueIds: readonly string[], account: Account): string | null {
  if (!isLiability(account) || account.missing) return null;
  const id = defaultId(account);
  if (id && isDueOf(states[id], account.key)) return id;
  return dueIds.find((due) => isDueOf(states[due], account.key)) ?? null;
}

function readPayment(entityId: string, entity: HassEntity, today: number): DuePayment {
  const a = entity.attributes;
  const dueDate = typeof a.next_payment_due_date === 'string' ? a.next_payment_due_date : null;
  const day = dueDate === null ? null : dayNumber(dueDate);
  const daysLeft = day === null ? null : day - today;
  const severity: DueSeverity =
    a.is_overdue === true ? 'overdue' : daysLeft !== null && daysLeft >= 0 && daysLeft <= SOON_DAYS ? 'soon' : 'normal';
  return {
    entityId,
    currency: a.currency as string,
    dueDate: day === null ? null : dueDate,
    daysLeft,
    minimumPayment: typeof a.minimum_payment === 'number' ? a.minimum_payment : null,
    severity,
  };
}

/** Per entity object and day: a row whose due did not change gets the same payment, and its texts stay cached. */
const payments = new WeakMap<HassEntity, { entityId: string; today: number; payment: DuePayment }>();

function paymentOf(entityId: string, entity: HassEntity, today: number): DuePayment {
  const hit = payments.get(entity);
  if (hit && hit.entityId === entityId && hit.today === today) return hit.payment;
  const payment = readPayment(entityId, entity, today);
  payments.set(entity, { entityId, today, payment });
  return payment;
}

/** Each shown credit card's and loan's payment by account key; accounts without a readable due are left out. */
export function duePayments(
  states: HassEntities,
  dueIds: readonly string[],
  accounts: readonly Account[],
  today: number,
): Map<string, DuePayment> {
  const found = new Map<string, DuePayment>();
  for (const account of accounts) {
    const id = findDueEntity(states, dueIds, account);
    if (id) found.set(account.key, paymentOf(id, states[id], today));
  }
  return found;
}

export interface UpcomingTotal {
  currency: string;
  amount: number;
}

/**
 * Per currency, the minimum payments due within UPCOMING_DAYS, overdue ones
 * included; summed in cents so that ten $0.10 make $1.00. Only sums above zero.
 */
export function upcomingTotals(payments: Iterable<DuePayment>): UpcomingTotal[] {
  const cents = new Map<string, number>();
  for (const p of payments) {
    if (p.minimumPayment === null) continue;
    const upcoming =
      p.severity === 'overdue' || (p.daysLeft !== null && p.daysLeft >= 0 && p.daysLeft <= UPCOMING_DAYS);
    if (upcoming) cents.set(p.currency, (cents.get(p.currency) ?? 0) + Math.round(p.minimumPayment * 100));
  }
  return [...cents].filter(([, c]) => c > 0).map(([currency, c]) => ({ currency, amount: c / 100 }));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * "Dec 14" (`short`) or "December 14" (`long`) in HA's language, or the
 * browser's with HA's `system` date format. The day is formatted in UTC, the
 * zone its day number was made in, so it stays the bank's calendar day.
 */
export function formatDueDate(
  date: string,
  language: string,
  dateFormat: string | undefined,
  month: 'short' | 'long',
): string {
  const day = dayNumber(date);
  if (day === null) return date;
  const locale = dateFormat === 'system' ? undefined : language;
  const key = `${locale}|${month}`;
  let format = dateFormats.get(key);
  if (!format) {
    const options = { day: 'numeric', month, timeZone: 'UTC' } as const;
    try {
      format = new Intl.DateTimeFormat(locale, options);
    } catch {
      format = new Intl.DateTimeFormat('en', options);
    }
    dateFormats.set(key, format);
  }
  return format.format(day * DAY_MS);
}

export interface DueLine {
  /** "Overdue · Due Dec 1 · min $35.00" */
  text: string;
  /** What a screen reader says instead: "overdue, due December 1, minimum payment $35.00". */
  spoken: string;
  severity: DueSeverity;
}

export interface DueLineOptions {
  localize: Localize;
  language: string;
  /** HA's `locale.date_format`. */
  dateFormat?: string;
  money: (amount: number) => string;
  /** Privacy mode: the minimum payment reads as `concealedText` and is not spoken. */
  concealed: boolean;
  concealedText: string;
}

/** A row's due line; null when the bank gave neither a date nor a minimum and nothing is overdue. */
export function dueLine(p: DuePayment, o: DueLineOptions): DueLine | null {
  const { localize } = o;
  const text: string[] = [];
  const spoken: string[] = [];
  if (p.severity === 'overdue') {
    text.push(localize('card.due_overdue'));
    spoken.push(localize('card.due_overdue_spoken'));
  }
  if (p.dueDate !== null) {
    text.push(localize('card.due_date', { date: formatDueDate(p.dueDate, o.language, o.dateFormat, 'short') }));
    spoken.push(localize('card.due_date_spoken', { date: formatDueDate(p.dueDate, o.language, o.dateFormat, 'long') }));
  }
  if (p.minimumPayment !== null) {
    text.push(localize('card.due_minimum', { amount: o.concealed ? o.concealedText : o.money(p.minimumPayment) }));
    if (!o.concealed) spoken.push(localize('card.due_minimum_spoken', { amount: o.money(p.minimumPayment) }));
  }
  if (!text.length) return null;
  return { text: text.join(' · '), spoken: spoken.join(', '), severity: p.severity };
}
