import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../core/context';
import { Language } from '../../core/language';
import { Theme } from './theme.entity';

@Resolver(() => Theme)
export class ThemeResolver {
  @Query(() => [Theme], { description: 'The root themes; follow Theme.children for the tree.' })
  themes(@Ctx() ctx: Context): Promise<Theme[]> {
    return ctx.services.themes.roots(ctx);
  }

  @Query(() => Theme, { nullable: true, description: 'A theme by slug; null when there is none.' })
  theme(@Arg('slug') slug: string, @Ctx() ctx: Context): Promise<Theme | null> {
    return ctx.services.themes.bySlug(ctx, slug);
  }

  @FieldResolver(() => String, { description: 'The label in the given language (default SV).' })
  label(@Root() theme: Theme, @Arg('language', () => Language, { defaultValue: Language.SV }) language: Language): string {
    return language === Language.EN ? theme.labelEn : theme.labelSv;
  }

  @FieldResolver(() => Theme, { nullable: true })
  parent(@Root() theme: Theme, @Ctx() ctx: Context): Promise<Theme | null> | null {
    return theme.parent ? ctx.services.themes.bySlug(ctx, theme.parent.slug) : null;
  }

  @FieldResolver(() => [Theme])
  children(@Root() theme: Theme, @Ctx() ctx: Context): Promise<Theme[]> {
    return ctx.services.themes.children(ctx, theme.slug);
  }
}
