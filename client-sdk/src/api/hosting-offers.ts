// hostingOffers.*: whether, what and how often a municipality hosts study visits.
import {
  HostingOfferDocument,
  type HostingOfferFieldsFragment,
  type HostingOfferQueryVariables,
  SetHostingOfferDocument,
  type SetHostingOfferMutation,
  type SetHostingOfferMutationVariables,
} from '../generated/graphql';
import type { RequestOptions, Transport } from '../transport';

export type HostingOffer = HostingOfferFieldsFragment;
export type HostingOfferPayload = SetHostingOfferMutation['setHostingOffer'];

export function hostingOffersApi(transport: Transport) {
  return Object.freeze({
    /** The offer of a municipality: `get({ municipality: '0884' })`; null when it has stated none (or is unknown). */
    async get(params: HostingOfferQueryVariables, options?: RequestOptions): Promise<HostingOffer | null> {
      return (await transport.execute(HostingOfferDocument, params, options)).municipality?.hostingOffer ?? null;
    },
    /**
     * States the offer (the municipality's own officials and editors). `expectedVersion`
     * is the current offer's version, or 0 when there is none yet.
     */
    async set(params: SetHostingOfferMutationVariables['input'], options?: RequestOptions): Promise<HostingOfferPayload> {
      return (await transport.execute(SetHostingOfferDocument, { input: params }, options)).setHostingOffer;
    },
  });
}
