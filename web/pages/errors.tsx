// Bodies of the error pages (404, 400, 403, 500) in the site's layout. The router picks one;
// nothing about the failure beyond a reference the reader can quote is shown.
import type { PageRequest, PageView } from '../server/page';

export function errorView(page: PageRequest, status: 400 | 403 | 404 | 500): PageView {
  const { t } = page;
  const [title, body] =
    status === 404
      ? [t.errors.notFoundTitle, t.errors.notFoundBody]
      : status === 400
        ? [t.errors.badRequestTitle, t.errors.badRequestBody]
        : status === 403
          ? [t.errors.forbiddenTitle, t.errors.forbiddenBody]
          : [t.errors.serverTitle, t.errors.serverBody];
  return {
    status,
    title,
    description: body,
    noindex: true,
    body: (
      <>
        <h1>{title}</h1>
        <p>{body}</p>
        {status === 500 ? (
          <p class="hint">
            {t.errors.reference}: <code>{page.requestId}</code>
          </p>
        ) : null}
        <p>
          <a href={page.href('/')}>{t.errors.backHome}</a>
        </p>
      </>
    ),
  };
}
