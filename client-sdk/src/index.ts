// @utbyte/client: a typed client for the Utbyte GraphQL API.
export { createClient, UtbyteClient } from './client';
export {
  AuthenticationError,
  ForbiddenError,
  type GraphQLErrorEntry,
  GraphQLResponseError,
  NetworkError,
  RateLimitError,
  UtbyteError,
} from './errors';
export { paginate, newIdempotencyKey, type Page } from './paginate';
export type { ClientOptions, Document, FetchLike, LogEvent, Logger, RequestOptions } from './transport';
export { SDK_VERSION } from './version';
export type {
  GetPracticeCaseParams,
  ImportPracticeCasesParams,
  ImportPracticeCasesResult,
  IteratePracticeCasesParams,
  ListPracticeCasesParams,
  PracticeCase,
  PracticeCaseConnection,
  PracticeCasePayload,
  PracticeCaseSummary,
} from './api/practice-cases';
export { IMPORT_BATCH_SIZE } from './api/practice-cases';
export type { County, Municipality, Theme } from './api/reference';
export type { SearchFn, SearchHit, SearchParams, SearchResult } from './api/search';
export type { ExchangeNetwork, ListStudyVisitsParams, StudyVisit, StudyVisitConnection, StudyVisitPayload, StudyVisitRequest, StudyVisitWithHistory } from './api/study-visits';
export type { GetOrganizationParams, ListOrganizationsParams, Organization, OrganizationConnection, OrganizationPayload } from './api/organizations';
export type { HostingOffer, HostingOfferPayload } from './api/hosting-offers';
// Every generated operation document, its result and variable types, and the enums
// as objects (e.g. PracticeKind.MEETING_PLACE) for use with client.request.
export * from './generated/graphql';
