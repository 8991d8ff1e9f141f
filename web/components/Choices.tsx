// Radio buttons and checkboxes as GOV.UK groups them: a fieldset whose legend is the
// question, an optional hint and the error, each option a labelled input. The error
// summary links to the first option's id (`<id>`), so focus lands inside the group.
import type { ComponentChildren } from 'preact';
import { FieldError, Hint } from './Fields';

export interface Choice {
  value: string;
  label: ComponentChildren;
}

export interface ChoicesProps {
  id: string;
  name: string;
  legend: ComponentChildren;
  options: Choice[];
  /** The chosen value(s). */
  checked: readonly string[];
  hint?: ComponentChildren;
  error?: string;
  errorPrefix?: string;
  type: 'radio' | 'checkbox';
}

export function Choices(p: ChoicesProps) {
  const describedBy = [p.hint ? `${p.id}-hint` : '', p.error ? `${p.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${p.error ? ' field--error' : ''}`}>
      <fieldset class="choices" aria-describedby={describedBy}>
        <legend class="field__label">{p.legend}</legend>
        {p.hint ? <Hint id={p.id}>{p.hint}</Hint> : null}
        <FieldError id={p.id} message={p.error} prefix={p.errorPrefix} />
        {p.options.map((o, i) => {
          const id = i === 0 ? p.id : `${p.id}-${i + 1}`;
          return (
            <div class="choices__item">
              <input class="choices__input" type={p.type} id={id} name={p.name} value={o.value} checked={p.checked.includes(o.value)} />
              <label class="choices__label" for={id}>
                {o.label}
              </label>
            </div>
          );
        })}
      </fieldset>
    </div>
  );
}
