import type { FilterQuery } from '@mikro-orm/core';
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../../core/context';
import { UserErrorCode, UserErrors, apiError, badInput, userError } from '../../core/errors';
import { runMutation } from '../../core/mutation';
import { paginate } from '../../core/relay/connection';
import { Checker, SLUG } from '../../core/validation';
import { MUNICIPALITY_CODE } from '../geo/geo.service';
import { Municipality } from '../geo/municipality.entity';
import { slugify } from '../practice-cases/practice-case.rules';
import { Organization } from './organization.entity';
import { canRegisterOrganizations } from './organization.policy';
import type { CreateOrganizationInput, OrganizationFilter, OrganizationPayload } from './organization.types';

export class OrganizationService {
  bySlug(ctx: Context, slug: string): Promise<Organization | null> {
    if (slug.length > 80) return Promise.resolve(null);
    return ctx.em.findOne(Organization, { slug });
  }

  list(ctx: Context, filter: OrganizationFilter | null | undefined, page: { first?: number | null; after?: string | null }, info?: GraphQLResolveInfo) {
    const where: FilterQuery<Organization>[] = [];
    if (filter?.kinds?.length) where.push({ kind: { $in: filter.kinds } });
    if (filter?.municipalities?.length) {
      if (!filter.municipalities.every((c) => MUNICIPALITY_CODE.test(c))) throw badInput('filter.municipalities', 'municipality codes are four digits');
      where.push({ homeMunicipality: { $in: filter.municipalities } });
    }
    if (filter?.search) {
      if (filter.search.length > 100) throw badInput('filter.search', 'must be at most 100 characters');
      where.push({ name: { $ilike: `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } });
    }
    return paginate(ctx.em, Organization, where.length ? { $and: where } : {}, page, { orderBy: { name: 'asc', id: 'asc' }, info });
  }

  /** Editors, reviewers and admins register partners (organization.policy.ts). */
  create(ctx: Context, input: CreateOrganizationInput): Promise<OrganizationPayload> {
    if (!canRegisterOrganizations(ctx.viewer)) throw apiError('FORBIDDEN', 'Editors, reviewers and admins register organizations');
    return runMutation(ctx, {
      name: 'createOrganization',
      work: async (em) => {
        const check = new Checker();
        const name = check.text('name', input.name, { required: true, max: 200 });
        const website = input.website ? check.url('website', input.website) : null;
        let slug = input.slug?.trim() || (name ? slugify(name) : '');
        if (input.slug && (!SLUG.test(slug) || slug.length > 80)) check.add('slug', UserErrorCode.INVALID, 'slug is lower-case letters, digits and single dashes');
        let home: Municipality | null = null;
        if (input.homeMunicipality) {
          home = MUNICIPALITY_CODE.test(input.homeMunicipality) ? await em.findOne(Municipality, { code: input.homeMunicipality }) : null;
          if (!home) check.add('homeMunicipality', UserErrorCode.UNKNOWN_REFERENCE, `Unknown municipality code "${input.homeMunicipality}"`);
        }
        if (slug && (await em.findOne(Organization, { slug }))) {
          if (input.slug) check.add('slug', UserErrorCode.DUPLICATE, `The slug "${slug}" is taken`);
          else slug = `${slug}-${Math.random().toString(36).slice(2, 6)}`;
        }
        if (!check.ok) throw new UserErrors(check.errors);
        return em.create(Organization, { name: name!, slug, kind: input.kind, homeMunicipality: home, website });
      },
      payload: (organization) => ({ organization }),
      nothing: { organization: null },
      // Registered by someone else between the check above and the insert.
      unique: (err) => (/organization_slug/.test(err.message) ? [userError('slug', UserErrorCode.DUPLICATE, 'That slug is taken')] : null),
    });
  }
}
