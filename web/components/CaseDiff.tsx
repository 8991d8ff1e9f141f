// The review page's comparison, field by field: the published version on the left, the
// submitted one on the right (one above the other on a phone). Removed words are <del>
// and added ones <ins>, struck through and underlined, and each mark also says in words
// (visually hidden) that it is removed or added, so nothing rests on colour alone or on
// a screen reader announcing the elements. Unchanged fields are only named.
import type { FieldDiff, Segment } from '../server/case-diff';
import type { PageRequest } from '../server/page';

function Marked({ page, segment }: { page: PageRequest; segment: Segment }) {
  const t = page.t.review;
  if (segment.kind === 'same') return <>{segment.text}</>;
  const Tag = segment.kind === 'added' ? 'ins' : 'del';
  return (
    <Tag class={`diff__${segment.kind}`}>
      <span class="visually-hidden">[{segment.kind === 'added' ? t.added : t.removed}</span>
      {segment.text}
      <span class="visually-hidden">]</span>
    </Tag>
  );
}

function Side({ page, field, segments }: { page: PageRequest; field: FieldDiff; segments: Segment[] }) {
  if (!segments.length) return <p class="diff__empty">{page.t.review.empty}</p>;
  if (field.shape === 'text') {
    return (
      <p class={`diff__text${field.key === 'body' ? ' diff__text--source' : ''}`}>
        {segments.map((s) => (
          <Marked page={page} segment={s} />
        ))}
      </p>
    );
  }
  return (
    <ul class="diff__list">
      {segments.map((s) => (
        <li class={s.kind === 'same' ? undefined : `diff__item--${s.kind}`}>
          <Marked page={page} segment={s} />
        </li>
      ))}
    </ul>
  );
}

/** `inReview`: the new side is what was submitted; otherwise it is the case as it stands (a published case edited since). */
export function CaseDiff({ page, fields, revision, inReview }: { page: PageRequest; fields: FieldDiff[]; revision: number | null; inReview: boolean }) {
  const t = page.t.review;
  const label = (key: string) => t.fields[key] ?? key;
  if (revision === null) {
    return (
      <div class="diff">
        <p>{t.newIntro}</p>
        {fields.map((f) => (
          <section class="diff__field" aria-labelledby={`falt-${f.key}`}>
            <h3 id={`falt-${f.key}`}>{label(f.key)}</h3>
            <Side page={page} field={f} segments={f.after} />
          </section>
        ))}
      </div>
    );
  }
  const changed = fields.filter((f) => f.changed);
  const unchanged = fields.filter((f) => !f.changed);
  return (
    <div class="diff">
      <p>{inReview ? t.compareIntro(revision) : t.compareCurrentIntro(revision)}</p>
      {changed.length ? null : <p class="notice">{t.nothingChanged}</p>}
      {changed.map((f) => (
        <section class="diff__field diff__field--changed" aria-labelledby={`falt-${f.key}`}>
          <h3 id={`falt-${f.key}`}>
            {label(f.key)} <span class="diff__badge">{t.changed}</span>
          </h3>
          <div class="diff__columns">
            <div class="diff__column">
              <h4 class="diff__heading">{t.published(revision)}</h4>
              <Side page={page} field={f} segments={f.before} />
            </div>
            <div class="diff__column">
              <h4 class="diff__heading">{inReview ? t.draft : t.current}</h4>
              <Side page={page} field={f} segments={f.after} />
            </div>
          </div>
        </section>
      ))}
      {unchanged.length ? (
        <p class="diff__unchanged">
          {t.unchanged}: {unchanged.map((f) => label(f.key)).join(', ')}
        </p>
      ) : null}
    </div>
  );
}
