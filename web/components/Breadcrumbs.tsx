import type { PageRequest } from '../server/page';

/** Where the page sits; the last crumb is the page itself and is not a link. */
export function Breadcrumbs({ page, trail }: { page: PageRequest; trail: { label: string; path?: string }[] }) {
  return (
    <nav class="breadcrumbs" aria-label={page.t.breadcrumbs}>
      <ol class="breadcrumbs__list">
        {trail.map((crumb) => (
          <li class="breadcrumbs__item">{crumb.path ? <a href={page.href(crumb.path)}>{crumb.label}</a> : <span aria-current="page">{crumb.label}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}
