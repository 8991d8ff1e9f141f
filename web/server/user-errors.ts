// A form's problems, from the page's own checks and from a payload's `userErrors`, as
// messages by field id (shown beside the field) and the error summary's list (linking
// to the field). The API names a field by its input path (['input', 'proposedDates',
// '1']); each form says which of its ids that is.
import type { FieldError } from '../components/ErrorSummary';

export interface ApiUserError {
  field: string[] | null;
  code: string;
  message: string;
}

/** The selection every payload's userErrors needs. */
export const USER_ERROR_FIELDS = 'userErrors { field code message }';

export class FormErrors {
  readonly byId = new Map<string, string>();
  readonly summary: FieldError[] = [];

  /** The first message for a field wins; the summary lists every field once. */
  add(id: string, message: string): this {
    if (this.byId.has(id)) return this;
    this.byId.set(id, message);
    this.summary.push({ field: id, message });
    return this;
  }

  get(id: string): string | undefined {
    return this.byId.get(id);
  }

  get any(): boolean {
    return this.summary.length > 0;
  }

  /**
   * The payload's errors: `idOf` maps the path below `input` to a field id (null: the
   * form as a whole, `fallback`); `text` may put a code into the reader's words.
   */
  addApi(errors: readonly ApiUserError[], idOf: (path: string[]) => string | null, fallback: string, text?: (e: ApiUserError) => string | undefined): this {
    for (const e of errors) {
      const path = e.field?.[0] === 'input' ? e.field.slice(1) : (e.field ?? []);
      this.add(idOf(path) ?? fallback, text?.(e) ?? e.message);
    }
    return this;
  }
}

/** An ISO calendar day as a date input sends it. */
export const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A day that exists (not 2026-02-30), as the API's Date scalar takes it: anything else
 * would fail the whole request, so a form checks it first and shows it at the field.
 */
export function isCalendarDay(value: string): boolean {
  if (!ISO_DAY.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}
