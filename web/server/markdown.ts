// A case's body is Markdown written by editors in any municipality: it is rendered on the
// server into a small, fixed set of tags. Two independent layers keep script out:
// markdown-it with raw HTML off (so "<script>" stays text) and links limited to http(s),
// mailto and relative paths; then sanitize-html with an allow-list of exactly the tags and
// attributes that renderer can produce, in case a Markdown rule or a future option lets
// something through. Images become links: the CSP (img-src 'self') and "nothing loads
// from the internet" mean a remote picture could never show anyway.
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/** Longest body the API accepts; anything longer is cut rather than rendered. */
const MAX_SOURCE = 50_000;

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const ALLOWED_SCHEMES = ['http', 'https', 'mailto'];

/** http(s), mailto and paths on this site; no other scheme, no protocol-relative "//host". */
export function isSafeMarkdownLink(url: string): boolean {
  const trimmed = url.trim();
  const scheme = SCHEME.exec(trimmed);
  if (scheme) return ALLOWED_SCHEMES.includes(scheme[1].toLowerCase());
  return !/^[\\/]{2}/.test(trimmed.replace(/\\/g, '/'));
}

const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false });
md.validateLink = isSafeMarkdownLink;

// Content links leave the site: no referrer, no ranking credit for what editors link to.
md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx];
  const href = String(token.attrGet('href') ?? '');
  if (SCHEME.test(href)) token.attrSet('rel', 'nofollow noopener noreferrer');
  return self.renderToken(tokens, idx, options);
};

md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx];
  const src = String(token.attrGet('src') ?? '');
  const alt = md.utils.escapeHtml(token.content || src);
  return `<a href="${md.utils.escapeHtml(src)}" rel="nofollow noopener noreferrer">${alt}</a>`;
};

/** Tags the renderer can emit with the options above; h1/h2 are shifted away (see headingShift). */
const ALLOWED_TAGS = ['p', 'br', 'hr', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'em', 'strong', 's', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td'];

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  // Table alignment arrives as style="", which the CSP would refuse anyway.
  allowedAttributes: { a: ['href', 'rel'], ol: ['start'] },
  allowedSchemes: ALLOWED_SCHEMES,
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
};

/**
 * The page puts the body under its own h2, so the body's top heading level becomes h3
 * and deeper levels follow, capped at h6: "# Bakgrund" never competes with the page's h1.
 */
function shiftHeadings(tokens: ReturnType<typeof md.parse>): void {
  const levels = tokens.filter((t) => t.type === 'heading_open').map((t) => Number(t.tag.slice(1)));
  if (!levels.length) return;
  const shift = 3 - Math.min(...levels);
  for (const token of tokens) {
    if (token.type === 'heading_open' || token.type === 'heading_close') token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + shift)}`;
  }
}

/** The second layer alone: HTML cut down to the tags and attributes the renderer makes. */
export function sanitizeRendered(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/** Markdown to HTML that is safe to place in a page as is. */
export function renderMarkdown(source: string): string {
  const env = {};
  const tokens = md.parse(source.slice(0, MAX_SOURCE), env);
  shiftHeadings(tokens);
  return sanitizeRendered(md.renderer.render(tokens, md.options, env));
}
