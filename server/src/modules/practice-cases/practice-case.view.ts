// The read model of practice cases. Every read of a case — a list page, by id, by slug,
// adaptations, a mutation's payload — answers with a `CaseView`: a plain object built
// by `caseView`, never a managed entity. The GraphQL type PracticeCase is declared on it,
// so the schema describes what reads return, not what the ORM stores.
//
// Reads are hand-written SQL (practice-case.reads.ts). `CASE_COLUMNS` says how each
// property is selected and `FIELD_PROPERTIES` which properties each GraphQL field needs,
// so a page selects only the columns its selection reads. A test walks the built
// schema and fails for a field missing from `FIELD_PROPERTIES`.
import { Field, Int, ObjectType } from 'type-graphql';
import { Language } from '../../core/language';
import { Node } from '../../core/relay/node.type';
import { LocalDateScalar } from '../../core/scalars';
import { CaseStatus, PracticeKind, TargetGroup } from './practice-case.enums';
import { CaseContact, CaseFunding, CaseLink, CaseOutcome, CasePlace } from './practice-case.types';

/**
 * A practice case as read. The first properties are always present (visibility,
 * cursors and the resolvers of related objects read them); the others are present
 * whenever a GraphQL field that needs them is selected, and always in a full read
 * (by id, by slug, adaptations, payloads). Built only by `caseView`, as instances of
 * this class: type-graphql hands a field resolver's root through as it is when it is an
 * instance of the declared type, and copies every property of anything else into a new
 * instance — for a plain object that was a copy per resolved field, a tenth of a
 * nested page's CPU time (docs/benchmarks.md, benchmark 3).
 */
@ObjectType('PracticeCase', { implements: Node, description: 'A published (or draft) good practice of a municipality.' })
export class CaseView {
  /** The brand Node's type resolution reads (core/relay/node.type.ts): a view has no class of its own. */
  readonly __typename!: 'PracticeCase';
  readonly id!: string;
  @Field(() => CaseStatus) readonly status!: CaseStatus;
  readonly municipalityCode!: string;
  /** Codes of the other municipalities taking part. */
  readonly participantCodes!: readonly string[];

  @Field(() => String, { description: 'Readable unique identifier used in links, e.g. "motesplats-bullerbyn".' }) readonly slug?: string;
  @Field(() => String) readonly title?: string;
  @Field(() => String, { description: 'At most 500 characters.' }) readonly summary?: string;
  @Field(() => String, { description: 'Markdown, at most 50 000 characters.' }) readonly body?: string;
  @Field(() => Language) readonly language?: Language;
  @Field(() => PracticeKind) readonly kind?: PracticeKind;
  readonly themeSlugs?: readonly string[];
  @Field(() => [TargetGroup]) readonly targetGroups?: readonly TargetGroup[];
  @Field(() => [CasePlace]) readonly places?: readonly CasePlace[];
  @Field(() => LocalDateScalar, { nullable: true }) readonly startedOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) readonly endedOn?: string | null;
  @Field(() => [CaseOutcome]) readonly outcomes?: readonly CaseOutcome[];
  @Field(() => [CaseFunding]) readonly funding?: readonly CaseFunding[];
  @Field(() => [CaseLink]) readonly links?: readonly CaseLink[];
  /** Personal data: the `contacts` field resolver decides who reads it. */
  readonly contacts?: readonly CaseContact[];
  readonly adaptedFromId?: string | null;
  @Field(() => String, { nullable: true, description: 'What was changed when adapting the origin case.' }) readonly adaptationNote?: string | null;
  @Field(() => Int) readonly version?: number;
  @Field(() => Date, { nullable: true }) readonly publishedAt?: Date | null;
  @Field(() => Date) readonly createdAt?: Date;
  @Field(() => Date) readonly updatedAt?: Date;
  @Field(() => Date, { nullable: true, description: 'When the owner last confirmed the practice is still running.' }) readonly lastConfirmedAt?: Date | null;
}

export type CaseProperty = Exclude<keyof CaseView, '__typename'>;

/**
 * What `caseView` reads: a row of `CASE_COLUMNS` (timestamps as epoch milliseconds) or
 * a PracticeCase entity, whose properties have the same names (`municipalityCode` and
 * `adaptedFromId` are getters there).
 */
export type CaseSource = { readonly [P in CaseProperty]?: P extends 'publishedAt' | 'createdAt' | 'updatedAt' | 'lastConfirmedAt' ? Date | number | null : CaseView[P] } & {
  readonly id: string;
  readonly status: CaseStatus;
  readonly municipalityCode: string;
  readonly participantCodes: readonly string[];
};

function date<T extends Date | number | null | undefined>(value: T): Date | Exclude<T, number> {
  return (typeof value === 'number' ? new Date(value) : value) as Date | Exclude<T, number>;
}

/** The one content mapper: a row or an entity to the view, property for property. */
export function caseView(s: CaseSource): CaseView {
  // Properties are set in one order on a fresh instance, so every view shares one shape.
  const self = new CaseView() as { -readonly [K in keyof CaseView]: CaseView[K] };
  self.__typename = 'PracticeCase';
  self.id = s.id;
  self.status = s.status;
  self.municipalityCode = s.municipalityCode;
  self.participantCodes = s.participantCodes;
  self.slug = s.slug;
  self.title = s.title;
  self.summary = s.summary;
  self.body = s.body;
  self.language = s.language;
  self.kind = s.kind;
  self.themeSlugs = s.themeSlugs;
  self.targetGroups = s.targetGroups;
  self.places = s.places;
  self.startedOn = s.startedOn;
  self.endedOn = s.endedOn;
  self.outcomes = s.outcomes;
  self.funding = s.funding;
  self.links = s.links;
  self.contacts = s.contacts;
  self.adaptedFromId = s.adaptedFromId;
  self.adaptationNote = s.adaptationNote;
  self.version = s.version;
  self.publishedAt = date(s.publishedAt);
  self.createdAt = date(s.createdAt) as Date | undefined;
  self.updatedAt = date(s.updatedAt) as Date | undefined;
  self.lastConfirmedAt = date(s.lastConfirmedAt);
  return self;
}

/** A timestamp as epoch milliseconds: a number, whatever the session's DateStyle and time zone. */
const epoch = (column: string) => (a: string) => `(extract(epoch from ${a}.${column}) * 1000)::float8`;
const plain = (column: string) => (a: string) => `${a}.${column}`;

/** How each property is selected from `practice_case` under an alias, as a value `caseView` takes. */
export const CASE_COLUMNS: Record<CaseProperty, (alias: string) => string> = {
  id: plain('id'),
  status: plain('status'),
  municipalityCode: plain('municipality_code'),
  participantCodes: plain('participant_codes'),
  slug: plain('slug'),
  title: plain('title'),
  summary: plain('summary'),
  body: plain('body'),
  language: plain('language'),
  kind: plain('kind'),
  themeSlugs: plain('theme_slugs'),
  // An array of a native enum comes back as its literal; as text[] the driver parses it.
  targetGroups: (a) => `${a}.target_groups::text[]`,
  places: plain('places'),
  startedOn: (a) => `to_char(${a}.started_on, 'YYYY-MM-DD')`,
  endedOn: (a) => `to_char(${a}.ended_on, 'YYYY-MM-DD')`,
  outcomes: plain('outcomes'),
  funding: plain('funding'),
  links: plain('links'),
  contacts: plain('contacts'),
  adaptedFromId: plain('adapted_from_id'),
  adaptationNote: plain('adaptation_note'),
  version: plain('version'),
  publishedAt: epoch('published_at'),
  createdAt: epoch('created_at'),
  updatedAt: epoch('updated_at'),
  lastConfirmedAt: epoch('last_confirmed_at'),
};

const ALL_PROPERTIES = Object.keys(CASE_COLUMNS) as CaseProperty[];

/** What every read loads, whatever the selection. */
export const ALWAYS: readonly CaseProperty[] = ['id', 'status', 'municipalityCode', 'participantCodes'];

/**
 * The properties each field of the GraphQL type PracticeCase reads of the view. Fields
 * whose resolver loads its own data (partners, adaptations …) need only what is always
 * there. A field missing here makes a page load every column, and fails the schema test.
 */
export const FIELD_PROPERTIES: Readonly<Record<string, readonly CaseProperty[]>> = {
  id: [],
  __typename: [],
  slug: ['slug'],
  title: ['title'],
  summary: ['summary'],
  body: ['body'],
  language: ['language'],
  kind: ['kind'],
  status: [],
  version: ['version'],
  municipality: [],
  participatingMunicipalities: [],
  themes: ['themeSlugs'],
  targetGroups: ['targetGroups'],
  partners: [],
  places: ['places'],
  startedOn: ['startedOn'],
  endedOn: ['endedOn'],
  outcomes: ['outcomes'],
  funding: ['funding'],
  links: ['links'],
  contacts: ['contacts'],
  adaptedFrom: ['adaptedFromId'],
  adaptationNote: ['adaptationNote'],
  adaptations: [],
  revisions: [],
  reviewHistory: [],
  publishedAt: ['publishedAt'],
  createdAt: ['createdAt'],
  updatedAt: ['updatedAt'],
  lastConfirmedAt: ['lastConfirmedAt'],
  confirmationDue: ['lastConfirmedAt', 'publishedAt', 'endedOn'],
  viewerCanConfirm: [],
  studyVisits: [],
  hostingOffer: [],
};

/**
 * The properties a read must load for the selected field names (all of them when the
 * selection is unknown or names a field the table does not know), plus `extra`.
 */
export function propertiesFor(fields: Iterable<string> | undefined, extra: readonly CaseProperty[] = []): readonly CaseProperty[] {
  if (!fields) return ALL_PROPERTIES;
  const out = new Set<CaseProperty>([...ALWAYS, ...extra]);
  for (const field of fields) {
    const needs = FIELD_PROPERTIES[field];
    if (!needs) return ALL_PROPERTIES;
    for (const p of needs) out.add(p);
  }
  return [...out];
}

/** The select list of `properties` under `alias`, each named `<prefix><property>`. */
export function caseSelect(alias: string, properties: readonly CaseProperty[] = ALL_PROPERTIES, prefix = ''): string {
  return properties.map((p) => `${CASE_COLUMNS[p](alias)} as "${prefix}${p}"`).join(', ');
}
