import { buildCalendar, escapeText, foldLine } from './calendar';

test('text escaping', () => {
  expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
});

test('folding keeps lines within 75 octets and never splits a character', () => {
  const line = `SUMMARY:${'Mötesplats Bullerbyn i Vimmerby – åäö '.repeat(6)}`;
  const folded = foldLine(line);
  const parts = folded.split('\r\n');
  expect(parts.length).toBeGreaterThan(2);
  for (const p of parts) expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
  parts.slice(1).forEach((p) => expect(p.startsWith(' ')).toBe(true));
  expect(parts.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
  expect(folded).not.toContain('\uFFFD');
});

test('all-day events end the day after', () => {
  const ics = buildCalendar('x', [{ uid: 'u@x', stamp: new Date('2019-10-01T08:00:00Z'), sequence: 0, start: '2019-12-31', end: '2019-12-31', summary: 's', description: 'd', location: null, url: null }]);
  expect(ics).toContain('DTSTART;VALUE=DATE:20191231\r\nDTEND;VALUE=DATE:20200101\r\n');
  expect(ics).toContain('DTSTAMP:20191001T080000Z\r\n');
  expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
});
