import type { LogLevel } from './config/config.js';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Plaid token shapes (`access-sandbox-…`, `public-production-…`). Redacting by
 * pattern as well as by known value catches a token before it is registered,
 * e.g. in a Plaid payload echoed at debug level.
 */
const TOKEN_PATTERN = /\b(?:access|public)-(?:sandbox|development|production)-[A-Za-z0-9-]+/g;
export const REDACTED = '[redacted]';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Registers a value (Plaid secret, access token, HA token) that must never appear in a line. */
  addSecret(value: string): void;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Receives each finished line; defaults to stderr so stdout stays for command output. */
  write?: (line: string) => void;
  now?: () => Date;
}

/** An error as one line: never its other properties (an SDK error's `config.headers` holds the Plaid secret). */
const errorText = (err: Error) => `${err.name}: ${err.message}`;

function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(errorText(value));
  if (typeof value === 'string') return /^[\w.:/@+-]+$/.test(value) ? value : JSON.stringify(value);
  try {
    // Errors nested in objects too: axios' AxiosError.toJSON() would serialise its request config whole.
    return (
      JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
        const raw = this[key];
        return raw instanceof Error ? errorText(raw) : v;
      }) ?? String(value)
    );
  } catch {
    return JSON.stringify(Object.prototype.toString.call(value));
  }
}

export function createLogger(options: LoggerOptions): Logger {
  const secrets = new Set<string>();
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const now = options.now ?? (() => new Date());
  const threshold = RANK[options.level];

  function redact(line: string): string {
    let out = line;
    // Longest first, so a secret containing another is replaced whole.
    for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join(REDACTED);
    return out.replace(TOKEN_PATTERN, REDACTED);
  }

  function log(level: LogLevel, message: string, fields?: LogFields): void {
    if (RANK[level] < threshold) return;
    const parts = [now().toISOString(), level.toUpperCase().padEnd(5), message];
    for (const [k, v] of Object.entries(fields ?? {})) {
      if (v !== undefined) parts.push(`${k}=${formatValue(v)}`);
    }
    write(redact(parts.join(' ')));
  }

  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    addSecret(value) {
      // Very short values would redact ordinary words; real secrets are long.
      if (value.length >= 8) secrets.add(value);
    },
  };
}
