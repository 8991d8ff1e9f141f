// Highlights come from the API as HTML; the page must turn only <mark> into markup and
// show everything else as text, whatever the case's own text contains.
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { Highlighted, highlightRuns } from './Highlighted';

test('the API’s escaped text becomes plain text again and <mark> becomes marked runs', () => {
  expect(highlightRuns('a &lt;i&gt;b&lt;/i&gt; &amp; <mark>c</mark> &quot;d&quot;')).toEqual([
    { text: 'a <i>b</i> & ', marked: false },
    { text: 'c', marked: true },
    { text: ' "d"', marked: false },
  ]);
});

test('rendered, only <mark> is markup: anything else in the string is shown as text', () => {
  const html = renderToString(h('p', null, h(Highlighted, { html: '<mark>språkvän</mark> <img src=x onerror=alert(1)> &lt;script&gt;' })));
  expect(html).toBe('<p><mark>språkvän</mark> &lt;img src=x onerror=alert(1)> &lt;script></p>');
});
