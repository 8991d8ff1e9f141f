// Counties and municipalities: read-only reference data imported from shared/data.
import type { Context } from '../../core/context';
import { badInput } from '../../core/errors';
import { paginate, type ConnectionResult } from '../../core/relay/connection';
import { County } from './county.entity';
import { Municipality } from './municipality.entity';
import type { LocalitiesArgs, LocalityView, MunicipalityFilter } from './geo.types';

export const MUNICIPALITY_CODE = /^\d{4}$/;
export const COUNTY_CODE = /^\d{2}$/;

/**
 * Codes of the municipalities whose hosting offer says they host. Offers are public
 * (Municipality.hostingOffer); read by table name, as the search indexer does, so the
 * reference data does not depend on the study-visits module. At most one row per
 * municipality, so at most 290 codes.
 */
async function hostingCodes(ctx: Context): Promise<string[]> {
  const rows = await ctx.em.execute<{ municipality_code: string }[]>('select municipality_code from hosting_offer where hosts', [], 'all', ctx.em.getLoggerContext());
  return rows.map((r) => r.municipality_code);
}

export class GeoService {
  counties(ctx: Context): Promise<County[]> {
    return ctx.em.find(County, {}, { orderBy: { code: 'asc' } });
  }

  async municipality(ctx: Context, code: string): Promise<Municipality | null> {
    if (!MUNICIPALITY_CODE.test(code)) throw badInput('code', 'a municipality code is four digits, e.g. "0884"');
    return ctx.loaders.municipality.load(code);
  }

  async municipalities(
    ctx: Context,
    filter: MunicipalityFilter | undefined,
    page: { first?: number | null; after?: string | null },
    info?: Parameters<typeof paginate>[4]['info'],
  ): Promise<ConnectionResult<Municipality>> {
    const where: Record<string, unknown> = {};
    if (filter?.counties) {
      if (filter.counties.length > 21 || !filter.counties.every((c) => COUNTY_CODE.test(c))) {
        throw badInput('filter.counties', 'county codes are two digits, e.g. "08"');
      }
      where.county = { $in: filter.counties };
    }
    if (filter?.search !== undefined && filter.search !== null) {
      const term = filter.search.trim();
      if (term.length > 100) throw badInput('filter.search', 'must be at most 100 characters');
      if (term) {
        const like = `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        where.$or = [{ name: { $ilike: like } }, { shortName: { $ilike: like } }, { seat: { $ilike: like } }];
      }
    }
    if (filter?.hostsStudyVisits != null) {
      const hosts = await hostingCodes(ctx);
      where.code = filter.hostsStudyVisits ? { $in: hosts } : { $nin: hosts };
    }
    return paginate(ctx.em, Municipality, where, page, { orderBy: { code: 'asc' }, info });
  }

  /**
   * Localities whose name starts with `search` (what an editor types into a place
   * field), the given municipality's first; with an empty search, that municipality's
   * localities. Bounded: at most 100 rows, a 100-character term.
   */
  async localities(ctx: Context, args: LocalitiesArgs): Promise<LocalityView[]> {
    const term = args.search.trim();
    const first = args.first ?? 20;
    if (term.length > 100) throw badInput('search', 'must be at most 100 characters');
    if (!Number.isInteger(first) || first < 1 || first > 100) throw badInput('first', 'must be between 1 and 100');
    const code = args.municipality ?? null;
    if (code !== null && !MUNICIPALITY_CODE.test(code)) throw badInput('municipality', 'a municipality code is four digits, e.g. "0884"');
    if (!term && !code) return [];
    const prefix = `${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await ctx.em.execute<{ name: string; municipality_code: string }[]>(
      `select name, municipality_code from locality
        where name ilike ? and (? <> '' or municipality_code = ?)
        order by (municipality_code = ?) desc, name, municipality_code limit ?`,
      [prefix, term, code, code, first],
      'all',
      ctx.em.getLoggerContext(),
    );
    return rows.map((r) => ({ name: r.name, municipalityCode: r.municipality_code }));
  }
}
