// Two versions of a field side by side (one above the other on a phone), for the
// editor's "changed by someone else" page and a case's versions: the field's name as a
// heading, then each version under its own small heading. No table, so a long word or
// address wraps instead of widening a 360 px page.
import type { ComponentChildren } from 'preact';

export interface CompareSide {
  title: string;
  content: ComponentChildren;
}

export function CompareField({ label, sides }: { label: string; sides: CompareSide[] }) {
  return (
    <div class="compare__field">
      <h3 class="compare__label">{label}</h3>
      <div class="compare__sides">
        {sides.map((side) => (
          <div class="compare__side">
            <p class="compare__side-title">{side.title}</p>
            <div class="compare__value">{side.content}</div>
          </div>
        ))}
      </div>
    </div>
  );
}
