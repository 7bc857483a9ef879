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

const cache = new Map<string, Intl.NumberFormat>();

function formatter(locales: string | string[] | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  // A plain join, not JSON.stringify: this runs for every amount on every render.
  const key = `${locales}|${options.currency ?? ''}|${options.useGrouping}|${options.style ?? ''}`;
  let fmt = cache.get(key);
  if (!fmt) {
    try {
      fmt = new Intl.NumberFormat(locales, options);
    } catch {
      // A language tag Intl does not accept: English digits beat no digits.
      fmt = new Intl.NumberFormat('en', options);
    }
    cache.set(key, fmt);
  }
  return fmt;
}

/**
 * `1.234,56 €` / `$1,234.56`. Plaid reports unofficial codes (crypto, loyalty
 * points) that Intl rejects; those get a plain number followed by the code.
 */
export function formatMoney(amount: number, currency: string | null, locale: NumberLocale): string {
  const locales = intlLocales(locale);
  const useGrouping = locale.number_format !== 'none';
  if (currency && /^[A-Za-z]{3}$/.test(currency)) {
    try {
      return formatter(locales, { style: 'currency', currency: currency.toUpperCase(), useGrouping }).format(amount);
    } catch {
      // fall through to the plain number
    }
  }
  const text = formatter(locales, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping }).format(amount);
  return currency ? `${text} ${currency}` : text;
}
