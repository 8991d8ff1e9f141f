// The theme taxonomy. Filtering by a theme includes its descendants, so the service
// answers "which slugs does this slug cover" for every module that filters by theme.
import type { Context } from '../../core/context';
import { Theme } from './theme.entity';

export class ThemeService {
  async roots(ctx: Context): Promise<Theme[]> {
    return (await ctx.loaders.taxonomy()).filter((t) => !t.parent);
  }

  async children(ctx: Context, slug: string): Promise<Theme[]> {
    return (await ctx.loaders.taxonomy()).filter((t) => t.parent?.slug === slug);
  }

  bySlug(ctx: Context, slug: string): Promise<Theme | null> {
    return ctx.loaders.theme.load(slug);
  }

  /** The slugs themselves plus every descendant; unknown slugs are returned in `unknown`. */
  async expand(ctx: Context, slugs: readonly string[]): Promise<{ slugs: string[]; unknown: string[] }> {
    const all = await ctx.loaders.taxonomy();
    return expandThemes(all.map((t) => ({ slug: t.slug, parent: t.parent?.slug ?? null })), slugs);
  }

  /** The slug and its ancestors, root last. */
  async ancestry(ctx: Context, slug: string): Promise<Theme[]> {
    const all = new Map((await ctx.loaders.taxonomy()).map((t) => [t.slug, t]));
    const chain: Theme[] = [];
    for (let t = all.get(slug); t && chain.length < 20; t = t.parent ? all.get(t.parent.slug) : undefined) chain.push(t);
    return chain;
  }
}

export function expandThemes(taxonomy: { slug: string; parent: string | null }[], slugs: readonly string[]) {
  const known = new Set(taxonomy.map((t) => t.slug));
  const unknown = slugs.filter((s) => !known.has(s));
  const out = new Set(slugs.filter((s) => known.has(s)));
  let grew = true;
  while (grew) {
    grew = false;
    for (const t of taxonomy) {
      if (t.parent && out.has(t.parent) && !out.has(t.slug)) {
        out.add(t.slug);
        grew = true;
      }
    }
  }
  return { slugs: [...out], unknown };
}
