// Checks request bodies the way Plaid does before any endpoint logic runs:
// missing required fields (MISSING_FIELDS), fields the endpoint does not know
// (UNKNOWN_FIELDS) and values of the wrong type or enum (INVALID_FIELD). The
// rules come from the request schemas in Plaid's OpenAPI spec.
import { PlaidApiError } from './plaid-errors.js';
import type { JsonSchema, PlaidSpec } from './spec-validator.js';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object schemas a value must satisfy at once (allOf branches, the non-null side of a nullable). */
function objectBranches(spec: PlaidSpec, schema: JsonSchema | undefined): JsonSchema[] {
  const resolved = spec.resolve(schema);
  if (!resolved) return [];
  if (Array.isArray(resolved.anyOf)) {
    const nonNull = resolved.anyOf.filter((s) => !(isPlainObject(s) && s.type === 'null'));
    return nonNull.length === 1 ? objectBranches(spec, nonNull[0] as JsonSchema) : [];
  }
  const branches = [resolved];
  if (Array.isArray(resolved.allOf)) {
    for (const sub of resolved.allOf) branches.push(...objectBranches(spec, sub as JsonSchema));
  }
  return branches;
}

function unknownFields(
  spec: PlaidSpec,
  schema: JsonSchema | undefined,
  value: unknown,
  prefix: string,
  out: string[],
): void {
  if (Array.isArray(value)) {
    const resolved = spec.resolve(schema);
    value.forEach((v) => unknownFields(spec, resolved?.items as JsonSchema | undefined, v, prefix, out));
    return;
  }
  if (!isPlainObject(value)) return;
  const branches = objectBranches(spec, schema);
  // A branch that declares no properties, or allows extra ones, accepts any key.
  if (
    branches.length === 0 ||
    branches.some(
      (b) => !isPlainObject(b.properties) || (b.additionalProperties !== undefined && b.additionalProperties !== false),
    )
  ) {
    return;
  }
  for (const [key, child] of Object.entries(value)) {
    const owner = branches.find((b) => isPlainObject(b.properties) && key in b.properties);
    if (!owner) {
      out.push(prefix + key);
      continue;
    }
    const props = owner.properties as Record<string, JsonSchema>;
    unknownFields(spec, props[key], child, `${prefix}${key}.`, out);
  }
}

function fieldName(instancePath: string): string {
  return instancePath.replace(/^\//, '').replaceAll('/', '.');
}

/** Throws the PlaidApiError Plaid would answer for this body, if any. */
export function validateRequestBody(
  spec: PlaidSpec,
  endpoint: string,
  body: Record<string, unknown>,
  extraRequired: string[] = [],
): void {
  const schemaName = spec.requestSchemaName(endpoint);
  if (!schemaName) return;
  const missing = extraRequired.filter((f) => body[f] === undefined || body[f] === null);
  const issues = spec.validateSchemaDetailed(schemaName, body);
  for (const issue of issues) {
    if (issue.keyword === 'required') {
      const parent = fieldName(issue.instancePath);
      missing.push(parent ? `${parent}.${String(issue.params.missingProperty)}` : String(issue.params.missingProperty));
    }
  }
  if (missing.length > 0) {
    throw new PlaidApiError('MISSING_FIELDS', { vars: { fields: [...new Set(missing)].join(', ') } });
  }
  const unknown: string[] = [];
  unknownFields(spec, spec.definitions[schemaName], body, '', unknown);
  if (unknown.length > 0) throw new PlaidApiError('UNKNOWN_FIELDS', { vars: { fields: unknown.join(', ') } });
  const invalid = issues.find((i) => i.keyword !== 'required' && i.keyword !== 'anyOf' && i.keyword !== 'if');
  if (invalid) {
    const field = fieldName(invalid.instancePath) || 'body';
    const detail =
      invalid.keyword === 'enum'
        ? `${field} must be one of: ${(invalid.params.allowedValues as unknown[]).filter((v) => v !== null).join(', ')}`
        : `${field} ${invalid.message ?? 'is invalid'}`;
    throw new PlaidApiError('INVALID_FIELD', { vars: { detail } });
  }
}
