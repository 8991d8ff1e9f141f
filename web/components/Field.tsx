// A labelled text input in GOV.UK's pattern: label, optional hint, the error message
// (from the server, `userErrors`) just above the input, and aria-describedby tying hint
// and error to it, so a screen reader reads them with the field.
export interface TextFieldProps {
  /** id of the input; the error summary links to it. */
  id: string;
  name: string;
  label: string;
  value?: string;
  hint?: string;
  error?: string;
  type?: 'text' | 'email' | 'password' | 'url' | 'date' | 'number' | 'search';
  autocomplete?: string;
  required?: boolean;
  maxLength?: number;
}

export function TextField(props: TextFieldProps) {
  const hintId = props.hint ? `${props.id}-hint` : undefined;
  const errorId = props.error ? `${props.id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={props.error ? 'field field--error' : 'field'}>
      <label class="field__label" for={props.id}>
        {props.label}
      </label>
      {props.hint ? (
        <p class="field__hint" id={hintId}>
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p class="field__error" id={errorId}>
          {props.error}
        </p>
      ) : null}
      <input
        // preact types each input type's attributes apart, and cannot check a union of types at once.
        {...{ type: (props.type ?? 'text') as 'text' }}
        class="input field__input"
        id={props.id}
        name={props.name}
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        required={props.required}
        maxLength={props.maxLength}
        aria-describedby={describedBy}
        aria-invalid={props.error ? 'true' : undefined}
      />
    </div>
  );
}
