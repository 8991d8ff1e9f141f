// `GET /calendar/municipalities/:code.ics`: an iCalendar (RFC 5545) feed of the
// accepted visits a municipality hosts or makes, for subscribing from any calendar
// app. Calendar apps send no bearer token, so the feed carries only what anonymous
// GraphQL readers see as well: who visits whom, when, about which case.
import express from 'express';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ANONYMOUS, type Context } from '../../core/context';
import type { Logger } from '../../core/logger';
import { createLoaders } from '../../loaders';
import type { AppServices } from '../../services';
import { MUNICIPALITY_CODE } from '../geo/geo.service';
import { CaseStatus } from '../practice-cases/practice-case.enums';
import { StudyVisitFormat } from './study-visit.enums';
import type { StudyVisit } from './study-visit.entity';
import { addDays } from './study-visit.rules';

export interface CalendarEvent {
  uid: string;
  stamp: Date;
  sequence: number;
  start: string;
  /** Last day, inclusive; written as the exclusive DTEND the standard wants. */
  end: string;
  summary: string;
  description: string;
  location: string | null;
  url: string | null;
}

/** TEXT escaping of RFC 5545 §3.3.11. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line at 75 octets (§3.1) without splitting a UTF-8 character. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74; // continuation lines begin with one space
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const basicDate = (iso: string) => iso.replace(/-/g, '');
const basicDateTime = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

export function buildCalendar(name: string, events: CalendarEvent[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Utbyte//Study visits//SV', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(name)}`];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${basicDateTime(e.stamp)}`,
      `LAST-MODIFIED:${basicDateTime(e.stamp)}`,
      `SEQUENCE:${e.sequence}`,
      `DTSTART;VALUE=DATE:${basicDate(e.start)}`,
      `DTEND;VALUE=DATE:${basicDate(addDays(e.end, 1))}`,
      `SUMMARY:${escapeText(e.summary)}`,
      `DESCRIPTION:${escapeText(e.description)}`,
      ...(e.location ? [`LOCATION:${escapeText(e.location)}`] : []),
      ...(e.url ? [`URL:${e.url}`] : []),
      'STATUS:CONFIRMED',
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

export function visitToEvent(v: StudyVisit, code: string): CalendarEvent {
  const host = v.hostMunicipality.getEntity();
  const visiting = v.visitingMunicipality.getEntity();
  const organization = v.visitingOrganization?.getEntity() ?? null;
  const practice = v.practiceCase?.getEntity() ?? null;
  const hosting = host.code === code;
  const visitors = organization ? `${visiting.shortName} och ${organization.name}` : visiting.shortName;
  const digital = v.format === StudyVisitFormat.DIGITAL;
  const summary = hosting ? `Studiebesök från ${visitors}` : `Studiebesök i ${host.shortName}`;
  const description = [
    `${visitors} besöker ${host.shortName}${digital ? ' (digitalt)' : ''}.`,
    practice && practice.status === CaseStatus.PUBLISHED ? `Om: ${practice.title}` : null,
    `Deltagare: ${v.participants}`,
  ]
    .filter(Boolean)
    .join('\n');
  return {
    uid: `study-visit-${v.id}@utbyte`,
    stamp: v.updatedAt,
    sequence: v.version - 1,
    start: v.scheduledStart!,
    end: v.scheduledEnd!,
    summary,
    description,
    location: digital ? 'Digitalt' : `${host.seat}, ${host.name}`,
    url: null,
  };
}

export function calendarRouter(deps: { orm: MikroORM; services: AppServices; log: Logger }): express.Router {
  const router = express.Router();
  router.get('/calendar/municipalities/:code.ics', async (req, res, next) => {
    try {
      const code = req.params.code;
      if (!MUNICIPALITY_CODE.test(code)) {
        res.status(400).type('text/plain').send('A municipality code is four digits, e.g. 0884\n');
        return;
      }
      const em = deps.orm.em.fork();
      const ctx: Context = { requestId: res.locals.requestId as string, em, loaders: createLoaders(em), viewer: ANONYMOUS, log: deps.log, services: deps.services };
      const municipality = await ctx.loaders.municipality.load(code);
      if (!municipality) {
        res.status(404).type('text/plain').send('No such municipality\n');
        return;
      }
      const visits = await ctx.services.studyVisits.scheduledFor(ctx, code);
      const body = buildCalendar(`Studiebesök – ${municipality.name}`, visits.map((v) => visitToEvent(v, code)));
      res.status(200).setHeader('content-type', 'text/calendar; charset=utf-8');
      res.setHeader('content-disposition', `inline; filename="${code}.ics"`);
      res.setHeader('cache-control', 'public, max-age=300');
      res.send(body);
    } catch (err) {
      next(err);
    }
  });
  return router;
}
