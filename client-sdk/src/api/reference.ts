// municipalities.*, counties and themes.*: the reference data every filter refers to.
import {
  CountiesDocument,
  type CountiesQuery,
  type CountiesQueryVariables,
  MunicipalityDocument,
  type MunicipalityQuery,
  type MunicipalityQueryVariables,
  ThemesDocument,
  type ThemesQuery,
  type ThemesQueryVariables,
} from '../generated/graphql';
import type { RequestOptions, Transport } from '../transport';

export type Municipality = NonNullable<MunicipalityQuery['municipality']>;
export type County = CountiesQuery['counties'][number];
export type Theme = ThemesQuery['themes'][number];

export function municipalitiesApi(transport: Transport) {
  return Object.freeze({
    /** A municipality by its four-digit kommunkod: `get({ code: '0884' })`; null when unknown. */
    async get(params: MunicipalityQueryVariables, options?: RequestOptions): Promise<Municipality | null> {
      return (await transport.execute(MunicipalityDocument, params, options)).municipality;
    },
  });
}

export function countiesApi(transport: Transport) {
  return Object.freeze({
    /** All counties (län) by code. The query has no variables: pass `{}` or nothing. */
    async list(params: CountiesQueryVariables = {}, options?: RequestOptions): Promise<County[]> {
      return (await transport.execute(CountiesDocument, params, options)).counties;
    },
  });
}

export function themesApi(transport: Transport) {
  return Object.freeze({
    /** The root themes, each with its children. The query has no variables: pass `{}` or nothing. */
    async list(params: ThemesQueryVariables = {}, options?: RequestOptions): Promise<Theme[]> {
      return (await transport.execute(ThemesDocument, params, options)).themes;
    },
  });
}
