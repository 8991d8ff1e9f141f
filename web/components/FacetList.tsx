// One facet as a list of links, each with its count, that add or remove the value in
// the URL: filtering works without JavaScript, and every state is a link.
export interface FacetOption {
  value: string;
  label: string;
  count: number;
  selected: boolean;
  /** The URL with this value toggled. */
  href: string;
  /** Narrower values under this one (a theme's children), listed beneath it. */
  children?: FacetOption[];
}

function Options({ options }: { options: FacetOption[] }) {
  return (
    <>
      {options.map((o) => (
        <li class={o.selected ? 'facet__option facet__option--selected' : 'facet__option'}>
          <a href={o.href} aria-current={o.selected ? 'true' : undefined}>
            {o.label} <span class="facet__count">({o.count})</span>
          </a>
          {o.children?.length ? (
            <ul class="facet__list facet__list--nested">
              <Options options={o.children} />
            </ul>
          ) : null}
        </li>
      ))}
    </>
  );
}

export function FacetList({ title, options }: { title: string; options: FacetOption[] }) {
  if (!options.length) return null;
  return (
    <section class="facet" aria-label={title}>
      <h3 class="facet__title">{title}</h3>
      <ul class="facet__list">
        <Options options={options} />
      </ul>
    </section>
  );
}
