// Collects per-field UserErrors for a mutation input, so a client learns every
// problem at once and nothing is written while any remains.
import { UserErrorCode, userError, type UserError } from './errors';

export const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[A-Za-z]{2,}$/;
export const PHONE = /^\+?[0-9 ()-]{5,30}$/;
export const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class Checker {
  readonly errors: UserError[] = [];

  add(field: string | string[], code: UserErrorCode, message: string): void {
    this.errors.push(userError(field, code, message));
  }

  get ok(): boolean {
    return this.errors.length === 0;
  }

  /** Trimmed text within bounds; returns the trimmed value. */
  text(field: string, value: string | null | undefined, opts: { required?: boolean; max: number; min?: number }): string | undefined {
    if (value === undefined || value === null) {
      if (opts.required) this.add(field, UserErrorCode.REQUIRED, `${field} is required`);
      return undefined;
    }
    const trimmed = value.trim();
    if (opts.required && trimmed.length === 0) {
      this.add(field, UserErrorCode.REQUIRED, `${field} must not be empty`);
    } else if (trimmed.length > opts.max) {
      this.add(field, UserErrorCode.TOO_LONG, `${field} must be at most ${opts.max} characters (got ${trimmed.length})`);
    } else if (opts.min !== undefined && trimmed.length < opts.min) {
      this.add(field, UserErrorCode.INVALID, `${field} must be at least ${opts.min} characters`);
    }
    // Control characters other than tab and newlines are never meant.
    if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(trimmed)) this.add(field, UserErrorCode.INVALID, `${field} contains control characters`);
    return trimmed;
  }

  list<T>(field: string, value: T[] | null | undefined, opts: { min?: number; max: number }): T[] | undefined {
    if (value === undefined || value === null) {
      if (opts.min) this.add(field, UserErrorCode.REQUIRED, `${field} needs at least ${opts.min}`);
      return undefined;
    }
    if (opts.min !== undefined && value.length < opts.min) this.add(field, UserErrorCode.OUT_OF_RANGE, `${field} needs at least ${opts.min}`);
    if (value.length > opts.max) this.add(field, UserErrorCode.OUT_OF_RANGE, `${field} takes at most ${opts.max} (got ${value.length})`);
    return value;
  }

  url(field: string, value: string): string | undefined {
    const trimmed = value.trim();
    let parsed: URL | undefined;
    try {
      parsed = new URL(trimmed);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || trimmed.length > 2000 || !parsed.hostname.includes('.')) {
      this.add(field, UserErrorCode.INVALID, `${field} must be an http(s) URL`);
      return undefined;
    }
    return trimmed;
  }

  email(field: string, value: string): string | undefined {
    const trimmed = value.trim();
    if (trimmed.length > 254 || !EMAIL.test(trimmed)) {
      this.add(field, UserErrorCode.INVALID, `${field} is not a valid e-mail address`);
      return undefined;
    }
    return trimmed;
  }
}
