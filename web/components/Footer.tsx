import type { PageRequest } from '../server/page';

export function Footer({ page }: { page: PageRequest }) {
  return (
    <footer class="site-footer">
      <div class="container">
        <p>{page.t.footerAbout}</p>
        <p>
          <a href="/graphql">{page.t.footerApi}</a>
        </p>
      </div>
    </footer>
  );
}
