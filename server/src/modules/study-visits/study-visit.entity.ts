// Study visits (one municipality learning from another on site or online), their
// append-only history, and the hosting offers municipalities publish. The GraphQL
// shapes of relations and personal data are resolved in study-visit.resolver.ts so
// the read rules of the service apply to them.
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Language } from '../../core/language';
import { Node } from '../../core/relay/node.type';
import { toGlobalId } from '../../core/relay/global-id';
import { Municipality } from '../geo/municipality.entity';
import { Organization } from '../organizations/organization.entity';
import { PracticeCase } from '../practice-cases/practice-case.entity';
import { StudyVisitFormat, StudyVisitStatus } from './study-visit.enums';

export interface DateRangeValue {
  start: string;
  end: string;
}

export interface VisitContactValue {
  name: string;
  email: string | null;
  phone: string | null;
}

@Entity({ tableName: 'study_visit' })
// The idempotency guarantee lives here: a second insert with the same key from the
// same actor fails in the database, whatever the timing of concurrent requests.
@Unique({ name: 'study_visit_idempotency_unique', properties: ['requestedBy', 'idempotencyKey'] })
@Index({ properties: ['hostMunicipality', 'status', 'windowStart'] })
@Index({ properties: ['visitingMunicipality', 'status', 'windowStart'] })
@ObjectType({ implements: Node, description: 'A study visit: one municipality (and its partners) visiting another to learn from its practice.' })
export class StudyVisit {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Municipality, { ref: true })
  hostMunicipality!: Ref<Municipality>;

  @ManyToOne(() => Municipality, { ref: true })
  visitingMunicipality!: Ref<Municipality>;

  @ManyToOne(() => Organization, { ref: true, nullable: true })
  visitingOrganization?: Ref<Organization> | null;

  @ManyToOne(() => PracticeCase, { ref: true, nullable: true, deleteRule: 'set null' })
  @Index()
  practiceCase?: Ref<PracticeCase> | null;

  @Property({ type: 'text' })
  @Field({ description: 'Why the visitors come and what they want to learn; at most 2000 characters.' })
  purpose!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'How many people visit, 1–50.' })
  participants!: number;

  @Property({ type: 'json' })
  proposedDates!: DateRangeValue[];

  @Enum({ items: () => Language, nativeEnumName: 'language' })
  @Field(() => Language)
  preferredLanguage!: Language;

  @Enum({ items: () => StudyVisitFormat, nativeEnumName: 'study_visit_format' })
  @Field(() => StudyVisitFormat)
  format!: StudyVisitFormat;

  @Enum({ items: () => StudyVisitStatus, nativeEnumName: 'study_visit_status' })
  @Field(() => StudyVisitStatus)
  status: StudyVisitStatus & Opt = StudyVisitStatus.REQUESTED;

  /** The agreed dates, set on acceptance. */
  @Property({ type: 'date', nullable: true })
  scheduledStart?: string | null;

  @Property({ type: 'date', nullable: true })
  scheduledEnd?: string | null;

  /** The span the visit may fall in: all proposals until accepted, then the agreed dates. Date filters use it. */
  @Property({ type: 'date' })
  windowStart!: string;

  @Property({ type: 'date' })
  windowEnd!: string;

  @Property({ type: 'boolean' })
  @Field(() => Boolean, { description: "True when the request came in beyond the host's stated visits per quarter; the host decides." })
  exceedsHostCapacity: boolean & Opt = false;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  declineReason?: string | null;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  cancelReason?: string | null;

  @Property({ type: 'text', nullable: true })
  reportLearned?: string | null;

  @Property({ type: 'text', nullable: true })
  reportPlanToAdapt?: string | null;

  @ManyToOne(() => PracticeCase, { ref: true, nullable: true, deleteRule: 'set null' })
  reportFollowUpCase?: Ref<PracticeCase> | null;

  @Property({ type: 'datetime', nullable: true })
  reportedAt?: Date | null;

  /** Personal data: hidden from anonymous readers. */
  @Property({ type: 'json', nullable: true })
  contact?: VisitContactValue | null;

  /** Actor id of the requester; also the scope of the idempotency key. */
  @Property({ type: 'string' })
  requestedBy!: string;

  @Property({ type: 'string', length: 255, nullable: true })
  idempotencyKey?: string | null;

  /** SHA-256 of the normalised request, to tell a retry from a reused key. */
  @Property({ type: 'string', length: 64 })
  requestHash!: string;

  @Property({ type: 'integer', version: true })
  @Field(() => Int)
  version!: number & Opt;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the visit was requested.' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => Date)
  updatedAt: Date & Opt = new Date();

  @Field(() => ID, { name: 'id' })
  get nodeId(): Opt<string> {
    return toGlobalId('StudyVisit', this.id);
  }
}

/** One transition of a visit; never changed after it is written. */
@Entity({ tableName: 'study_visit_event' })
@Index({ properties: ['visit', 'at'] })
export class StudyVisitEvent {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => StudyVisit, { ref: true, deleteRule: 'cascade' })
  visit!: Ref<StudyVisit>;

  @Property({ type: 'datetime' })
  at: Date & Opt = new Date();

  @Property({ type: 'string' })
  actorId!: string;

  @Property({ type: 'string', nullable: true })
  actorName?: string | null;

  @Enum({ items: () => StudyVisitStatus, nativeEnumName: 'study_visit_status', nullable: true })
  fromStatus?: StudyVisitStatus | null;

  @Enum({ items: () => StudyVisitStatus, nativeEnumName: 'study_visit_status' })
  toStatus!: StudyVisitStatus;

  @Property({ type: 'text', nullable: true })
  note?: string | null;
}

/** What a municipality says about hosting visits: one offer per municipality. */
@Entity({ tableName: 'hosting_offer' })
@ObjectType({ implements: Node, description: "A municipality's stated availability to host study visits." })
export class HostingOffer {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => Municipality, { ref: true })
  @Unique()
  municipality!: Ref<Municipality>;

  @Property({ type: 'boolean' })
  @Field(() => Boolean, { description: 'Whether the municipality hosts study visits at all.' })
  hosts!: boolean;

  /** Practice cases the offer is about; empty means all of the municipality's cases. */
  @Property({ type: 'text[]' })
  caseIds: string[] & Opt = [];

  @Enum({ items: () => Language, array: true, nativeEnumName: 'language' })
  @Field(() => [Language])
  languages: Language[] & Opt = [];

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Visits per calendar quarter the host can take; null means no stated limit.' })
  maxVisitsPerQuarter?: number | null;

  @Property({ type: 'boolean' })
  @Field(() => Boolean)
  digitalPossible!: boolean;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  note?: string | null;

  @Property({ type: 'integer', version: true })
  @Field(() => Int)
  version!: number & Opt;

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  @Field(() => Date)
  updatedAt: Date & Opt = new Date();

  @Field(() => ID, { name: 'id' })
  get nodeId(): Opt<string> {
    return toGlobalId('HostingOffer', this.id);
  }
}
