// Both languages have every key, at every depth, and no value is left empty.
import { DICTIONARIES } from './i18n';

function keys(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k)).sort();
}

test('sv and en have the same keys', () => {
  expect(keys(DICTIONARIES.en)).toEqual(keys(DICTIONARIES.sv));
});

test('no text is empty, and functions give text in both languages', () => {
  for (const dictionary of Object.values(DICTIONARIES)) {
    for (const key of keys(dictionary)) {
      const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], dictionary);
      const text = typeof value === 'function' ? (value as (...args: unknown[]) => string)(2, 3, 4) : value;
      expect({ key, ok: typeof text === 'string' && text.trim().length > 0 }).toEqual({ key, ok: true });
    }
  }
});
