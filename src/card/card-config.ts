import {
  array,
  boolean,
  enums,
  integer,
  min,
  object,
  optional,
  refine,
  size,
  string,
  unknown,
  validate,
  type Infer,
} from 'superstruct';
import { parseDuration } from '../protocol/duration.js';
import { CARD_TAG } from './const.js';
import { TREND_OPTIONS, type Trend } from './trend/period.js';

export const SHOW_OPTIONS = ['current', 'available', 'both'] as const;
export const GROUP_BY_OPTIONS = ['institution', 'type', 'none'] as const;
export type Show = (typeof SHOW_OPTIONS)[number];
export type GroupBy = (typeof GROUP_BY_OPTIONS)[number];

/** What an unset key means; the editor shows the same. */
export const CARD_DEFAULTS = {
  show: 'current',
  group_by: 'institution',
  total: true,
  privacy: false,
  stale_after: '6h',
  trend: '30d',
  transactions: 5,
} as const satisfies Partial<Record<string, unknown>>;
const ENTITY_ID = /^[a-z0-9_]+\.[a-z0-9_]+$/;

const EntityId = refine(string(), 'entity_id', (value) => ENTITY_ID.test(value));
const Duration = refine(string(), 'duration', (value) => parseDuration(value) !== null);

/** The card's own options; the editor offers exactly these. */
const CARD_KEYS = [
  'entities',
  'title',
  'show',
  'group_by',
  'total',
  'privacy',
  'stale_after',
  'trend',
  'transactions',
] as const;

/**
 * One schema for setConfig and the editor. Unknown keys are rejected so a typo
 * (`group-by`) is reported instead of silently ignored; the last five keys are
 * written into card configs by HA itself (sections grid, visibility) and by
 * popular add-ons (layout-card, card-mod), so rejecting them would break cards.
 */
export const CardConfigSchema = object({
  type: string(),
  entities: optional(size(array(EntityId), 1, Infinity)),
  title: optional(string()),
  show: optional(enums(SHOW_OPTIONS)),
  group_by: optional(enums(GROUP_BY_OPTIONS)),
  total: optional(boolean()),
  privacy: optional(boolean()),
  stale_after: optional(Duration),
  trend: optional(enums(TREND_OPTIONS)),
  transactions: optional(min(integer(), 0)),
  grid_options: optional(unknown()),
  layout_options: optional(unknown()),
  visibility: optional(unknown()),
  view_layout: optional(unknown()),
  card_mod: optional(unknown()),
});
export type CardConfig = Infer<typeof CardConfigSchema>;

/** Config with every default applied, which is what rendering reads. */
export interface ResolvedConfig {
  entities: readonly string[] | null;
  title: string | null;
  show: Show;
  groupBy: GroupBy;
  total: boolean;
  privacy: boolean;
  staleAfterMs: number;
  trend: Trend;
  /** How many recent transactions to list; 0 hides the section. */
  transactions: number;
}

function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const EXAMPLE_ENTITY = 'sensor.plaid_chase_0000_current';

function explain(key: string, path: readonly (string | number)[], value: unknown): string {
  switch (key) {
    case 'type':
      return `"type" must be "custom:${CARD_TAG}" (got ${shown(value)})`;
    case 'entities':
      if (path.length > 1) {
        return (
          `"entities" item ${Number(path[1]) + 1} must be an entity id like ${EXAMPLE_ENTITY} ` +
          `(got ${shown(value)})`
        );
      }
      return (
        `"entities" must be a list of at least one entity id like ${EXAMPLE_ENTITY}, ` +
        `or left out to show every Plaid balance sensor (got ${shown(value)})`
      );
    case 'title':
      return `"title" must be text (got ${shown(value)})`;
    case 'show':
      return `"show" must be one of ${SHOW_OPTIONS.join(', ')} (got ${shown(value)})`;
    case 'group_by':
      return `"group_by" must be one of ${GROUP_BY_OPTIONS.join(', ')} (got ${shown(value)})`;
    case 'total':
    case 'privacy':
      return `"${key}" must be true or false (got ${shown(value)})`;
    case 'trend':
      return `"trend" must be one of ${TREND_OPTIONS.join(', ')} (got ${shown(value)})`;
    case 'transactions':
      return `"transactions" must be a whole number of transactions to list, 0 to hide them (got ${shown(value)})`;
    case 'stale_after':
      return `"stale_after" must be a duration like "90m", "6h", "2d" or "HH:MM:SS" (got ${shown(value)})`;
    default:
      return `unknown option "${key}"; the options are ${CARD_KEYS.join(', ')}`;
  }
}

/** Validates a raw config; the Error's message stands alone in HA's editor preview. */
export function parseCardConfig(raw: unknown): { config: CardConfig; resolved: ResolvedConfig } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new Error(
      `${CARD_TAG}: the configuration must be a set of options such as "type" and "show" (got ${shown(raw)})`,
    );
  }
  const [err, config] = validate(raw, CardConfigSchema);
  if (err) {
    // Report the first failure only: one precise sentence beats a list.
    const failure = err.failures()[0] ?? err;
    const key = String(failure.path[0] ?? 'type');
    throw new Error(`${CARD_TAG}: ${explain(key, failure.path, failure.value)}`);
  }
  // The schema's Duration refinement has checked it already; this narrows the type.
  const staleAfterMs = parseDuration(config.stale_after ?? CARD_DEFAULTS.stale_after);
  if (staleAfterMs === null) {
    throw new Error(`${CARD_TAG}: ${explain('stale_after', ['stale_after'], config.stale_after)}`);
  }
  return {
    config,
    resolved: {
      entities: config.entities ?? null,
      title: config.title ?? null,
      show: config.show ?? CARD_DEFAULTS.show,
      groupBy: config.group_by ?? CARD_DEFAULTS.group_by,
      total: config.total ?? CARD_DEFAULTS.total,
      privacy: config.privacy ?? CARD_DEFAULTS.privacy,
      staleAfterMs,
      trend: config.trend ?? CARD_DEFAULTS.trend,
      transactions: config.transactions ?? CARD_DEFAULTS.transactions,
    },
  };
}
