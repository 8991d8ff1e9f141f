// municipalities.*, counties and themes.*: the reference data every filter refers to.
import {
  CountiesDocument,
  type CountiesQuery,
  MunicipalityDocument,
  type MunicipalityQuery,
  ThemesDocument,
  type ThemesQuery,
} from '../generated/graphql';
import type { RequestOptions, Transport } from '../transport';

export type Municipality = NonNullable<MunicipalityQuery['municipality']>;
export type County = CountiesQuery['counties'][number];
export type Theme = ThemesQuery['themes'][number];

export function municipalitiesApi(transport: Transport) {
  return Object.freeze({
    /** A municipality by its four-digit kommunkod, e.g. "0884"; null when unknown. */
    async get(code: string, request?: RequestOptions): Promise<Municipality | null> {
      return (await transport.execute(MunicipalityDocument, { code }, request)).municipality;
    },
  });
}

export function countiesApi(transport: Transport) {
  return Object.freeze({
    /** All counties (län) by code. */
    async list(request?: RequestOptions): Promise<County[]> {
      return (await transport.execute(CountiesDocument, {}, request)).counties;
    },
  });
}

export function themesApi(transport: Transport) {
  return Object.freeze({
    /** The root themes, each with its children. */
    async list(request?: RequestOptions): Promise<Theme[]> {
      return (await transport.execute(ThemesDocument, {}, request)).themes;
    },
  });
}
