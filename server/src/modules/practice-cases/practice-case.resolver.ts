import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Info, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { ConnectionType } from '../../core/relay/connection';
import { toGlobalId } from '../../core/relay/global-id';
import { Municipality } from '../geo/municipality.entity';
import { withReference } from '../geo/reference-cache';
import { Organization } from '../organizations/organization.entity';
import { Theme } from '../themes/theme.entity';
import type { CaseRevisionRead } from './practice-case.service';
import { canConfirm, canRead, canReadContacts, writeRefusal } from './practice-case.policy';
import { CaseView } from './practice-case.view';
import {
  CaseContact,
  ConfirmPracticeCaseInput,
  CreatePracticeCaseInput,
  EndPracticeCaseInput,
  ImportPracticeCasesInput,
  ImportPracticeCasesPayload,
  NestedPracticeCasesArgs,
  PracticeCasePayload,
  PracticeCasesArgs,
  PracticeCaseTransitionInput,
  UpdatePracticeCaseInput,
} from './practice-case.types';

export const PracticeCaseConnection = ConnectionType(CaseView, 'PracticeCase');

@ObjectType('PracticeCasePartner', { description: 'An organization taking part in a case, and its role.' })
class PartnerView {
  @Field(() => Organization) organization!: Organization;
  @Field() role!: string;
}

@ObjectType('PracticeCaseRevision', { description: 'The content of a case as published at one time; never changed.' })
export class RevisionView implements CaseRevisionRead {
  @Field(() => ID) id!: string;
  @Field(() => Int) number!: number;
  @Field() publishedAt!: Date;
  @Field(() => String, { nullable: true, description: 'Who published it (an actor id); null unless you are a reviewer or admin or act for the case\'s municipality.' }) publishedBy!: string | null;
  @Field(() => String, { description: 'The full published content as JSON. adaptedFrom is a global id, null when that case is not visible to you; contacts are null for readers without personal data.' }) content!: string;
  @Field(() => [String], { description: 'Top-level fields that differ from the previous revision (all fields for the first).' }) changedFields!: string[];
}

@Resolver(() => CaseView)
export class PracticeCaseResolver {
  @Query(() => CaseView, { nullable: true, description: 'A case by global id or slug; null when unknown or not visible to you.' })
  practiceCase(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { nullable: true }) id?: string,
    @Arg('slug', () => String, { nullable: true }) slug?: string,
  ): Promise<CaseView | null> {
    return ctx.services.practiceCases.get(ctx, { id, slug });
  }

  @Query(() => PracticeCaseConnection, { description: 'Cases you may read: published ones for everyone, unpublished ones for those who may see them.' })
  practiceCases(@Args() args: PracticeCasesArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.services.practiceCases.list(ctx, args.filter, args.orderBy, args, info);
  }

  // Signed in (the schema's coarse check); scope, role and ownership are practice-case.policy.ts's.
  @Authorized()
  @Mutation(() => PracticeCasePayload, { description: 'Creates a DRAFT case of your municipality.' })
  createPracticeCase(@Arg('input') input: CreatePracticeCaseInput, @Ctx() ctx: Context) {
    return ctx.services.practiceCases.create(ctx, input);
  }

  @Authorized()
  @Mutation(() => ImportPracticeCasesPayload, {
    description: 'Creates or updates up to 100 cases, matched by slug, all in one transaction or none: any row with a problem means nothing is written. dryRun checks every row and writes nothing.',
  })
  importPracticeCases(
    @Arg('input') input: ImportPracticeCasesInput,
    @Ctx() ctx: Context,
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: false }) dryRun: boolean,
  ) {
    return ctx.services.practiceCases.importCases(ctx, input, dryRun ?? false);
  }

  @Authorized()
  @Mutation(() => PracticeCasePayload, { description: 'Changes the given fields; needs expectedVersion.' })
  updatePracticeCase(@Arg('input') input: UpdatePracticeCaseInput, @Ctx() ctx: Context) {
    return ctx.services.practiceCases.update(ctx, input);
  }

  @Authorized()
  @Mutation(() => PracticeCasePayload, { description: 'DRAFT → IN_REVIEW.' })
  submitPracticeCase(@Arg('input') input: PracticeCaseTransitionInput, @Ctx() ctx: Context) {
    return ctx.services.practiceCases.transition(ctx, 'submit', input);
  }

  @Authorized()
  @Mutation(() => PracticeCasePayload, { description: 'IN_REVIEW → PUBLISHED (reviewers); publishing a published case stores a new revision.' })
  publishPracticeCase(@Arg('input') input: PracticeCaseTransitionInput, @Ctx() ctx: Context) {
    return ctx.services.practiceCases.transition(ctx, 'publish', input);
  }

  @Authorized()
  @Mutation(() => PracticeCasePayload, { description: 'IN_REVIEW → DRAFT (reviewers), with an optional note.' })
  returnPracticeCase(@Arg('input') input: PracticeCaseTransitionInput, @Ctx() ctx: Context) {
    return ctx.services.practiceCases.transition(ctx, 'return', input);
  }

  @Authorized()
  @Mutation(() => PracticeCasePayload, { description: 'PUBLISHED → ARCHIVED.' })
  archivePracticeCase(@Arg('input') input: PracticeCaseTransitionInput, @Ctx() ctx: Context) {
    return ctx.services.practiceCases.transition(ctx, 'archive', input);
  }

  @Authorized()
  @Mutation(() => PracticeCasePayload, { description: '"Still running": sets lastConfirmedAt to now, so the case is no longer due. For the case\'s editors and the staff; published cases only.' })
  confirmPracticeCase(@Arg('input') input: ConfirmPracticeCaseInput, @Ctx() ctx: Context) {
    return ctx.services.practiceCases.confirm(ctx, input);
  }

  @Authorized()
  @Mutation(() => PracticeCasePayload, { description: '"Ended on …": sets endedOn (today or earlier); the case stays published with its period closed and is never due again. For the case\'s editors and the staff.' })
  endPracticeCase(@Arg('input') input: EndPracticeCaseInput, @Ctx() ctx: Context) {
    return ctx.services.practiceCases.end(ctx, input);
  }

  @FieldResolver(() => Boolean, {
    description: 'Published, not ended (endedOn empty or after today) and not confirmed (lastConfirmedAt, else publishedAt) for longer than the confirmation interval (12 months unless the server says otherwise). Computed when read, so it turns true with the calendar.',
  })
  confirmationDue(@Root() c: CaseView, @Ctx() ctx: Context): boolean {
    return ctx.services.practiceCases.freshness.isDue(c);
  }

  @FieldResolver(() => Boolean, { description: 'Whether you may answer "still running?" for this case (confirmPracticeCase, endPracticeCase): its editors and the staff, with the cases:write scope.' })
  viewerCanConfirm(@Root() c: CaseView, @Ctx() ctx: Context): boolean {
    return writeRefusal(ctx.viewer) === null && canConfirm(ctx.viewer, c);
  }

  @FieldResolver(() => ID, { name: 'id' })
  globalId(@Root() c: CaseView): string {
    return toGlobalId('PracticeCase', c.id);
  }

  // Municipality and themes come from the in-memory reference data; resolving them
  // without a promise when it is loaded keeps a page of cases cheap (docs/benchmarks.md).
  @FieldResolver(() => Municipality, { description: 'The owner municipality.' })
  municipality(@Root() c: CaseView, @Ctx() ctx: Context): Municipality | Promise<Municipality> {
    return withReference(ctx, (r) => r.municipalities.get(c.municipalityCode)!);
  }

  @FieldResolver(() => [Municipality])
  async participatingMunicipalities(@Root() c: CaseView, @Ctx() ctx: Context): Promise<Municipality[]> {
    return (await ctx.loaders.municipality.loadMany(c.participantCodes)).filter((m): m is Municipality => m instanceof Municipality);
  }

  @FieldResolver(() => [Theme])
  themes(@Root() c: CaseView, @Ctx() ctx: Context): Theme[] | Promise<Theme[]> {
    return withReference(ctx, (r) => c.themeSlugs!.map((slug) => r.themeBySlug.get(slug)).filter((t): t is Theme => !!t));
  }

  @FieldResolver(() => [PartnerView])
  partners(@Root() c: CaseView, @Ctx() ctx: Context): PartnerView[] | Promise<PartnerView[]> {
    return ctx.loaders.partnersOfCase.fetched(c.id) ?? ctx.loaders.partnersOfCase.load(c.id);
  }

  @FieldResolver(() => [CaseContact], { nullable: true, description: 'Personal data: null for anonymous readers.' })
  contacts(@Root() c: CaseView, @Ctx() ctx: Context): readonly CaseContact[] | null {
    return canReadContacts(ctx.viewer, c) ? c.contacts! : null;
  }

  @FieldResolver(() => CaseView, { nullable: true, description: 'The case this one was adapted from (when visible to you).' })
  adaptedFrom(@Root() c: CaseView, @Ctx() ctx: Context): CaseView | Promise<CaseView | null> | null {
    if (!c.adaptedFromId) return null;
    const prefetched = ctx.services.practiceCases.prefetchedById(ctx, c.adaptedFromId);
    return prefetched !== undefined ? prefetched : ctx.services.practiceCases.byId(ctx, c.adaptedFromId);
  }

  @FieldResolver(() => [CaseView], { description: 'Cases adapted from this one (those visible to you).' })
  async adaptations(@Root() c: CaseView, @Ctx() ctx: Context): Promise<CaseView[]> {
    return (await ctx.loaders.adaptationsOfCase.load(c.id)).filter((a) => canRead(ctx.viewer, a));
  }

  @FieldResolver(() => [RevisionView], { description: 'One per publish, oldest first.' })
  revisions(@Root() c: CaseView, @Ctx() ctx: Context): Promise<RevisionView[]> {
    return ctx.services.practiceCases.revisions(ctx, c);
  }
}

@Resolver(() => Municipality)
export class MunicipalityCasesResolver {
  @FieldResolver(() => PracticeCaseConnection, { description: 'Cases this municipality owns or takes part in.' })
  practiceCases(@Root() m: Municipality, @Args() args: NestedPracticeCasesArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.services.practiceCases.list(ctx, { municipalities: [m.code] }, args.orderBy, args, info);
  }
}

@Resolver(() => Theme)
export class ThemeCasesResolver {
  @FieldResolver(() => PracticeCaseConnection, { description: 'Cases with this theme or one of its children.' })
  practiceCases(@Root() t: Theme, @Args() args: NestedPracticeCasesArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.services.practiceCases.list(ctx, { themes: [t.slug] }, args.orderBy, args, info);
  }
}

@Resolver(() => Organization)
export class OrganizationCasesResolver {
  @FieldResolver(() => PracticeCaseConnection, { description: 'Cases this organization is a partner in.' })
  practiceCases(@Root() o: Organization, @Args() args: NestedPracticeCasesArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.services.practiceCases.list(ctx, { organizations: [o.slug] }, args.orderBy, args, info);
  }
}
