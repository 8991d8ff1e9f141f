// GraphQL object types, inputs and payloads of practice cases. The small value types
// (place, outcome, funding, link, contact) are also the JSON shapes stored on the row.
import { ArgsType, Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { capped } from '../../core/list-caps';
import { UserError } from '../../core/errors';
import { Language } from '../../core/language';
import { PageArgs } from '../../core/relay/connection';
import { LocalDateScalar } from '../../core/scalars';
import { CaseStatus, LinkKind, PracticeKind, TargetGroup } from './practice-case.enums';
import { CaseView } from './practice-case.view';

@ObjectType({ description: 'Where the practice happens.' })
export class CasePlace {
  @Field() name!: string;
  @Field(() => String, { nullable: true, description: 'Municipality code of the place when it was recognised.' }) municipalityCode!: string | null;
  @Field(() => Float) latitude!: number;
  @Field(() => Float) longitude!: number;
  @Field({ description: "False when the name was not found in the locality list and the owner's seat is used." }) resolved!: boolean;
}

@ObjectType({ description: 'A measured result, e.g. 20 people employed or in internship.' })
export class CaseOutcome {
  @Field() label!: string;
  @Field(() => Float) value!: number;
  @Field() unit!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM or YYYY-MM-DD.' }) measuredOn!: string | null;
}

@ObjectType({ description: 'Where money for the practice came from, and how much.' })
export class CaseFunding {
  @Field() source!: string;
  @Field(() => Int, { nullable: true, description: 'Amount in Swedish kronor.' }) amountSek!: number | null;
}

@ObjectType({ description: 'A web page about the practice: a report, a news item, a film.' })
export class CaseLink {
  @Field() url!: string;
  @Field(() => LinkKind) kind!: LinkKind;
  @Field(() => String, { nullable: true }) title!: string | null;
}

@ObjectType({ description: 'A contact person. Personal data: hidden from anonymous readers.' })
export class CaseContact {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) role!: string | null;
  @Field(() => String, { nullable: true }) email!: string | null;
  @Field(() => String, { nullable: true }) phone!: string | null;
}

@InputType({ description: 'An organization working on the practice with the municipality.' })
export class PartnerInput {
  @Field({ description: 'Organization slug.' }) organization!: string;
  @Field({ description: 'What the partner does, e.g. "co-lead", "funder".' }) role!: string;
}

@InputType({ description: 'A measured result of the practice.' })
export class OutcomeInput {
  @Field() label!: string;
  @Field(() => Float) value!: number;
  @Field() unit!: string;
  @Field(() => String, { nullable: true }) measuredOn?: string | null;
}

@InputType({ description: 'A source of funding for the practice.' })
export class FundingInput {
  @Field() source!: string;
  @Field(() => Int, { nullable: true }) amountSek?: number | null;
}

@InputType({ description: 'A web page about the practice.' })
export class LinkInput {
  @Field() url!: string;
  @Field(() => LinkKind) kind!: LinkKind;
  @Field(() => String, { nullable: true }) title?: string | null;
}

@InputType({ description: 'A person to contact about the case.' })
export class ContactInput {
  @Field() name!: string;
  @Field(() => String, { nullable: true }) role?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
}

/** Fields shared by create and update; in update every field is optional. */
// Its fields are inherited by both inputs; unreferenced, it stays out of the schema.
@InputType()
abstract class PracticeCaseFields {
  @Field(() => String, { nullable: true, description: 'Readable unique id; generated from the title when left out.' }) slug?: string | null;
  @Field(() => Language, { nullable: true }) language?: Language | null;
  @Field(() => [String], { nullable: true, description: capped(100, 'Codes of other municipalities taking part (at most 50).') }) participatingMunicipalities?: string[] | null;
  @Field(() => [PartnerInput], { nullable: true, description: capped(100, 'At most 30.') }) partners?: PartnerInput[] | null;
  @Field(() => [TargetGroup], { nullable: true, description: capped(20) }) targetGroups?: TargetGroup[] | null;
  @Field(() => [String], { nullable: true, description: capped(100, 'Place names (at most 20); resolved against the locality list when possible.') }) places?: string[] | null;
  @Field(() => LocalDateScalar, { nullable: true }) startedOn?: string | null;
  @Field(() => LocalDateScalar, { nullable: true }) endedOn?: string | null;
  @Field(() => [OutcomeInput], { nullable: true, description: capped(100, 'At most 30.') }) outcomes?: OutcomeInput[] | null;
  @Field(() => [FundingInput], { nullable: true, description: capped(100, 'At most 20.') }) funding?: FundingInput[] | null;
  @Field(() => [LinkInput], { nullable: true, description: capped(100, 'At most 30.') }) links?: LinkInput[] | null;
  @Field(() => [ContactInput], { nullable: true, description: capped(100, 'At most 10.') }) contacts?: ContactInput[] | null;
  @Field(() => ID, { nullable: true, description: 'The case this one was adapted from.' }) adaptedFrom?: string | null;
  @Field(() => String, { nullable: true }) adaptationNote?: string | null;
}

@InputType({ description: 'A new practice case; it starts as a draft.' })
export class CreatePracticeCaseInput extends PracticeCaseFields {
  @Field() title!: string;
  @Field() summary!: string;
  @Field() body!: string;
  @Field(() => PracticeKind) kind!: PracticeKind;
  @Field({ description: 'Owner municipality code.' }) municipality!: string;
  @Field(() => [String], { description: capped(100, '1–5 theme slugs.') }) themes!: string[];
}

@InputType({ description: 'Changes to a practice case; fields left out stay as they are.' })
export class UpdatePracticeCaseInput extends PracticeCaseFields {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => String, { nullable: true }) title?: string | null;
  @Field(() => String, { nullable: true }) summary?: string | null;
  @Field(() => String, { nullable: true }) body?: string | null;
  @Field(() => PracticeKind, { nullable: true }) kind?: PracticeKind | null;
  @Field(() => [String], { nullable: true, description: capped(100, '1–5 theme slugs.') }) themes?: string[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Record that the practice is still running (sets lastConfirmedAt).' }) confirmStillRunning?: boolean | null;
}

/** At most this many rows per importPracticeCases call; the CLI sends bigger files in batches. */
export const IMPORT_MAX_ROWS = 100;

// Dates are plain strings here, checked by the service: a bad date then comes back as
// a userError of its row, so one call reports every bad row, instead of the whole
// request failing on the first date the Date scalar refuses.
@InputType({ description: 'One row of importPracticeCases: matched to an existing case by slug, created when there is none.' })
export class ImportPracticeCaseRow extends CreatePracticeCaseInput {
  @Field({ description: 'Matches the row to an existing case; required here.' }) override slug!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, a real calendar date.' }) override startedOn?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, a real calendar date.' }) override endedOn?: string | null;
}

@InputType({ description: 'Rows of practice cases to create or update in one go.' })
export class ImportPracticeCasesInput {
  @Field(() => [ImportPracticeCaseRow], { description: capped(IMPORT_MAX_ROWS, `1–${IMPORT_MAX_ROWS} cases, each with a slug no other row uses.`) }) cases!: ImportPracticeCaseRow[];
}

export enum ImportAction {
  CREATED = 'CREATED',
  UPDATED = 'UPDATED',
  UNCHANGED = 'UNCHANGED',
}
registerEnumType(ImportAction, { name: 'ImportAction', description: 'What importPracticeCases does (or, in a dry run, would do) with a row.' });

@ObjectType({ description: 'The outcome of one row of importPracticeCases.' })
export class ImportedPracticeCase {
  @Field(() => Int, { description: 'Position of the row in input.cases, from 0.' }) index!: number;
  @Field() slug!: string;
  @Field(() => ImportAction) action!: ImportAction;
  @Field(() => [String], { description: 'Top-level fields the row sets or changes; empty when UNCHANGED.' }) changedFields!: string[];
  @Field(() => CaseView, { nullable: true, description: 'The case as written; null in a dry run.' }) practiceCase!: CaseView | null;
}

@ObjectType({ description: 'What the import did with each row, or why rows were refused.' })
export class ImportPracticeCasesPayload {
  @Field({ description: 'True when every row was written, in one transaction. False in a dry run and whenever userErrors is not empty: then nothing was written.' }) written!: boolean;
  @Field(() => [ImportedPracticeCase], { description: 'One per row that passed, in input order.' }) results!: ImportedPracticeCase[];
  @Field(() => [UserError], { description: 'Every problem of every row; field starts with ["input", "cases", "<row index>"].' }) userErrors!: UserError[];
}

@InputType({ description: 'Moves a case through its workflow (submit, publish, return, archive).' })
export class PracticeCaseTransitionInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => String, { nullable: true, description: 'Optional note, e.g. why a case is returned or archived.' }) note?: string | null;
}

@InputType({ description: '"Still running": the owners confirm that a published practice goes on.' })
export class ConfirmPracticeCaseInput {
  @Field(() => ID) id!: string;
  @Field(() => Int, { description: 'The version you saw; a case changed since (ended, edited) is a VERSION_CONFLICT.' }) expectedVersion!: number;
}

@InputType({ description: '"Ended on …": the owners report that a published practice has stopped.' })
export class EndPracticeCaseInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) expectedVersion!: number;
  @Field(() => LocalDateScalar, { description: 'The day it ended: today or earlier, and not before startedOn.' }) endedOn!: string;
}

@ObjectType({ description: 'The practice case as saved, or why not.' })
export class PracticeCasePayload {
  @Field(() => CaseView, { nullable: true }) practiceCase!: CaseView | null;
  @Field(() => [UserError]) userErrors!: UserError[];
}

@InputType({ description: 'Which practice cases to list.' })
export class PracticeCaseFilter {
  @Field(() => [CaseStatus], { nullable: true, description: capped(10, 'Anonymous readers only ever see PUBLISHED.') }) statuses?: CaseStatus[] | null;
  @Field(() => [String], { nullable: true, description: capped(290, 'Owner or participating municipality codes.') }) municipalities?: string[] | null;
  @Field(() => [String], { nullable: true, description: capped(21, 'County codes of the owner.') }) counties?: string[] | null;
  @Field(() => [String], { nullable: true, description: capped(50, 'Theme slugs; a parent includes its children.') }) themes?: string[] | null;
  @Field(() => [PracticeKind], { nullable: true, description: capped(20) }) kinds?: PracticeKind[] | null;
  @Field(() => [TargetGroup], { nullable: true, description: capped(20) }) targetGroups?: TargetGroup[] | null;
  @Field(() => [String], { nullable: true, description: capped(50, 'Partner organization slugs.') }) organizations?: string[] | null;
  @Field(() => Date, { nullable: true }) updatedSince?: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'true: only cases due for "still running?" (see PracticeCase.confirmationDue); false: only those that are not.' })
  confirmationDue?: boolean | null;
}

export enum PracticeCaseOrderField {
  PUBLISHED_AT = 'PUBLISHED_AT',
  UPDATED_AT = 'UPDATED_AT',
  TITLE = 'TITLE',
}
registerEnumType(PracticeCaseOrderField, { name: 'PracticeCaseOrderField', description: 'PUBLISHED_AT lists only cases that have been published.' });

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'OrderDirection', description: 'Ascending or descending.' });

@InputType({ description: 'How to order practice cases.' })
export class PracticeCaseOrder {
  @Field(() => PracticeCaseOrderField) field!: PracticeCaseOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.DESC }) direction!: OrderDirection;
}

@ArgsType()
export class PracticeCasesArgs extends PageArgs {
  @Field(() => PracticeCaseFilter, { nullable: true }) filter?: PracticeCaseFilter | null;
  @Field(() => PracticeCaseOrder, { nullable: true, description: 'Default: UPDATED_AT DESC.' }) orderBy?: PracticeCaseOrder | null;
}

@ArgsType()
export class NestedPracticeCasesArgs extends PageArgs {
  @Field(() => PracticeCaseOrder, { nullable: true }) orderBy?: PracticeCaseOrder | null;
}
