/** HA's `hass.locale` fields that affect numbers. */
export interface NumberLocale {
  language: string;
  number_format?: string;
}

/**
 * Mirrors HA's own mapping of `number_format` to Intl locales, so the card's
 * amounts read like every other number on the dashboard.
 */
export function intlLocales(locale: NumberLocale): string | string[] | undefined {
  switch (locale.number_format) {
    case 'comma_decimal':
      return ['en-US', 'en'];
    case 'decimal_comma':
      return ['de', 'es', 'it'];
    case 'space_comma':
      return ['fr', 'sv', 'cs'];
    case 'quote_decimal':
      return ['de-CH'];
    case 'system':
      return undefined;
    default:
      return locale.language;
  }
}

function numberFormat(locales: string | string[] | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  try {
    return new Intl.NumberFormat(locales, options);
  } catch {
    // A language tag Intl does not accept: English digits beat no digits.
    return new Intl.NumberFormat('en', options);
  }
}

/**
 * `1.234,56 €` / `$1,234.56`; with a display precision, that many decimals
 * (`$1,235` for 0), as HA formats a sensor's state. Plaid reports
 * unofficial codes (crypto, loyalty points) that Intl rejects; those get a
 * plain number followed by the code.
 */
function moneyFormat(
  currency: string | null,
  locale: NumberLocale,
  precision: number | undefined,
): (amount: number) => string {
  const locales = intlLocales(locale);
  const useGrouping = locale.number_format !== 'none';
  const digits = precision === undefined ? {} : { minimumFractionDigits: precision, maximumFractionDigits: precision };
  if (currency && /^[A-Za-z]{3}$/.test(currency)) {
    try {
      const f = numberFormat(locales, { style: 'currency', currency: currency.toUpperCase(), useGrouping, ...digits });
      return (amount) => f.format(amount);
    } catch {
      // fall through to the plain number
    }
  }
  const f = numberFormat(locales, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping, ...digits });
  return currency ? (amount) => `${f.format(amount)} ${currency}` : (amount) => f.format(amount);
}

/**
 * One formatting function per language, number format and currency: a first
 * render formats ~150 amounts, and building the Intl options and their cache
 * key per amount cost more than the formatting itself.
 */
const formats = new Map<string, (amount: number) => string>();

/** `precision`: the sensor's display precision in HA (registries.ts), else the currency's own decimals. */
export function formatMoney(amount: number, currency: string | null, locale: NumberLocale, precision?: number): string {
  const key = `${locale.language}|${locale.number_format}|${currency}|${precision}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = moneyFormat(currency, locale, precision)));
  return format(amount);
}
