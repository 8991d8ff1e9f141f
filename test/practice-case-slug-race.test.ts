// Slugs generated from titles must stay unique when editors create like-titled cases
// at the same moment: the benchmark's loader found that concurrent creates could both
// pick the same free slug and the loser got a DUPLICATE error for a slug it never gave.
import { tokenFor } from './helpers/actors';
import { CREATE, caseInput } from './helpers/cases';
import { useTestSystem } from './helpers/harness';

const { t } = useTestSystem();

test('twelve simultaneous creates with the same title all succeed with distinct slugs', async () => {
  const editor = await tokenFor(t, 'EDITOR', '0884');
  const results = await Promise.all(
    Array.from({ length: 12 }, () => t.data(CREATE, { input: caseInput({ title: 'Språkcafé på biblioteket i Vimmerby' }) }, { token: editor })),
  );
  const errors = results.flatMap((r) => r.createPracticeCase.userErrors);
  expect(errors).toEqual([]);
  const slugs = results.map((r) => r.createPracticeCase.practiceCase.slug);
  expect(new Set(slugs).size).toBe(12);
  expect(slugs).toContain('sprakcafe-pa-biblioteket-i-vimmerby');
});

test('a slug the editor chose is still reported as taken, not silently changed', async () => {
  const editor = await tokenFor(t, 'EDITOR', '0884');
  const first = await t.data(CREATE, { input: caseInput({ slug: 'eget-val' }) }, { token: editor });
  expect(first.createPracticeCase.userErrors).toEqual([]);
  const second = await t.data(CREATE, { input: caseInput({ slug: 'eget-val' }) }, { token: editor });
  expect(second.createPracticeCase.practiceCase).toBeNull();
  expect(second.createPracticeCase.userErrors).toEqual([expect.objectContaining({ field: ['input', 'slug'], code: 'DUPLICATE' })]);
});
