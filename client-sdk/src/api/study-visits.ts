// studyVisits.*: request, answer, hold and report study visits; and the exchange network.
import {
  AcceptStudyVisitDocument,
  type AcceptStudyVisitInput,
  CancelStudyVisitDocument,
  type CancelStudyVisitInput,
  CompleteStudyVisitDocument,
  type CompleteStudyVisitInput,
  DeclineStudyVisitDocument,
  type DeclineStudyVisitInput,
  ExchangeNetworkDocument,
  type ExchangeNetworkFilter,
  type ExchangeNetworkQuery,
  RequestStudyVisitDocument,
  type RequestStudyVisitInput,
  StudyVisitDocument,
  type StudyVisitFieldsFragment,
  type StudyVisitFilter,
  type StudyVisitPayloadFieldsFragment,
  type StudyVisitQuery,
  StudyVisitsDocument,
  type StudyVisitsQuery,
} from '../generated/graphql';
import { newIdempotencyKey, paginate } from '../paginate';
import type { RequestOptions, Transport } from '../transport';

export type StudyVisit = StudyVisitFieldsFragment;
export type StudyVisitWithHistory = NonNullable<StudyVisitQuery['studyVisit']>;
export type StudyVisitPayload = StudyVisitPayloadFieldsFragment;
export type StudyVisitConnection = StudyVisitsQuery['studyVisits'];
export type ExchangeNetwork = ExchangeNetworkQuery['exchangeNetwork'];

/** Like the API's input, but the key is optional: the SDK makes one when you give none. */
export type StudyVisitRequest = Omit<RequestStudyVisitInput, 'idempotencyKey'> & { idempotencyKey?: string };

export function studyVisitsApi(transport: Transport) {
  const list = async (filter?: StudyVisitFilter | null, options: { first?: number; after?: string | null } = {}, request?: RequestOptions): Promise<StudyVisitConnection> =>
    (await transport.execute(StudyVisitsDocument, { filter, first: options.first, after: options.after }, request)).studyVisits;

  return Object.freeze({
    /**
     * Asks a host municipality for a visit. The idempotency key (yours, or one made
     * here) is sent with every retry, so a lost answer never creates a second visit.
     * Keep `payload.studyVisit.id`; to repeat the call later, pass the same key.
     */
    async request(input: StudyVisitRequest, request?: RequestOptions): Promise<StudyVisitPayload & { idempotencyKey: string }> {
      const idempotencyKey = input.idempotencyKey ?? newIdempotencyKey();
      const data = await transport.execute(RequestStudyVisitDocument, { input: { ...input, idempotencyKey } }, { ...request, idempotencyKey });
      return { ...data.requestStudyVisit, idempotencyKey };
    },
    /** The host agrees, choosing dates (one of the proposals or its own). */
    async accept(input: AcceptStudyVisitInput, request?: RequestOptions): Promise<StudyVisitPayload> {
      return (await transport.execute(AcceptStudyVisitDocument, { input }, request)).acceptStudyVisit;
    },
    /** The host says no, with a reason. */
    async decline(input: DeclineStudyVisitInput, request?: RequestOptions): Promise<StudyVisitPayload> {
      return (await transport.execute(DeclineStudyVisitDocument, { input }, request)).declineStudyVisit;
    },
    /** Either side calls it off. */
    async cancel(input: CancelStudyVisitInput, request?: RequestOptions): Promise<StudyVisitPayload> {
      return (await transport.execute(CancelStudyVisitDocument, { input }, request)).cancelStudyVisit;
    },
    /** After the visit: what was learned and what will be adapted. */
    async complete(input: CompleteStudyVisitInput, request?: RequestOptions): Promise<StudyVisitPayload> {
      return (await transport.execute(CompleteStudyVisitDocument, { input }, request)).completeStudyVisit;
    },
    /** One visit with its contact and history; null when unknown or not visible to you. */
    async get(id: string, request?: RequestOptions): Promise<StudyVisitWithHistory | null> {
      return (await transport.execute(StudyVisitDocument, { id }, request)).studyVisit;
    },
    /** One page of visits. */
    list,
    /** Every matching visit, page by page. */
    iterate(filter?: StudyVisitFilter | null, options: { first?: number } = {}, request?: RequestOptions): AsyncGenerator<StudyVisit, void, undefined> {
      return paginate((after) => list(filter, { first: options.first ?? 50, after }, request));
    },
  });
}

export async function exchangeNetwork(transport: Transport, filter?: ExchangeNetworkFilter | null, request?: RequestOptions): Promise<ExchangeNetwork> {
  return (await transport.execute(ExchangeNetworkDocument, { filter }, request)).exchangeNetwork;
}
