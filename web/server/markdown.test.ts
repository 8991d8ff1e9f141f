// The Markdown renderer on hostile input: each layer is checked on its own, so a change to
// one (a markdown-it option, the allow-list) cannot hide behind the other.
import { isSafeMarkdownLink, renderMarkdown, sanitizeRendered } from './markdown';

test('ordinary Markdown renders: paragraphs, emphasis, lists, links, a table', () => {
  const html = renderMarkdown('Vi **träffas** varje *torsdag*.\n\n- ett\n- två\n\n[Rapport](https://example.se/r.pdf) och [tema](/tema/language)\n\n| a | b |\n|---|:-:|\n| 1 | 2 |');
  expect(html).toContain('<strong>träffas</strong>');
  expect(html).toContain('<em>torsdag</em>');
  expect(html).toContain('<li>två</li>');
  expect(html).toContain('<a href="https://example.se/r.pdf" rel="nofollow noopener noreferrer">Rapport</a>');
  expect(html).toContain('<a href="/tema/language">tema</a>');
  expect(html).toContain('<td>2</td>');
  expect(html).not.toContain('style=');
});

test('raw HTML is text, not markup', () => {
  const html = renderMarkdown('<script>alert(1)</script>\n\nHej <img src=x onerror="alert(2)"> <b onclick="x()">fet</b>\n\n<iframe src="https://evil.example"></iframe>');
  expect(html).not.toMatch(/<(script|img|b|iframe)\b/i);
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).toContain('&lt;img src=x onerror="alert(2)"&gt;');
});

test('links to other schemes are not links; images become plain links', () => {
  const cases = ['[a](javascript:alert(1))', '[b](JaVaScRiPt:alert(1))', '[c](&#106;avascript:alert(1))', '[d](data:text/html;base64,PHNjcmlwdD4=)', '[e](vbscript:x)', '[f](//evil.example/x)', '<javascript:alert(1)>', '[g][r]\n\n[r]: javascript:alert(1)'];
  for (const source of cases) {
    const html = renderMarkdown(source);
    expect({ source, html: /href=/.test(html) }).toEqual({ source, html: false });
  }
  const img = renderMarkdown('![Bild på gruppen](https://example.se/a.png "t") ![x](javascript:alert(1))');
  expect(img).not.toContain('<img');
  expect(img).toContain('<a href="https://example.se/a.png" rel="nofollow noopener noreferrer">Bild på gruppen</a>');
  // The refused image stays as its source text; it is never an href.
  expect(img).not.toMatch(/href="javascript/i);
  expect(img).toContain('![x](javascript:alert(1))');
  expect(renderMarkdown('[mejla](mailto:info@example.se)')).toContain('href="mailto:info@example.se"');
});

test('the link check alone: http(s), mailto and relative paths only', () => {
  for (const ok of ['https://a.se', 'http://a.se/x', 'mailto:a@b.se', '/tema/x', 'sida', '#del', '?q=1']) expect(isSafeMarkdownLink(ok)).toBe(true);
  for (const bad of ['javascript:x', ' JAVASCRIPT:x', 'data:x', 'file:///etc/passwd', 'ftp://a', '//evil', '\\\\evil', '/\\evil']) expect(isSafeMarkdownLink(bad)).toBe(false);
});

test('headings start at h3 under the page sections and keep their order', () => {
  expect(renderMarkdown('# Bakgrund\n\n## Så gjorde vi\n\n###### djup')).toBe('<h3>Bakgrund</h3>\n<h4>Så gjorde vi</h4>\n<h6>djup</h6>\n');
  expect(renderMarkdown('## Så gjorde vi\n\n### Steg')).toBe('<h3>Så gjorde vi</h3>\n<h4>Steg</h4>\n');
});

test('the sanitizer stands on its own: markup that reaches it is cut to the allow-list', () => {
  const html = sanitizeRendered(
    '<p onclick="x()" style="color:red">a</p><script>alert(1)</script><a href="javascript:alert(1)">l</a><a href="//evil.example">p</a>' +
      '<img src=x onerror=alert(1)><iframe src="https://e.example"></iframe><svg onload=alert(1)></svg><h1>t</h1><td style="text-align:center">c</td>',
  );
  expect(html).not.toMatch(/<(script|img|iframe|svg|h1)\b/i);
  expect(html).not.toMatch(/onclick|onerror|onload|style=|javascript:|href="\/\//i);
  expect(html).toContain('<p>a</p>');
  expect(html).toContain('&lt;script&gt;');
});
