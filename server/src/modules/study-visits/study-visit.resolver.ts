// Thin GraphQL layer of study visits, hosting offers and the exchange network, plus
// the study-visit fields this module adds to Municipality and PracticeCase.
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { ConnectionType } from '../../core/relay/connection';
import { Municipality } from '../geo/municipality.entity';
import { Organization } from '../organizations/organization.entity';
import { toGlobalId } from '../../core/relay/global-id';
import { canReadPersonalDetails } from './study-visit.policy';
import { CaseView } from '../practice-cases/practice-case.view';
import { HostingOffer, StudyVisit } from './study-visit.entity';
import {
  AcceptStudyVisitInput,
  CancelStudyVisitInput,
  CompleteStudyVisitInput,
  DateRange,
  DeclineStudyVisitInput,
  ExchangeNetwork,
  ExchangeNetworkFilter,
  HostingOfferPayload,
  NestedStudyVisitsArgs,
  RequestStudyVisitInput,
  SetHostingOfferInput,
  StudyVisitContact,
  StudyVisitEventView,
  StudyVisitPayload,
  StudyVisitReport,
  StudyVisitsArgs,
} from './study-visit.types';

export const StudyVisitConnection = ConnectionType(StudyVisit);

@Resolver(() => StudyVisit)
export class StudyVisitResolver {
  @Query(() => StudyVisit, { nullable: true, description: 'A visit by global id; null when unknown or not visible to you.' })
  studyVisit(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<StudyVisit | null> {
    return ctx.services.studyVisits.get(ctx, id);
  }

  @Query(() => StudyVisitConnection, { description: 'Visits ordered by date. Anonymous readers see ACCEPTED and COMPLETED visits only.' })
  studyVisits(@Args() args: StudyVisitsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.services.studyVisits.list(ctx, args.filter, args, info);
  }

  @Query(() => ExchangeNetwork, { description: 'Who learned from whom: completed study visits and published adaptations.' })
  exchangeNetwork(@Arg('filter', () => ExchangeNetworkFilter, { nullable: true }) filter: ExchangeNetworkFilter | null, @Ctx() ctx: Context) {
    return ctx.services.exchangeNetwork.network(ctx, filter);
  }

  // Signed in (the schema's coarse check); which side may act is study-visit.policy.ts's.
  @Authorized()
  @Mutation(() => StudyVisitPayload, { description: "Asks a host for a visit (the visitors' side). Idempotent per idempotencyKey." })
  requestStudyVisit(@Arg('input') input: RequestStudyVisitInput, @Ctx() ctx: Context) {
    return ctx.services.studyVisits.request(ctx, input);
  }

  @Authorized()
  @Mutation(() => StudyVisitPayload, { description: 'REQUESTED → ACCEPTED (the host), on one of the proposed ranges or a new one.' })
  acceptStudyVisit(@Arg('input') input: AcceptStudyVisitInput, @Ctx() ctx: Context) {
    return ctx.services.studyVisits.accept(ctx, input);
  }

  @Authorized()
  @Mutation(() => StudyVisitPayload, { description: 'REQUESTED → DECLINED (the host), with a reason.' })
  declineStudyVisit(@Arg('input') input: DeclineStudyVisitInput, @Ctx() ctx: Context) {
    return ctx.services.studyVisits.decline(ctx, input);
  }

  @Authorized()
  @Mutation(() => StudyVisitPayload, { description: 'REQUESTED or ACCEPTED → CANCELLED (the visitors).' })
  cancelStudyVisit(@Arg('input') input: CancelStudyVisitInput, @Ctx() ctx: Context) {
    return ctx.services.studyVisits.cancel(ctx, input);
  }

  @Authorized()
  @Mutation(() => StudyVisitPayload, { description: 'ACCEPTED → COMPLETED once the visit has begun, with the report (host or visitors).' })
  completeStudyVisit(@Arg('input') input: CompleteStudyVisitInput, @Ctx() ctx: Context) {
    return ctx.services.studyVisits.complete(ctx, input);
  }

  @Authorized()
  @Mutation(() => HostingOfferPayload, { description: "States whether, what and how often a municipality hosts visits." })
  setHostingOffer(@Arg('input') input: SetHostingOfferInput, @Ctx() ctx: Context) {
    return ctx.services.studyVisits.setHostingOffer(ctx, input);
  }

  @FieldResolver(() => Municipality)
  async hostMunicipality(@Root() v: StudyVisit, @Ctx() ctx: Context): Promise<Municipality> {
    return (await ctx.loaders.municipality.load(v.hostMunicipality.code))!;
  }

  @FieldResolver(() => Municipality)
  async visitingMunicipality(@Root() v: StudyVisit, @Ctx() ctx: Context): Promise<Municipality> {
    return (await ctx.loaders.municipality.load(v.visitingMunicipality.code))!;
  }

  @FieldResolver(() => Organization, { nullable: true, description: 'A partner organization visiting along.' })
  visitingOrganization(@Root() v: StudyVisit, @Ctx() ctx: Context): Promise<Organization | null> | null {
    return v.visitingOrganization ? ctx.loaders.organization.load(v.visitingOrganization.id) : null;
  }

  @FieldResolver(() => CaseView, { nullable: true, description: 'The practice case the visit is about (when visible to you).' })
  practiceCase(@Root() v: StudyVisit, @Ctx() ctx: Context): Promise<CaseView | null> | null {
    return v.practiceCase ? ctx.services.practiceCases.byId(ctx, v.practiceCase.id) : null;
  }

  @FieldResolver(() => [DateRange], { description: 'What the visitors proposed, earliest first.' })
  proposedDates(@Root() v: StudyVisit): DateRange[] {
    return v.proposedDates;
  }

  @FieldResolver(() => DateRange, { nullable: true, description: 'The agreed dates, once accepted.' })
  scheduledDates(@Root() v: StudyVisit): DateRange | null {
    return v.scheduledStart && v.scheduledEnd ? { start: v.scheduledStart, end: v.scheduledEnd } : null;
  }

  @FieldResolver(() => StudyVisitReport, { nullable: true, description: 'Written on completion.' })
  async report(@Root() v: StudyVisit, @Ctx() ctx: Context): Promise<StudyVisitReport | null> {
    if (!v.reportLearned || !v.reportedAt) return null;
    const followUpCase = v.reportFollowUpCase ? await ctx.services.practiceCases.byId(ctx, v.reportFollowUpCase.id) : null;
    return { learned: v.reportLearned, planToAdapt: v.reportPlanToAdapt ?? '', followUpCase, reportedAt: v.reportedAt };
  }

  @FieldResolver(() => StudyVisitContact, { nullable: true, description: 'Personal data: null for anonymous readers.' })
  contact(@Root() v: StudyVisit, @Ctx() ctx: Context): StudyVisitContact | null {
    return v.contact && canReadPersonalDetails(ctx.viewer) ? v.contact : null;
  }

  @FieldResolver(() => [StudyVisitEventView], { description: 'Every transition, oldest first.' })
  async history(@Root() v: StudyVisit, @Ctx() ctx: Context): Promise<StudyVisitEventView[]> {
    const named = canReadPersonalDetails(ctx.viewer);
    return (await ctx.loaders.eventsOfVisit.load(v.id)).map((e) => ({
      at: e.at,
      actor: named ? (e.actorName ?? e.actorId) : null,
      from: e.fromStatus ?? null,
      to: e.toStatus,
      note: e.note ?? null,
    }));
  }
}

@Resolver(() => HostingOffer)
export class HostingOfferResolver {
  @FieldResolver(() => Municipality)
  async municipality(@Root() o: HostingOffer, @Ctx() ctx: Context): Promise<Municipality> {
    return (await ctx.loaders.municipality.load(o.municipality.code))!;
  }

  @FieldResolver(() => [CaseView], { description: "The cases the offer covers (visible to you); empty means all of the municipality's cases." })
  async cases(@Root() o: HostingOffer, @Ctx() ctx: Context): Promise<CaseView[]> {
    return (await Promise.all(o.caseIds.map((id) => ctx.services.practiceCases.byId(ctx, id)))).filter((c): c is CaseView => !!c);
  }
}

@Resolver(() => Municipality)
export class MunicipalityVisitsResolver {
  @FieldResolver(() => StudyVisitConnection, { description: 'Visits this municipality hosts.' })
  hostedStudyVisits(@Root() m: Municipality, @Args() args: NestedStudyVisitsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.services.studyVisits.list(ctx, { hostMunicipalities: [m.code], statuses: args.statuses }, args, info);
  }

  @FieldResolver(() => StudyVisitConnection, { description: 'Visits this municipality makes.' })
  requestedStudyVisits(@Root() m: Municipality, @Args() args: NestedStudyVisitsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.services.studyVisits.list(ctx, { visitingMunicipalities: [m.code], statuses: args.statuses }, args, info);
  }

  @FieldResolver(() => HostingOffer, { nullable: true, description: 'Whether and how this municipality hosts visits.' })
  hostingOffer(@Root() m: Municipality, @Ctx() ctx: Context): Promise<HostingOffer | null> {
    return ctx.services.studyVisits.hostingOffer(ctx, m.code);
  }
}

@Resolver(() => CaseView)
export class PracticeCaseVisitsResolver {
  @FieldResolver(() => StudyVisitConnection, { description: 'Study visits about this case.' })
  studyVisits(@Root() c: CaseView, @Args() args: NestedStudyVisitsArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    return ctx.services.studyVisits.list(ctx, { practiceCase: toGlobalId('PracticeCase', c.id), statuses: args.statuses }, args, info);
  }

  @FieldResolver(() => HostingOffer, { nullable: true, description: "The owner's hosting offer, when it covers this case." })
  hostingOffer(@Root() c: CaseView, @Ctx() ctx: Context): Promise<HostingOffer | null> {
    return ctx.services.studyVisits.hostingOfferForCase(ctx, c);
  }
}
