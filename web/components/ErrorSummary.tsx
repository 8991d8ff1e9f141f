// GOV.UK's error summary: at the top of a form that failed, each message linking to
// its field. role="alert" has screen readers announce it when the page loads.
export interface FieldError {
  /** id of the input the message is about. */
  field: string;
  message: string;
}

export function ErrorSummary({ title, errors }: { title: string; errors: FieldError[] }) {
  if (!errors.length) return null;
  return (
    <div class="error-summary" id="fel" role="alert" aria-labelledby="fel-rubrik" tabIndex={-1}>
      <h2 class="error-summary__title" id="fel-rubrik">
        {title}
      </h2>
      <ul class="error-summary__list">
        {errors.map((e) => (
          <li>
            <a href={`#${e.field}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
