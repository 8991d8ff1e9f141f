import { diffContent, diffList, diffText } from './case-diff';

const join = (segments: { kind: string; text: string }[], kind: string) =>
  segments
    .filter((s) => s.kind === kind)
    .map((s) => s.text.trim())
    .filter(Boolean);

test('a changed word is removed on the old side and added on the new, the rest kept on both', () => {
  const d = diffText('Mötesplatsen är öppen varje tisdag.', 'Mötesplatsen är öppen varje torsdag.');
  expect(join(d.before, 'removed')).toEqual(['tisdag']);
  expect(join(d.after, 'added')).toEqual(['torsdag']);
  expect(d.before.map((s) => s.text).join('')).toBe('Mötesplatsen är öppen varje tisdag.');
  expect(d.after.map((s) => s.text).join('')).toBe('Mötesplatsen är öppen varje torsdag.');
});

test('identical text has no marks', () => {
  const d = diffText('Samma text', 'Samma text');
  expect([...d.before, ...d.after].every((s) => s.kind === 'same')).toBe(true);
});

test('a rewrite beyond the edit limit shows as wholly removed and wholly added instead of taking long', () => {
  const words = (seed: string) => Array.from({ length: 6000 }, (_, i) => `${seed}${i}`).join(' ');
  const d = diffText(words('a'), words('b'));
  expect(d.before).toEqual([{ kind: 'removed', text: words('a') }]);
  expect(d.after).toEqual([{ kind: 'added', text: words('b') }]);
});

test('lists are compared item by item', () => {
  const d = diffList(['Storebro', 'Vimmerby'], ['Vimmerby', 'Södra Vi']);
  expect(join(d.before, 'removed')).toEqual(['Storebro']);
  expect(join(d.after, 'added')).toEqual(['Södra Vi']);
  expect(join(d.after, 'same')).toEqual(['Vimmerby']);
});

test('diffContent says which fields changed; without a published version nothing is marked', () => {
  const before = { title: 'Bullerbyn', places: ['Storebro'] };
  const after = { title: 'Bullerbyn', places: ['Storebro', 'Rumskulla'] };
  expect(diffContent(['title', 'places'], before, after).map((f) => [f.key, f.shape, f.changed])).toEqual([
    ['title', 'text', false],
    ['places', 'list', true],
  ]);
  const fresh = diffContent(['title', 'places'], null, after);
  expect(fresh.every((f) => !f.changed && f.before.length === 0 && f.after.every((s) => s.kind === 'same'))).toBe(true);
  expect(fresh[1].after.map((s) => s.text)).toEqual(['Storebro', 'Rumskulla']);
});
