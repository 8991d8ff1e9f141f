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
  type ExchangeNetworkQuery,
  type ExchangeNetworkQueryVariables,
  RequestStudyVisitDocument,
  type RequestStudyVisitInput,
  StudyVisitDocument,
  type StudyVisitFieldsFragment,
  type StudyVisitPayloadFieldsFragment,
  type StudyVisitQuery,
  type StudyVisitQueryVariables,
  StudyVisitsDocument,
  type StudyVisitsQuery,
  type StudyVisitsQueryVariables,
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

/** Variables of `studyVisits.list`: `filter`, `first` (1–100, server default 20) and `after`. */
export type ListStudyVisitsParams = StudyVisitsQueryVariables;

export function studyVisitsApi(transport: Transport) {
  const list = async (params: ListStudyVisitsParams = {}, options?: RequestOptions): Promise<StudyVisitConnection> =>
    (await transport.execute(StudyVisitsDocument, params, options)).studyVisits;

  return Object.freeze({
    /**
     * Asks a host municipality for a visit. The idempotency key (yours, or one made
     * here) is sent with every retry, so a lost answer never creates a second visit.
     * Keep `payload.studyVisit.id`; to repeat the call later, pass the same key (in
     * the params or as `options.idempotencyKey`).
     */
    async request(params: StudyVisitRequest, options?: RequestOptions): Promise<StudyVisitPayload & { idempotencyKey: string }> {
      const idempotencyKey = params.idempotencyKey ?? options?.idempotencyKey ?? newIdempotencyKey();
      const data = await transport.execute(RequestStudyVisitDocument, { input: { ...params, idempotencyKey } }, { ...options, idempotencyKey });
      return { ...data.requestStudyVisit, idempotencyKey };
    },
    /** The host agrees, choosing dates (one of the proposals or its own). */
    async accept(params: AcceptStudyVisitInput, options?: RequestOptions): Promise<StudyVisitPayload> {
      return (await transport.execute(AcceptStudyVisitDocument, { input: params }, options)).acceptStudyVisit;
    },
    /** The host says no, with a reason. */
    async decline(params: DeclineStudyVisitInput, options?: RequestOptions): Promise<StudyVisitPayload> {
      return (await transport.execute(DeclineStudyVisitDocument, { input: params }, options)).declineStudyVisit;
    },
    /** Either side calls it off. */
    async cancel(params: CancelStudyVisitInput, options?: RequestOptions): Promise<StudyVisitPayload> {
      return (await transport.execute(CancelStudyVisitDocument, { input: params }, options)).cancelStudyVisit;
    },
    /** After the visit: what was learned and what will be adapted. */
    async complete(params: CompleteStudyVisitInput, options?: RequestOptions): Promise<StudyVisitPayload> {
      return (await transport.execute(CompleteStudyVisitDocument, { input: params }, options)).completeStudyVisit;
    },
    /** One visit with its contact and history: `get({ id })`; null when unknown or not visible to you. */
    async get(params: StudyVisitQueryVariables, options?: RequestOptions): Promise<StudyVisitWithHistory | null> {
      return (await transport.execute(StudyVisitDocument, params, options)).studyVisit;
    },
    /** One page of visits. */
    list,
    /** Every matching visit, page by page. */
    iterate(params: Omit<ListStudyVisitsParams, 'after'> = {}, options?: RequestOptions): AsyncGenerator<StudyVisit, void, undefined> {
      return paginate((after) => list({ ...params, first: params.first ?? 50, after }, options));
    },
  });
}

export async function exchangeNetwork(transport: Transport, params: ExchangeNetworkQueryVariables = {}, options?: RequestOptions): Promise<ExchangeNetwork> {
  return (await transport.execute(ExchangeNetworkDocument, params, options)).exchangeNetwork;
}
