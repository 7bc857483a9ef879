// Validates JSON against Plaid's official OpenAPI spec (vendor/plaid-openapi, gzipped;
// its source and licence are in vendor/plaid-openapi/SOURCE.txt).
// The spec is OpenAPI 3.0, so schemas are converted to plain JSON Schema first:
// `nullable: true` becomes a type union with "null", `$ref`s point into one shared
// definitions document, vendor `x-` keys are dropped. Parsing the 3 MB YAML takes
// seconds, and every test file runs in its own process, so the converted schemas
// are cached on disk, keyed by the spec's content hash.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
export const PLAID_SPEC_PATH = resolve(here, '../../vendor/plaid-openapi/2020-09-14.yml.gz');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonSchema = { [key: string]: Json };

interface EndpointSchemas {
  request?: string;
  response?: string;
}

interface ConvertedSpec {
  definitions: Record<string, JsonSchema>;
  endpoints: Record<string, EndpointSchemas>;
}

export interface SpecIssue {
  path: string;
  message: string;
}

const DEFS_ID = 'plaid-spec';
const REF_PREFIX = '#/components/schemas/';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `schema` without `key`, its other keys in their order. */
function withoutKey(schema: JsonSchema, key: string): JsonSchema {
  return Object.fromEntries(Object.entries(schema).filter(([k]) => k !== key));
}

function convertSchema(node: unknown): Json {
  if (Array.isArray(node)) return node.map(convertSchema);
  if (!isObject(node)) return node as Json;
  if (typeof node.$ref === 'string') {
    // OpenAPI 3.0 ignores siblings of $ref, so does this conversion.
    return { $ref: `${DEFS_ID}#/definitions/${node.$ref.slice(REF_PREFIX.length)}` };
  }
  let out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (
      key.startsWith('x-') ||
      key === 'nullable' ||
      key === 'description' ||
      key === 'example' ||
      key === 'examples' ||
      key === 'discriminator' ||
      key === 'externalDocs'
    )
      continue;
    if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertSchema(v)]));
    } else if (key === 'enum' || key === 'required' || key === 'type' || key === 'default') {
      out[key] = value as Json;
    } else {
      out[key] = convertSchema(value);
    }
  }
  // OpenAPI 3.0 keeps draft-4's boolean exclusiveMinimum/Maximum.
  for (const [bound, exclusive] of [
    ['minimum', 'exclusiveMinimum'],
    ['maximum', 'exclusiveMaximum'],
  ] as const) {
    if (typeof out[exclusive] !== 'boolean') continue;
    if (out[exclusive] === true && typeof out[bound] === 'number') {
      out[exclusive] = out[bound];
      out = withoutKey(out, bound);
    } else {
      out = withoutKey(out, exclusive);
    }
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return out;
    }
    if (out.type === undefined) return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

function schemaRefName(media: unknown): string | undefined {
  if (!isObject(media)) return undefined;
  const json = media['application/json'];
  if (!isObject(json) || !isObject(json.schema) || typeof json.schema.$ref !== 'string') return undefined;
  return json.schema.$ref.slice(REF_PREFIX.length);
}

function convertSpec(text: string): ConvertedSpec {
  const doc: unknown = parseYaml(text);
  if (!isObject(doc) || !isObject(doc.components) || !isObject(doc.components.schemas) || !isObject(doc.paths)) {
    throw new Error(`${PLAID_SPEC_PATH} is not an OpenAPI document with components.schemas`);
  }
  const definitions: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    definitions[name] = convertSchema(schema) as JsonSchema;
  }
  const endpoints: Record<string, EndpointSchemas> = {};
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!isObject(item) || !isObject(item.post)) continue;
    const post = item.post;
    const responses = isObject(post.responses) ? post.responses : {};
    const ok = responses['200'];
    endpoints[path] = {
      request: isObject(post.requestBody) ? schemaRefName(post.requestBody.content) : undefined,
      response: isObject(ok) ? schemaRefName(ok.content) : undefined,
    };
  }
  return { definitions, endpoints };
}

function loadConverted(specPath: string): ConvertedSpec {
  const raw = readFileSync(specPath);
  const text = (specPath.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const hash = createHash('sha256').update(text).update(convertSchema.toString()).digest('hex').slice(0, 16);
  const cachePath = join(tmpdir(), `plaid-sim-spec-${hash}.json`);
  if (existsSync(cachePath)) {
    try {
      return JSON.parse(readFileSync(cachePath, 'utf8')) as ConvertedSpec;
    } catch {
      // A torn or foreign cache file: rebuild it below.
    }
  }
  const converted = convertSpec(text);
  const tmp = `${cachePath}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(converted));
  renameSync(tmp, cachePath);
  return converted;
}

function formatIssues(errors: ErrorObject[]): SpecIssue[] {
  return errors.map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
    return { path: e.instancePath || '/', message: `${e.message ?? e.keyword}${extra}` };
  });
}

export class PlaidSpec {
  readonly endpoints: ReadonlyMap<string, EndpointSchemas>;
  readonly definitions: Readonly<Record<string, JsonSchema>>;
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(converted: ConvertedSpec) {
    this.endpoints = new Map(Object.entries(converted.endpoints));
    this.definitions = converted.definitions;
    // strict: false because the spec uses keywords (deprecated, title, ...) and
    // shapes ajv's strict mode rejects; the validation itself stays exact.
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
    addFormats(this.ajv);
    // Numeric widths and vendor formats carry no constraint JSON can check.
    for (const name of ['double', 'float', 'int32', 'int64', 'binary', 'cognito_id', 'valid']) {
      this.ajv.addFormat(name, true);
    }
    this.ajv.addSchema({ $id: DEFS_ID, definitions: converted.definitions });
  }

  hasEndpoint(endpoint: string): boolean {
    return this.endpoints.has(endpoint);
  }

  /** Validates `value` against components.schemas[name]. */
  validateSchema(name: string, value: unknown): SpecIssue[] {
    return formatIssues(this.validateSchemaDetailed(name, value));
  }

  /** Like validateSchema, with ajv's raw error objects (keyword, params) for callers that map them. */
  validateSchemaDetailed(name: string, value: unknown): ErrorObject[] {
    if (!(name in this.definitions)) throw new Error(`the Plaid spec has no schema named ${name}`);
    let validate = this.validators.get(name);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DEFS_ID}#/definitions/${name}` });
      this.validators.set(name, validate);
    }
    return validate(value) ? [] : [...(validate.errors ?? [])];
  }

  responseSchemaName(endpoint: string, httpStatus: number): string {
    if (httpStatus !== 200) return 'PlaidError';
    const name = this.endpoints.get(endpoint)?.response;
    if (!name) throw new Error(`the Plaid spec has no 200 response schema for ${endpoint}`);
    return name;
  }

  /** A 200 must match the endpoint's response schema; anything else is a PlaidError. */
  validateResponse(endpoint: string, httpStatus: number, body: unknown): SpecIssue[] {
    const issues = this.validateSchema(this.responseSchemaName(endpoint, httpStatus), body);
    if (
      httpStatus !== 200 &&
      isObject(body) &&
      body.status !== undefined &&
      body.status !== null &&
      body.status !== httpStatus
    ) {
      issues.push({ path: '/status', message: `error status ${String(body.status)} differs from HTTP ${httpStatus}` });
    }
    return issues;
  }

  requestSchemaName(endpoint: string): string | undefined {
    return this.endpoints.get(endpoint)?.request;
  }

  /** Follows $ref (also through a nullable wrapper) to the schema object it names. */
  resolve(schema: Json | undefined): JsonSchema | undefined {
    let current = schema;
    for (let hops = 0; hops < 20 && isObject(current); hops++) {
      if (typeof current.$ref === 'string') {
        current = this.definitions[current.$ref.slice(`${DEFS_ID}#/definitions/`.length)];
        continue;
      }
      return current as JsonSchema;
    }
    return undefined;
  }
}

let cached: PlaidSpec | undefined;

export function loadPlaidSpec(specPath: string = PLAID_SPEC_PATH): PlaidSpec {
  if (specPath !== PLAID_SPEC_PATH) return new PlaidSpec(loadConverted(specPath));
  cached ??= new PlaidSpec(loadConverted(specPath));
  return cached;
}

export function describeIssues(issues: SpecIssue[]): string {
  return issues.map((i) => `  ${i.path}: ${i.message}`).join('\n');
}

/** Throws when `body` is not what Plaid's spec allows for this endpoint and status. */
export function assertMatchesSpec(endpoint: string, httpStatus: number, body: unknown): void {
  const spec = loadPlaidSpec();
  const issues = spec.validateResponse(endpoint, httpStatus, body);
  if (issues.length > 0) {
    const schema = spec.responseSchemaName(endpoint, httpStatus);
    throw new Error(`${endpoint} HTTP ${httpStatus} does not match ${schema}:\n${describeIssues(issues)}`);
  }
}
