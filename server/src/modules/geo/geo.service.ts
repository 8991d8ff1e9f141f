// Counties and municipalities: read-only reference data imported from shared/data.
import type { Context } from '../../core/context';
import { badInput } from '../../core/errors';
import { paginate, type ConnectionResult } from '../../core/relay/connection';
import { County } from './county.entity';
import { Municipality } from './municipality.entity';
import type { MunicipalityFilter } from './geo.types';

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
}
