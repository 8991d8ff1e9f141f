// The review history of a case: each submit, publish, return and archive with who did
// it and the note they gave. A reviewer who returns a case says why, and the editors
// need to read that where they fix the draft; before this table the note was checked
// and dropped. Rows are only ever added, like a study visit's history.
import { Entity, Enum, Index, ManyToOne, PrimaryKey, Property, type Opt, type Ref } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { Ctx, Field, FieldResolver, ObjectType, Resolver, Root, registerEnumType } from 'type-graphql';
import type { Context, Viewer } from '../../core/context';
import { PracticeCase } from './practice-case.entity';
import { canSeeActors } from './practice-case.policy';
import type { CaseAction } from './practice-case.rules';
import { CaseView } from './practice-case.view';

export enum CaseReviewAction {
  SUBMITTED = 'SUBMITTED',
  PUBLISHED = 'PUBLISHED',
  RETURNED = 'RETURNED',
  ARCHIVED = 'ARCHIVED',
}
registerEnumType(CaseReviewAction, { name: 'CaseReviewAction', description: 'A step of the publishing workflow.' });

const ACTION_OF: Record<CaseAction, CaseReviewAction> = {
  submit: CaseReviewAction.SUBMITTED,
  publish: CaseReviewAction.PUBLISHED,
  return: CaseReviewAction.RETURNED,
  archive: CaseReviewAction.ARCHIVED,
};

@Entity({ tableName: 'practice_case_review' })
@Index({ properties: ['practiceCase', 'at'] })
export class PracticeCaseReview {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => PracticeCase, { ref: true, deleteRule: 'cascade' })
  practiceCase!: Ref<PracticeCase>;

  @Enum({ items: () => CaseReviewAction, nativeEnumName: 'case_review_action' })
  action!: CaseReviewAction;

  @Property({ type: 'text', nullable: true })
  note?: string | null;

  @Property({ type: 'string' })
  actorId!: string;

  @Property({ type: 'string', nullable: true })
  actorName?: string | null;

  @Property({ type: 'datetime' })
  at: Date & Opt = new Date();
}

@ObjectType('CaseReviewEvent', { description: 'One step of a case through review: who submitted, published, returned or archived it, and their note.' })
export class CaseReviewEventView {
  @Field(() => Date) at!: Date;
  @Field(() => CaseReviewAction) action!: CaseReviewAction;
  @Field(() => String, { nullable: true, description: 'The name of who took the step.' }) actor!: string | null;
  @Field(() => String, { nullable: true, description: "The note given with it, e.g. the reviewer's reason for returning the case." }) note!: string | null;
}

/** The history row of a transition, but for its case (practice-case.transition.ts writes it in SQL). */
export function reviewValues(action: CaseAction, note: string | null | undefined, viewer: Viewer): Omit<PracticeCaseReview, 'practiceCase'> {
  return { id: randomUUID(), action: ACTION_OF[action], note: note?.trim() || null, actorId: viewer.actorId ?? 'anonymous', actorName: viewer.displayName, at: new Date() };
}

@Resolver(() => CaseView)
export class PracticeCaseReviewResolver {
  @FieldResolver(() => [CaseReviewEventView], { description: 'The steps of the case through review, oldest first; empty unless you review cases or write this one.' })
  async reviewHistory(@Root() c: CaseView, @Ctx() ctx: Context): Promise<CaseReviewEventView[]> {
    if (!canSeeActors(ctx.viewer, c)) return [];
    const rows = await ctx.loaders.reviewsOfCase.load(c.id);
    return rows.map((r) => ({ at: r.at, action: r.action, actor: r.actorName ?? null, note: r.note ?? null }));
  }
}
