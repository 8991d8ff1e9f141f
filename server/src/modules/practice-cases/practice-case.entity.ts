// A practice case: what a municipality did, where, with whom, for whom, with what
// results. Relations that are short lists of reference codes (themes, participating
// municipalities, target groups) are arrays on the row; partners are their own table
// so an organization can list its cases; revisions are immutable snapshots.
import { Collection, Entity, Enum, Index, ManyToOne, OneToMany, PrimaryKey, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Language } from '../../core/language';
import { toGlobalId } from '../../core/relay/global-id';
import { Municipality } from '../geo/municipality.entity';
import { Organization } from '../organizations/organization.entity';
import { CaseStatus, PracticeKind, TargetGroup } from './practice-case.enums';
import type { CaseContact, CaseFunding, CaseLink, CaseOutcome, CasePlace } from './practice-case.types';

@Entity({ tableName: 'practice_case' })
@Index({ properties: ['status', 'publishedAt', 'id'] })
@Index({ properties: ['status', 'updatedAt', 'id'] })
@Index({ name: 'practice_case_theme_slugs_gin', expression: 'create index "practice_case_theme_slugs_gin" on "practice_case" using gin ("theme_slugs")' })
@Index({ name: 'practice_case_participant_codes_gin', expression: 'create index "practice_case_participant_codes_gin" on "practice_case" using gin ("participant_codes")' })
export class PracticeCase {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 120 })
  @Unique()
  slug!: string;

  @Property({ type: 'string', length: 200 })
  title!: string;

  @Property({ type: 'string', length: 500 })
  summary!: string;

  @Property({ type: 'text' })
  body!: string;

  @Enum({ items: () => Language, nativeEnumName: 'language' })
  language!: Language;

  @Enum({ items: () => PracticeKind, nativeEnumName: 'practice_kind' })
  kind!: PracticeKind;

  @ManyToOne(() => Municipality, { ref: true })
  @Index()
  municipality!: Ref<Municipality>;

  /** Codes of the other municipalities taking part. */
  @Property({ type: 'text[]' })
  participantCodes: string[] & Opt = [];

  @Property({ type: 'text[]' })
  themeSlugs: string[] & Opt = [];

  @Enum({ items: () => TargetGroup, array: true, nativeEnumName: 'target_group' })
  targetGroups: TargetGroup[] & Opt = [];

  @Property({ type: 'json' })
  places: CasePlace[] & Opt = [];

  @Property({ type: 'date', nullable: true })
  startedOn?: string | null;

  @Property({ type: 'date', nullable: true })
  endedOn?: string | null;

  @Property({ type: 'json' })
  outcomes: CaseOutcome[] & Opt = [];

  @Property({ type: 'json' })
  funding: CaseFunding[] & Opt = [];

  @Property({ type: 'json' })
  links: CaseLink[] & Opt = [];

  /** Personal data: never shown to anonymous readers. */
  @Property({ type: 'json', lazy: false })
  contacts: CaseContact[] & Opt = [];

  @OneToMany(() => PracticeCasePartner, (p) => p.practiceCase, { orphanRemoval: true, orderBy: { position: 'asc' } })
  partners = new Collection<PracticeCasePartner>(this);

  @ManyToOne(() => PracticeCase, { ref: true, nullable: true, deleteRule: 'set null' })
  @Index()
  adaptedFrom?: Ref<PracticeCase> | null;

  @Property({ type: 'text', nullable: true })
  adaptationNote?: string | null;

  @Enum({ items: () => CaseStatus, nativeEnumName: 'case_status' })
  status: CaseStatus & Opt = CaseStatus.DRAFT;

  /** Optimistic lock: every write must name the version it read. */
  @Property({ type: 'integer', version: true })
  version!: number & Opt;

  @Property({ type: 'datetime', nullable: true })
  publishedAt?: Date | null;

  @Property({ type: 'datetime' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  @Property({ type: 'datetime', nullable: true })
  lastConfirmedAt?: Date | null;

  @Property({ type: 'string', nullable: true })
  createdBy?: string | null;

  get nodeId(): Opt<string> {
    return toGlobalId('PracticeCase', this.id);
  }

  // These two let `caseView` (practice-case.view.ts) map an entity as it maps a row.
  get municipalityCode(): Opt<string> {
    return this.municipality.code;
  }

  get adaptedFromId(): Opt<string> | null {
    return this.adaptedFrom?.id ?? null;
  }
}

@Entity({ tableName: 'practice_case_partner' })
@Index({ properties: ['organization', 'practiceCase'] })
export class PracticeCasePartner {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => PracticeCase, { ref: true, deleteRule: 'cascade' })
  @Index()
  practiceCase!: Ref<PracticeCase>;

  @ManyToOne(() => Organization, { ref: true })
  organization!: Ref<Organization>;

  /** What the partner does, in the case's own words: "co-lead", "funder". */
  @Property({ type: 'string', length: 200 })
  role!: string;

  @Property({ type: 'integer' })
  position!: number;
}

/** The full published content at each publish; never changed afterwards. */
@Entity({ tableName: 'practice_case_revision' })
@Unique({ properties: ['practiceCase', 'number'] })
export class PracticeCaseRevision {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => PracticeCase, { ref: true, deleteRule: 'cascade' })
  practiceCase!: Ref<PracticeCase>;

  @Property({ type: 'integer' })
  number!: number;

  @Property({ type: 'json' })
  content!: Record<string, unknown>;

  @Property({ type: 'string', nullable: true })
  publishedBy?: string | null;

  @Property({ type: 'datetime' })
  publishedAt: Date & Opt = new Date();
}
