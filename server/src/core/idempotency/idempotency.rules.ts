// Pure rules of Idempotency-Key handling: which keys are acceptable, which operations
// a key applies to, the fingerprint that tells a retry from a different request, and
// the sealing of stored responses (a createToken response holds a bearer token).
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { Kind, OperationTypeNode, print, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * Every mutation that makes something new. A retry of one of these must not make it
 * twice, so a key on them is honoured; test/idempotency.test.ts checks that every
 * create*, request* and import* mutation of the schema is listed here.
 */
export const CREATING_MUTATIONS: ReadonlySet<string> = new Set([
  'createApiClient',
  'createOrganization',
  'createPersonalToken',
  'createPracticeCase',
  'createToken',
  'createUser',
  'importPracticeCases',
  'requestStudyVisit',
]);

/** How long a stored response is replayed. */
export const KEY_TTL_HOURS = 24;

// Printable ASCII, no space at either end (HTTP would trim it), like Stripe's keys.
const KEY = /^[\x21-\x7e](?:[\x20-\x7e]{0,253}[\x21-\x7e])?$/;

export function isValidKey(key: string): boolean {
  return KEY.test(key);
}

function rootFields(selections: SelectionSetNode, document: DocumentNode, out: string[], depth = 0): string[] {
  if (depth > 10) return out;
  for (const s of selections.selections) {
    if (s.kind === Kind.FIELD) out.push(s.name.value);
    else if (s.kind === Kind.INLINE_FRAGMENT) rootFields(s.selectionSet, document, out, depth + 1);
    else {
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === s.name.value);
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) rootFields(fragment.selectionSet, document, out, depth + 1);
    }
  }
  return out;
}

/** The creating mutations an operation runs; empty for queries and other mutations. */
export function creatingFields(operation: OperationDefinitionNode, document: DocumentNode): string[] {
  if (operation.operation !== OperationTypeNode.MUTATION) return [];
  return rootFields(operation.selectionSet, document, []).filter((name) => CREATING_MUTATIONS.has(name));
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** Same operation, same operation name, same variables (in any key order) → same hash. */
export function requestHash(document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): string {
  return sha256(JSON.stringify([print(document), operationName ?? null, canonical(variables ?? {})]));
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

// The stored response is encrypted with a key derived from the idempotency key, which
// only its sender knows (the table keeps just a hash of it): someone who can read the
// table cannot read a token a createToken response carried.
function sealingKey(idempotencyKey: string, actor: string): Buffer {
  return Buffer.from(hkdfSync('sha256', idempotencyKey, actor, 'utbyte idempotent response v1', 32));
}

export function sealResponse(response: unknown, idempotencyKey: string, actor: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(idempotencyKey, actor), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(response), 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

export function openResponse<T>(sealed: string, idempotencyKey: string, actor: string): T {
  const raw = Buffer.from(sealed.slice(3), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', sealingKey(idempotencyKey, actor), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')) as T;
}
