// The iCalendar feed over HTTP, parsed back with a small RFC 5545 reader written
// here (unfolding, parameters, TEXT unescaping) so the test checks the wire format
// rather than trusting the writer.
import { ensureOrganization, tokenFor, tokensFor } from './helpers/actors';
import { publishedCase } from './helpers/cases';
import { CANCEL, DECLINE, acceptVisit, inDays, requestVisit } from './helpers/study-visits';
import { useTestSystem } from './helpers/harness';
import { addDays } from '../server/src/modules/study-visits/study-visit.rules';

interface Property {
  name: string;
  params: Record<string, string>;
  value: string;
}
interface Component {
  name: string;
  props: Property[];
  children: Component[];
}

/** Unfolds (CRLF + one space or tab) and splits into content lines; refuses bare LF. */
function contentLines(text: string): string[] {
  if (/[^\r]\n/.test(text)) throw new Error('bare LF line ending');
  if (!text.endsWith('\r\n')) throw new Error('missing final CRLF');
  return text.replace(/\r\n[ \t]/g, '').split('\r\n').slice(0, -1);
}

function parseLine(line: string): Property {
  // name *(";" param) ":" value — a colon inside a quoted parameter value does not count.
  let i = 0;
  let inQuotes = false;
  for (; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') inQuotes = !inQuotes;
    else if (ch === ':' && !inQuotes) break;
  }
  if (i === line.length) throw new Error(`no value in "${line}"`);
  const [name, ...params] = line.slice(0, i).split(';');
  if (!/^[A-Za-z0-9-]+$/.test(name)) throw new Error(`bad property name "${name}"`);
  return {
    name: name.toUpperCase(),
    params: Object.fromEntries(params.map((p) => p.split('=') as [string, string])),
    value: line.slice(i + 1),
  };
}

function parseCalendar(text: string): Component {
  const stack: Component[] = [{ name: 'ROOT', props: [], children: [] }];
  for (const line of contentLines(text)) {
    const p = parseLine(line);
    if (p.name === 'BEGIN') {
      const c = { name: p.value, props: [], children: [] };
      stack[stack.length - 1].children.push(c);
      stack.push(c);
    } else if (p.name === 'END') {
      const c = stack.pop()!;
      if (c.name !== p.value) throw new Error(`END:${p.value} closes ${c.name}`);
    } else {
      stack[stack.length - 1].props.push(p);
    }
  }
  if (stack.length !== 1) throw new Error('unclosed component');
  const root = stack[0].children;
  if (root.length !== 1 || root[0].name !== 'VCALENDAR') throw new Error('expected exactly one VCALENDAR');
  return root[0];
}

const unescapeText = (v: string) => v.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
const prop = (c: Component, name: string) => c.props.find((p) => p.name === name);
const text = (c: Component, name: string) => unescapeText(prop(c, name)!.value);
const fromBasic = (d: string) => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;

const { t, actors } = useTestSystem({}, async (t) => {
  const tokens = await tokensFor(t, { eksjo: ['OFFICIAL', '0686'], vimmerby: ['EDITOR', '0884'] });
  await ensureOrganization(t, 'emilkraften', 'Emilkraften; ideell förening, Mariannelund', undefined, '0686');
  return tokens;
});

async function feed(code: string) {
  const res = await fetch(`${t.baseUrl}/calendar/municipalities/${code}.ics`);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

test('accepted visits appear in the feeds of both the host and the visitors, valid per RFC 5545', async () => {
  const reviewer = await tokenFor(t, 'REVIEWER');
  const long = 'Mötesplatserna Bullerbyn, CEOS, FABRIKEN och Storebro; språket som nyckel – så arbetar Vimmerby med öppna mötesplatser';
  const c = await publishedCase(t, actors.vimmerby, reviewer, { title: long.slice(0, 200), themes: ['meeting-places'] });
  const dates = { start: inDays(30), end: inDays(32) };
  const accepted = await acceptVisit(t, actors.vimmerby, await requestVisit(t, actors.eksjo, { visitingOrganization: 'emilkraften', practiceCase: c.id, proposedDates: [dates] }));
  const single = await acceptVisit(t, actors.vimmerby, await requestVisit(t, actors.eksjo, { proposedDates: [{ start: inDays(45), end: inDays(45) }] }));
  // Neither requested, declined nor cancelled visits are in the calendar.
  await requestVisit(t, actors.eksjo);
  const declined = await requestVisit(t, actors.eksjo);
  await t.data(DECLINE, { input: { id: declined.id, expectedVersion: 1, reason: 'Fullbokat.' } }, { token: actors.vimmerby });
  const cancelled = await acceptVisit(t, actors.vimmerby, await requestVisit(t, actors.eksjo));
  await t.data(CANCEL, { input: { id: cancelled.id, expectedVersion: cancelled.version } }, { token: actors.eksjo });

  const host = await feed('0884');
  expect(host.status).toBe(200);
  expect(host.type).toMatch(/^text\/calendar; charset=utf-8/);
  for (const physical of host.body.split('\r\n')) expect(Buffer.byteLength(physical, 'utf8')).toBeLessThanOrEqual(75);
  expect(host.body.split('\r\n').some((l) => l.startsWith(' '))).toBe(true); // something was long enough to fold

  const cal = parseCalendar(host.body);
  expect(prop(cal, 'VERSION')!.value).toBe('2.0');
  expect(prop(cal, 'PRODID')).toBeDefined();
  const events = cal.children.filter((x) => x.name === 'VEVENT');
  expect(events).toHaveLength(2);
  const uids = events.map((e) => prop(e, 'UID')!.value);
  expect(new Set(uids).size).toBe(2);
  for (const e of events) {
    expect(prop(e, 'DTSTAMP')!.value).toMatch(/^\d{8}T\d{6}Z$/);
    expect(prop(e, 'DTSTART')!.params).toEqual({ VALUE: 'DATE' });
    expect(prop(e, 'DTEND')!.params).toEqual({ VALUE: 'DATE' });
  }
  const [first, second] = events;
  // DTEND is exclusive: the day after the last day of the visit.
  expect(fromBasic(prop(first, 'DTSTART')!.value)).toBe(dates.start);
  expect(fromBasic(prop(first, 'DTEND')!.value)).toBe(addDays(dates.end, 1));
  expect(fromBasic(prop(second, 'DTEND')!.value)).toBe(inDays(46));
  // Escaped TEXT comes back exactly.
  expect(text(first, 'SUMMARY')).toBe('Studiebesök från Eksjö och Emilkraften; ideell förening, Mariannelund');
  expect(text(first, 'DESCRIPTION')).toContain(`Om: ${long.slice(0, 200)}`);
  expect(text(first, 'DESCRIPTION').split('\n')).toHaveLength(3);
  expect(text(first, 'LOCATION')).toBe('Vimmerby, Vimmerby kommun');
  // No personal data: the contact person is not in the feed.
  expect(host.body).not.toContain('Catharina');

  const visitors = parseCalendar((await feed('0686')).body);
  const theirs = visitors.children.filter((x) => x.name === 'VEVENT');
  expect(theirs.map((e) => prop(e, 'UID')!.value).sort()).toEqual([...uids].sort());
  expect(text(theirs[0], 'SUMMARY')).toBe('Studiebesök i Vimmerby');

  // UIDs are derived from the visit, so a calendar app updates rather than duplicates.
  expect(uids.some((u) => u.includes(Buffer.from(accepted.id, 'base64url').toString().split(':')[1]))).toBe(true);
  expect(single.status).toBe('ACCEPTED');
});

test('an unknown municipality is 404, a malformed code 400, and a quiet one an empty calendar', async () => {
  expect((await feed('9999')).status).toBe(404);
  expect((await feed('abc')).status).toBe(400);
  const quiet = await feed('2584');
  expect(quiet.status).toBe(200);
  const cal = parseCalendar(quiet.body);
  expect(cal.children).toEqual([]);
  expect(text(cal, 'X-WR-CALNAME')).toBe('Studiebesök – Kiruna kommun');
});
