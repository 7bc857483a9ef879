// Plaid dates are calendar days (YYYY-MM-DD, UTC); transactions and liabilities
// count in whole days from the simulator's clock.
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC) of a clock reading. */
export function dayNumber(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** A day number as Plaid writes it: 2024-03-25. */
export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The day number of a YYYY-MM-DD string, or undefined when it is not one. */
export function parseDay(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(ms) || dayString(dayNumber(ms)) !== text ? undefined : dayNumber(ms);
}
