// Validates a create or update input of a practice case and copies it onto the case.
// One step per group of fields: each checks its fields and returns how to write them,
// so every problem is reported at once and nothing is written while any remains.
import { ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../core/context';
import { UserErrorCode, UserErrors } from '../../core/errors';
import { decodeId } from '../../core/relay/global-id';
import { isIsoDate, isIsoMonthOrDate } from '../../core/scalars';
import { Checker, PHONE, SLUG } from '../../core/validation';
import { Locality } from '../geo/locality.entity';
import { Municipality } from '../geo/municipality.entity';
import { MUNICIPALITY_CODE } from '../geo/geo.service';
import { Organization } from '../organizations/organization.entity';
import { canRead } from './practice-case.policy';
import { PracticeCase, PracticeCasePartner } from './practice-case.entity';
import { slugify } from './practice-case.rules';
import type { CasePlace, CreatePracticeCaseInput, UpdatePracticeCaseInput } from './practice-case.types';

export const LIMITS = {
  title: 200,
  summary: 500,
  body: 50_000,
  themes: 5,
  participants: 50,
  partners: 30,
  places: 20,
  outcomes: 30,
  funding: 20,
  links: 30,
  contacts: 10,
  note: 2000,
} as const;

type CaseInput = CreatePracticeCaseInput | UpdatePracticeCaseInput;

/** Writes a group's checked values onto the case; runs only once every group passed. */
type Write = () => void | Promise<void>;

/** What each step needs: the case, its input, the checker collecting problems. */
interface Step {
  ctx: Context;
  em: EntityManager;
  c: PracticeCase;
  input: CaseInput;
  creating: boolean;
  check: Checker;
}

/** Validates the input and copies it onto the case; throws UserErrors listing every problem. */
export async function applyCaseInput(ctx: Context, em: EntityManager, c: PracticeCase, input: CaseInput, creating: boolean): Promise<void> {
  const step: Step = { ctx, em, c, input, creating, check: new Checker() };
  // Checked in this order, so the errors keep their order.
  const text = checkText(step);
  const owner = await findOwner(step);
  const themes = await checkThemes(step);
  const participants = await checkParticipants(step, owner);
  const partners = await checkPartners(step);
  const places = checkPlaces(step, owner);
  const period = checkPeriod(step);
  const results = checkOutcomesAndFunding(step);
  const links = checkLinksAndContacts(step);
  const adaptedFrom = await checkAdaptedFrom(step);
  const slug = await checkSlug(step);
  if (!step.check.ok) throw new UserErrors(step.check.errors);
  // Places are resolved near the participants, and a generated slug comes from the title.
  for (const write of [text, themes, participants, period, results, links, adaptedFrom, places, partners, slug]) await write();
}

function checkText({ c, input, creating, check }: Step): Write {
  const title = check.text('title', input.title, { required: creating || input.title !== undefined, max: LIMITS.title });
  const summary = check.text('summary', input.summary, { required: creating || input.summary !== undefined, max: LIMITS.summary });
  const body = check.text('body', input.body, { required: creating || input.body !== undefined, max: LIMITS.body });
  const note = check.text('adaptationNote', input.adaptationNote, { max: LIMITS.note });
  return () => {
    if (title !== undefined) c.title = title;
    if (summary !== undefined) c.summary = summary;
    if (body !== undefined) c.body = body;
    if (input.kind) c.kind = input.kind;
    if (input.language) c.language = input.language;
    if (note !== undefined) c.adaptationNote = note || null;
  };
}

/** The owning municipality: the input's on create (an unknown code is a user error), else the case's. */
async function findOwner({ em, c, input, creating, check }: Step): Promise<Municipality | null> {
  if (!creating) return em.findOne(Municipality, { code: c.municipality.code });
  const code = (input as CreatePracticeCaseInput).municipality;
  const owner = MUNICIPALITY_CODE.test(code) ? await em.findOne(Municipality, { code }) : null;
  if (!owner) check.add('municipality', UserErrorCode.UNKNOWN_REFERENCE, `Unknown municipality code "${code}"`);
  return owner;
}

async function checkThemes({ ctx, c, input, creating, check }: Step): Promise<Write> {
  const themes = check.list('themes', input.themes, { min: creating || input.themes != null ? 1 : 0, max: LIMITS.themes });
  if (themes) {
    const taxonomy = new Set((await ctx.loaders.taxonomy()).map((t) => t.slug));
    themes.forEach((slug, i) => {
      if (!taxonomy.has(slug)) check.add(['themes', String(i)], UserErrorCode.UNKNOWN_REFERENCE, `Unknown theme "${slug}"`);
    });
  }
  return () => {
    if (themes) c.themeSlugs = [...new Set(themes)];
  };
}

async function checkParticipants({ em, c, input, check }: Step, owner: Municipality | null): Promise<Write> {
  const participants = check.list('participatingMunicipalities', input.participatingMunicipalities, { max: LIMITS.participants });
  if (participants?.length) {
    const valid = participants.filter((p) => MUNICIPALITY_CODE.test(p));
    const known = new Set((await em.find(Municipality, { code: { $in: valid } })).map((m) => m.code));
    participants.forEach((code, i) => {
      if (!known.has(code)) check.add(['participatingMunicipalities', String(i)], UserErrorCode.UNKNOWN_REFERENCE, `Unknown municipality code "${code}"`);
      else if (owner && code === owner.code) check.add(['participatingMunicipalities', String(i)], UserErrorCode.INVALID, 'The owner is not also a participant');
    });
  }
  return () => {
    if (participants) c.participantCodes = [...new Set(participants)];
  };
}

async function checkPartners({ em, c, input, creating, check }: Step): Promise<Write> {
  const partnerInputs = check.list('partners', input.partners, { max: LIMITS.partners });
  const organizations = new Map<string, Organization>();
  if (partnerInputs?.length) {
    const slugs = partnerInputs.map((p) => p.organization).filter((s) => s.length <= 80);
    for (const o of await em.find(Organization, { slug: { $in: slugs } })) organizations.set(o.slug, o);
    partnerInputs.forEach((p, i) => {
      if (!organizations.has(p.organization)) check.add(['partners', String(i), 'organization'], UserErrorCode.UNKNOWN_REFERENCE, `Unknown organization "${p.organization}"`);
      check.text(`partners.${i}.role`, p.role, { required: true, max: 200 });
    });
  }
  return async () => {
    if (!partnerInputs) return;
    if (!creating) await c.partners.init();
    c.partners.removeAll();
    partnerInputs.forEach((p, position) => {
      c.partners.add(em.create(PracticeCasePartner, { practiceCase: c, organization: organizations.get(p.organization)!, role: p.role.trim(), position }));
    });
  };
}

/** Target groups and places; places are resolved after the participants are written, which they prefer. */
function checkPlaces({ em, c, input, check }: Step, owner: Municipality | null): Write {
  check.list('targetGroups', input.targetGroups, { max: 9 });
  const placeNames = check.list('places', input.places, { max: LIMITS.places });
  placeNames?.forEach((p, i) => check.text(`places.${i}`, p, { required: true, max: 100 }));
  return async () => {
    if (input.targetGroups) c.targetGroups = [...new Set(input.targetGroups)];
    if (placeNames && owner) c.places = await resolvePlaces(em, placeNames.map((p) => p.trim()), owner, c.participantCodes);
  };
}

function checkPeriod({ c, input, check }: Step): Write {
  // The Date scalar already refuses 2019-02-31; import rows carry dates as text, so check here too.
  const badDates = (['startedOn', 'endedOn'] as const).filter((key) => input[key] && !isIsoDate(input[key]));
  for (const key of badDates) check.add(key, UserErrorCode.INVALID, `${key} must be a calendar date like "2019-10-29"`);
  const startedOn = input.startedOn === undefined ? c.startedOn : input.startedOn;
  const endedOn = input.endedOn === undefined ? c.endedOn : input.endedOn;
  if (!badDates.length && startedOn && endedOn && endedOn < startedOn) check.add('endedOn', UserErrorCode.INVALID, 'endedOn is before startedOn');
  return () => {
    if (input.startedOn !== undefined) c.startedOn = input.startedOn;
    if (input.endedOn !== undefined) c.endedOn = input.endedOn;
  };
}

function checkOutcomesAndFunding({ c, input, check }: Step): Write {
  const outcomes = check.list('outcomes', input.outcomes, { max: LIMITS.outcomes });
  outcomes?.forEach((o, i) => {
    check.text(`outcomes.${i}.label`, o.label, { required: true, max: 200 });
    check.text(`outcomes.${i}.unit`, o.unit, { required: true, max: 50 });
    if (!Number.isFinite(o.value) || Math.abs(o.value) > 1e12) check.add(['outcomes', String(i), 'value'], UserErrorCode.OUT_OF_RANGE, 'value must be a finite number');
    if (o.measuredOn && !isIsoMonthOrDate(o.measuredOn)) {
      check.add(['outcomes', String(i), 'measuredOn'], UserErrorCode.INVALID, 'measuredOn is YYYY-MM or a calendar date YYYY-MM-DD');
    }
  });
  const funding = check.list('funding', input.funding, { max: LIMITS.funding });
  funding?.forEach((f, i) => {
    check.text(`funding.${i}.source`, f.source, { required: true, max: 200 });
    if (f.amountSek != null && (f.amountSek < 0 || !Number.isInteger(f.amountSek))) check.add(['funding', String(i), 'amountSek'], UserErrorCode.OUT_OF_RANGE, 'amountSek must be a whole, non-negative number');
  });
  return () => {
    if (outcomes) c.outcomes = outcomes.map((o) => ({ label: o.label.trim(), value: o.value, unit: o.unit.trim(), measuredOn: o.measuredOn ?? null }));
    if (funding) c.funding = funding.map((f) => ({ source: f.source.trim(), amountSek: f.amountSek ?? null }));
  };
}

function checkLinksAndContacts({ c, input, check }: Step): Write {
  const links = check.list('links', input.links, { max: LIMITS.links });
  const cleanLinks = links?.map((l, i) => ({ url: check.url(`links.${i}.url`, l.url) ?? l.url, kind: l.kind, title: check.text(`links.${i}.title`, l.title, { max: 200 }) || null }));
  const contacts = check.list('contacts', input.contacts, { max: LIMITS.contacts });
  const cleanContacts = contacts?.map((p, i) => ({
    name: check.text(`contacts.${i}.name`, p.name, { required: true, max: 200 }) ?? p.name,
    role: check.text(`contacts.${i}.role`, p.role, { max: 200 }) || null,
    email: p.email ? (check.email(`contacts.${i}.email`, p.email) ?? null) : null,
    phone: p.phone ? (PHONE.test(p.phone.trim()) ? p.phone.trim() : (check.add(['contacts', String(i), 'phone'], UserErrorCode.INVALID, `contacts.${i}.phone is not a phone number`), null)) : null,
  }));
  return () => {
    if (cleanLinks) c.links = cleanLinks;
    if (cleanContacts) c.contacts = cleanContacts;
  };
}

/** The case this one was adapted from: one the viewer can read, and not the case itself. */
async function checkAdaptedFrom({ ctx, em, c, input, check }: Step): Promise<Write> {
  if (input.adaptedFrom === undefined) return () => {};
  let adaptedFrom: PracticeCase | null = null;
  if (input.adaptedFrom !== null) {
    const key = decodeId(input.adaptedFrom, 'PracticeCase');
    adaptedFrom = key ? await em.findOne(PracticeCase, { id: key }) : null;
    if (!adaptedFrom || !canRead(ctx.viewer, adaptedFrom)) check.add('adaptedFrom', UserErrorCode.UNKNOWN_REFERENCE, 'No such practice case');
    else if (adaptedFrom.id === c.id) check.add('adaptedFrom', UserErrorCode.INVALID, 'A case cannot be adapted from itself');
  }
  return () => {
    c.adaptedFrom = adaptedFrom ? ref(adaptedFrom) : null;
  };
}

/** An explicit slug, or on create one made from the title. */
async function checkSlug({ ctx, em, c, input, creating, check }: Step): Promise<Write> {
  let slug: string | undefined;
  if (input.slug != null) {
    slug = input.slug.trim();
    if (!SLUG.test(slug) || slug.length > 80) check.add('slug', UserErrorCode.INVALID, 'slug is lower-case letters, digits and single dashes, at most 80 characters');
    else {
      const holder = await em.findOne(PracticeCase, { slug, id: { $ne: c.id } });
      // A case the viewer cannot see is not revealed by a clash either: like a
      // generated slug, theirs becomes the next free one.
      if (holder && canRead(ctx.viewer, holder)) check.add('slug', UserErrorCode.DUPLICATE, `The slug "${slug}" is taken`);
      else if (holder) slug = await uniqueSlug(em, slug, c.id);
    }
  }
  return async () => {
    if (slug) c.slug = slug;
    else if (creating) c.slug = await uniqueSlug(em, slugify(c.title), c.id);
  };
}

/** `base` if no other case has it, else the first free `base-2`, `base-3` …, shortened to stay within 80 characters. */
async function uniqueSlug(em: EntityManager, base: string, except: string): Promise<string> {
  // Slugs have single dashes, so a shortened base keeps at least its first 70 characters.
  const taken = new Set((await em.find(PracticeCase, { slug: { $like: `${base.slice(0, 70)}%` }, id: { $ne: except } }, { fields: ['slug'] })).map((c) => c.slug));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const slug = `${base.slice(0, 80 - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken.has(slug)) return slug;
  }
}

/** Place names → coordinates: a locality in the owner's or a participant's municipality first, then anywhere; else the owner's seat. */
async function resolvePlaces(em: EntityManager, names: string[], owner: Municipality, participants: string[]): Promise<CasePlace[]> {
  if (!names.length) return [];
  // ILIKE without wildcards is a case-insensitive equality; escape the wildcard characters.
  const exact = (n: string) => n.replace(/[\\%_]/g, (ch) => `\\${ch}`);
  const candidates = await em.find(Locality, { $or: [...new Set(names)].map((n) => ({ name: { $ilike: exact(n) } })) });
  const all = new Map(candidates.map((l) => [l.id, l]));
  const preferred = new Set([owner.code, ...participants]);
  return names.map((name) => {
    const matches = [...all.values()].filter((l) => l.name.toLowerCase() === name.toLowerCase());
    const best = matches.find((l) => preferred.has(l.municipality.code)) ?? matches[0];
    return best
      ? { name, municipalityCode: best.municipality.code, latitude: best.latitude, longitude: best.longitude, resolved: true }
      : { name, municipalityCode: owner.code, latitude: owner.latitude, longitude: owner.longitude, resolved: false };
  });
}
