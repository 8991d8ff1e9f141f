// What a page's POST action receives, and the access check of signed-in pages.
// Form values are bounded like query parameters: an over-long or repeated-when-single
// value, or text no database can store (NUL), is a bad request (the 400 page), never
// work for the server.
import type { Viewer } from '../../server/src/core/context';
import { UNSTORABLE } from '../../server/src/core/unstorable-text';
import { BadRequest, Forbidden, SignInRequired, type PageRequest } from './page';

export { Forbidden, SignInRequired };

/** The most values one repeated field (`all`) may carry. */
const MAX_REPEATS = 500;

/** A parsed urlencoded body (express.urlencoded with extended: false): strings, or arrays of them for repeated names. */
export type FormBody = Record<string, string | string[] | undefined>;

/** A value within `max` characters and storable; no browser typing sends a NUL, so one is a hand-made post. */
function checked(name: string, value: string, max: number): string {
  if (value.length > max) throw new BadRequest(`${name} is longer than ${max} characters`);
  if (UNSTORABLE.test(value)) throw new BadRequest(`${name} holds a NUL character or broken Unicode`);
  return value;
}

export class FormFields {
  constructor(private readonly body: FormBody) {}

  /** One value, '' when absent; longer than `max` characters or given twice is a bad request. */
  field(name: string, max: number): string {
    const value = this.body[name];
    if (value === undefined) return '';
    if (Array.isArray(value)) throw new BadRequest(`${name} was sent more than once`);
    return checked(name, value, max);
  }

  /** Every value of a repeated field (checkboxes, rows), in order; each at most `max` characters. */
  all(name: string, max: number): string[] {
    const value = this.body[name];
    const values = value === undefined ? [] : Array.isArray(value) ? value : [value];
    if (values.length > MAX_REPEATS) throw new BadRequest(`${name} was sent more than ${MAX_REPEATS} times`);
    for (const v of values) checked(name, v, max);
    return values;
  }

  /** Whether a checkbox (or any field) was sent at all. */
  has(name: string): boolean {
    return this.body[name] !== undefined;
  }
}

/**
 * The signed-in viewer, or SignInRequired (the router answers 303 to the sign-in page
 * and back). With `roles`, a viewer of another role gets the 403 page. This only picks
 * the page to show: what the viewer may read or change is still the API's to decide.
 */
export function requireViewer(page: Pick<PageRequest, 'viewer'>, options: { roles?: readonly NonNullable<Viewer['role']>[] } = {}): Viewer {
  const { viewer } = page;
  if (viewer.kind !== 'user') throw new SignInRequired();
  if (options.roles && (!viewer.role || !options.roles.includes(viewer.role))) throw new Forbidden(`needs ${options.roles.join(' or ')}`);
  return viewer;
}
