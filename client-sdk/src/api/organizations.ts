// organizations.*: the partner organizations (associations, companies, agencies…)
// that take part in cases and visit along on study visits.
import {
  CreateOrganizationDocument,
  type CreateOrganizationMutation,
  type CreateOrganizationMutationVariables,
  OrganizationByIdDocument,
  type OrganizationByIdQueryVariables,
  OrganizationBySlugDocument,
  type OrganizationBySlugQueryVariables,
  type OrganizationFieldsFragment,
  OrganizationsDocument,
  type OrganizationsQuery,
  type OrganizationsQueryVariables,
} from '../generated/graphql';
import { paginate } from '../paginate';
import type { RequestOptions, Transport } from '../transport';

export type Organization = OrganizationFieldsFragment;
export type OrganizationConnection = OrganizationsQuery['organizations'];
export type OrganizationPayload = CreateOrganizationMutation['createOrganization'];
/** An organization is found by its slug (e.g. "emilkraften") or its global id. */
export type GetOrganizationParams = OrganizationBySlugQueryVariables | OrganizationByIdQueryVariables;
/** Variables of `organizations.list`: `filter` (kinds, home municipalities, a name search), `first` and `after`. */
export type ListOrganizationsParams = OrganizationsQueryVariables;

function isOrganization(node: Organization | Record<PropertyKey, never>): node is Organization {
  return 'slug' in node;
}

export function organizationsApi(transport: Transport) {
  const list = async (params: ListOrganizationsParams = {}, options?: RequestOptions): Promise<OrganizationConnection> =>
    (await transport.execute(OrganizationsDocument, params, options)).organizations;

  return Object.freeze({
    /** `get({ slug })` or `get({ id })`; null when there is no such organization. */
    async get(params: GetOrganizationParams, options?: RequestOptions): Promise<Organization | null> {
      if ('slug' in params) return (await transport.execute(OrganizationBySlugDocument, { slug: params.slug }, options)).organization;
      const { node } = await transport.execute(OrganizationByIdDocument, { id: params.id }, options);
      // node(id:) answers any type; an id of something else is "no such organization".
      return node && isOrganization(node) ? node : null;
    },
    /** One page of organizations, by name. */
    list,
    /** Every matching organization, page by page. */
    iterate(params: Omit<ListOrganizationsParams, 'after'> = {}, options?: RequestOptions): AsyncGenerator<Organization, void, undefined> {
      return paginate((after) => list({ ...params, first: params.first ?? 50, after }, options));
    },
    /** Registers an organization (editors, reviewers, admins); the slug is made from the name when left out. */
    async create(params: CreateOrganizationMutationVariables['input'], options?: RequestOptions): Promise<OrganizationPayload> {
      return (await transport.execute(CreateOrganizationDocument, { input: params }, options)).createOrganization;
    },
  });
}
