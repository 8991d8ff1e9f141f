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
