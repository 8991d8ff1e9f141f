// Opaque Relay global ids: base64url("<Type>:<key>"). Clients must not parse them;
// we keep them readable when decoded only to ease debugging.
export function toGlobalId(type: string, key: string | number): string {
  return Buffer.from(`${type}:${key}`, 'utf8').toString('base64url');
}

export function fromGlobalId(id: string): { type: string; key: string } | null {
  if (typeof id !== 'string' || id.length === 0 || id.length > 200 || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return null;
  const type = decoded.slice(0, colon);
  if (!/^[A-Za-z]+$/.test(type)) return null;
  // A control character (NUL above all) in a key can only be an attack, and PostgreSQL
  // would answer it with a protocol error rather than "not found".
  if (/[\u0000-\u001f]/.test(decoded)) return null;
  return { type, key: decoded.slice(colon + 1) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one uuid check. Every key that reaches a uuid column passes it first, because
 * PostgreSQL answers a malformed uuid with an error where the client deserves "not found".
 */
export function isUuid(value: unknown): boolean {
  return typeof value === 'string' && UUID.test(value);
}

/** The node types whose keys are the uuid primary keys of their tables. */
export type UuidKeyedType = 'PracticeCase' | 'PracticeCaseRevision' | 'StudyVisit' | 'HostingOffer' | 'Organization' | 'User' | 'ApiClient' | 'ApiToken' | 'SignInSession';

/**
 * The uuid key of a global id that names one `type`, or null for anything else: a
 * malformed id, a well-formed id of another type, or a key that is not a uuid. The
 * caller decides what null means where it stands (NOT_FOUND, a userError, BAD_USER_INPUT);
 * it never has to check the key again before querying with it.
 */
export function decodeId(id: string, type: UuidKeyedType): string | null {
  const parsed = fromGlobalId(id);
  return parsed?.type === type && isUuid(parsed.key) ? parsed.key : null;
}
