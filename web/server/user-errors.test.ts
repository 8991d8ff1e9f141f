import { isCalendarDay } from './user-errors';

test('isCalendarDay takes the days that exist, as the API\'s Date scalar does', () => {
  expect(['2026-03-31', '2028-02-29', '2000-02-29', '1999-12-31'].map(isCalendarDay)).toEqual([true, true, true, true]);
  expect(['2026-02-30', '2027-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '26-03-31', '2026-3-31', '2026-03-31x', ''].map(isCalendarDay)).toEqual(Array(10).fill(false));
});
