// GraphQL inputs, payloads and value types of study visits, hosting offers and the
// exchange network.
import { ArgsType, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { capped } from '../../core/list-caps';
import { UserError } from '../../core/errors';
import { Language } from '../../core/language';
import { ForwardPageArgs } from '../../core/relay/connection';
import { LocalDateScalar } from '../../core/scalars';
import { Municipality } from '../geo/municipality.entity';
import { CaseView } from '../practice-cases/practice-case.view';
import { ExchangeEdgeKind, StudyVisitFormat, StudyVisitStatus } from './study-visit.enums';
import { HostingOffer, StudyVisit } from './study-visit.entity';

@ObjectType({ description: 'Consecutive calendar days, both ends included.' })
export class DateRange {
  @Field(() => LocalDateScalar) start!: string;
  @Field(() => LocalDateScalar, { description: 'Last day of the visit (inclusive).' }) end!: string;
}

@InputType({ description: 'First and last day, both included.' })
export class DateRangeInput {
  @Field(() => LocalDateScalar) start!: string;
  @Field(() => LocalDateScalar, { description: 'Last day (inclusive); a visit lasts 1–5 days.' }) end!: string;
}

@ObjectType({ description: 'Who to talk to about a visit. Personal data: hidden from anonymous readers.' })
export class StudyVisitContact {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
}

@InputType({ description: 'Who to talk to about the visit.' })
export class StudyVisitContactInput {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
}

@ObjectType({ description: 'What the visitors took home, written after the visit.' })
export class StudyVisitReport {
  @Field() learned!: string;
  @Field() planToAdapt!: string;
  @Field(() => CaseView, { nullable: true, description: 'A practice case the visitors started after the visit (when visible to you).' })
  followUpCase!: CaseView | null;
  @Field(() => Date) reportedAt!: Date;
}

@ObjectType({ description: 'One transition of a study visit.' })
export class StudyVisitEventView {
  @Field(() => Date) at!: Date;
  @Field(() => String, { nullable: true, description: 'Who made the change; null for anonymous readers.' }) actor!: string | null;
  @Field(() => StudyVisitStatus, { nullable: true, description: 'Null for the request itself.' }) from!: StudyVisitStatus | null;
  @Field(() => StudyVisitStatus) to!: StudyVisitStatus;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@InputType({ description: 'A municipality asks another to host a visit.' })
export class RequestStudyVisitInput {
  @Field({ description: 'Chosen by the client, at most 255 characters; retrying with the same key and input returns the same visit.' })
  idempotencyKey!: string;
  @Field({ description: 'Host municipality code.' }) hostMunicipality!: string;
  @Field({ description: 'Visiting municipality code.' }) visitingMunicipality!: string;
  @Field(() => String, { nullable: true, description: 'Slug of a partner organization visiting along, e.g. "emilkraften".' }) visitingOrganization?: string | null;
  @Field(() => ID, { nullable: true, description: 'The practice case the visit is about; it must belong to the host.' }) practiceCase?: string | null;
  @Field({ description: 'At most 2000 characters.' }) purpose!: string;
  @Field(() => Int, { description: '1–50.' }) participants!: number;
  @Field(() => [DateRangeInput], { description: capped(20, '1–5 ranges, each 1–5 days, none in the past.') }) proposedDates!: DateRangeInput[];
  @Field(() => Language, { defaultValue: Language.SV }) preferredLanguage!: Language;
  @Field(() => StudyVisitFormat, { defaultValue: StudyVisitFormat.ON_SITE }) format!: StudyVisitFormat;
  @Field(() => StudyVisitContactInput, { nullable: true }) contact?: StudyVisitContactInput | null;
}

@InputType({ description: 'The host accepts a requested visit and fixes its dates.' })
export class AcceptStudyVisitInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => DateRangeInput, { description: 'One of the proposed ranges, or a new range the host proposes instead.' }) dates!: DateRangeInput;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType({ description: 'The host turns a requested visit down.' })
export class DeclineStudyVisitInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field({ description: 'Required: why the host cannot take the visit.' }) reason!: string;
}

@InputType({ description: "The visitors' side calls off a requested or accepted visit." })
export class CancelStudyVisitInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => String, { nullable: true }) reason?: string | null;
}

@InputType({ description: 'Records that an accepted visit took place, and what the visitors took home.' })
export class CompleteStudyVisitInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field({ description: 'What the visitors learned.' }) learned!: string;
  @Field({ description: 'What the visitors plan to adapt at home.' }) planToAdapt!: string;
  @Field(() => ID, { nullable: true, description: 'A practice case the visitors started as a follow-up.' }) followUpCase?: string | null;
}

@ObjectType({ description: 'The study visit as saved, or why not.' })
export class StudyVisitPayload {
  @Field(() => StudyVisit, { nullable: true }) studyVisit!: StudyVisit | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType({ description: 'Whether and how a municipality offers to host study visits.' })
export class SetHostingOfferInput {
  @Field({ description: 'The hosting municipality code.' }) municipality!: string;
  @Field(() => Int, { description: 'The version of the current offer, or 0 when the municipality has none yet.' }) expectedVersion!: number;
  @Field(() => Boolean) hosts!: boolean;
  @Field(() => [ID], { nullable: true, description: capped(100, "Cases the offer covers (at most 50); empty or left out means all of the municipality's cases.") }) cases?: string[] | null;
  @Field(() => [Language], { nullable: true, description: capped(10) }) languages?: Language[] | null;
  @Field(() => Int, { nullable: true, description: 'Visits per calendar quarter; null means no stated limit.' }) maxVisitsPerQuarter?: number | null;
  @Field(() => Boolean, { defaultValue: false }) digitalPossible!: boolean;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@ObjectType({ description: "The municipality's hosting offer as saved, or why not." })
export class HostingOfferPayload {
  @Field(() => HostingOffer, { nullable: true }) hostingOffer!: HostingOffer | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType({ description: 'Which study visits to list.' })
export class StudyVisitFilter {
  @Field(() => [String], { nullable: true, description: capped(290, 'Host municipality codes.') }) hostMunicipalities?: string[] | null;
  @Field(() => [String], { nullable: true, description: capped(290, 'Visiting municipality codes.') }) visitingMunicipalities?: string[] | null;
  @Field(() => [StudyVisitStatus], { nullable: true, description: capped(10) }) statuses?: StudyVisitStatus[] | null;
  @Field(() => ID, { nullable: true, description: 'Visits about this practice case.' }) practiceCase?: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Visits that may take place on or after this day (agreed dates once accepted, else any proposal).' }) from?: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Visits that may take place on or before this day.' }) to?: string | null;
}

@ArgsType()
export class StudyVisitsArgs extends ForwardPageArgs {
  @Field(() => StudyVisitFilter, { nullable: true }) filter?: StudyVisitFilter | null;
}

@ArgsType()
export class NestedStudyVisitsArgs extends ForwardPageArgs {
  @Field(() => [StudyVisitStatus], { nullable: true, description: capped(10) }) statuses?: StudyVisitStatus[] | null;
}

@InputType({ description: 'Which visits the network counts.' })
export class ExchangeNetworkFilter {
  @Field(() => [String], { nullable: true, description: capped(21, 'County codes: links with at least one end in these counties.') }) counties?: string[] | null;
  @Field(() => [String], { nullable: true, description: capped(50, 'Theme slugs (a parent includes its children): links whose practice cases carry them.') }) themes?: string[] | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Only visits that ended, and adaptations published, on or after this day.' }) since?: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'Only visits that began, and adaptations published, on or before this day. Not before since.' }) until?: string | null;
}

@ObjectType({ description: 'A municipality in the exchange network.' })
export class ExchangeNode {
  @Field(() => Municipality) municipality!: Municipality;
  @Field(() => Int, { description: 'Completed visits it hosted.' }) visitsHosted!: number;
  @Field(() => Int, { description: 'Completed visits it made.' }) visitsMade!: number;
}

@ObjectType({ description: 'Who learned from whom: visitor → host for visits, adopter → origin for adaptations.' })
export class ExchangeEdge {
  @Field(() => ExchangeEdgeKind) kind!: ExchangeEdgeKind;
  @Field(() => Municipality, { description: 'The learner: the visitor, or the adopter.' }) from!: Municipality;
  @Field(() => Municipality, { description: 'The one learned from: the host, or the origin.' }) to!: Municipality;
  @Field(() => Int) count!: number;
  @Field(() => [CaseView], { description: 'The published cases involved.' }) cases!: CaseView[];
  @Field(() => [StudyVisit], { description: 'The completed visits behind a STUDY_VISIT edge.' }) visits!: StudyVisit[];
  @Field(() => LocalDateScalar, { nullable: true, description: 'When the link was first made.' }) firstOn!: string | null;
  @Field(() => LocalDateScalar, { nullable: true, description: 'When the link was last renewed.' }) lastOn!: string | null;
}

@ObjectType({ description: 'Which municipalities have visited which: nodes and the visits between them.' })
export class ExchangeNetwork {
  @Field(() => [ExchangeNode]) nodes!: ExchangeNode[];
  @Field(() => [ExchangeEdge]) edges!: ExchangeEdge[];
}
