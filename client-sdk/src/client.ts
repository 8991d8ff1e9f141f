// The client object: immutable, made by createClient, with one namespace per domain
// and `request` for any operation the namespaces do not cover.
import { hostingOffersApi } from './api/hosting-offers';
import { organizationsApi } from './api/organizations';
import { practiceCasesApi } from './api/practice-cases';
import { countiesApi, municipalitiesApi, themesApi } from './api/reference';
import { type SearchFn, searchApi } from './api/search';
import { type ExchangeNetwork, exchangeNetwork, studyVisitsApi } from './api/study-visits';
import { type ExchangeNetworkQueryVariables, ViewerDocument, type ViewerQuery, type ViewerQueryVariables } from './generated/graphql';
import { type ClientOptions, type Document, type RequestOptions, Transport } from './transport';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

export class UtbyteClient {
  readonly practiceCases: ReturnType<typeof practiceCasesApi>;
  readonly municipalities: ReturnType<typeof municipalitiesApi>;
  readonly counties: ReturnType<typeof countiesApi>;
  readonly themes: ReturnType<typeof themesApi>;
  readonly studyVisits: ReturnType<typeof studyVisitsApi>;
  readonly hostingOffers: ReturnType<typeof hostingOffersApi>;
  readonly organizations: ReturnType<typeof organizationsApi>;
  /** Full-text search: `client.search({ query: 'språkvän', filter: { counties: ['04'] } })`; `.iterate` pages through all hits. */
  readonly search: SearchFn;
  readonly #options: Readonly<ClientOptions>;
  readonly #transport: Transport;

  constructor(options: ClientOptions) {
    this.#transport = new Transport(options);
    this.#options = Object.freeze({ ...options, headers: options.headers ? Object.freeze({ ...options.headers }) : undefined });
    this.practiceCases = practiceCasesApi(this.#transport);
    this.municipalities = municipalitiesApi(this.#transport);
    this.counties = countiesApi(this.#transport);
    this.themes = themesApi(this.#transport);
    this.studyVisits = studyVisitsApi(this.#transport);
    this.hostingOffers = hostingOffersApi(this.#transport);
    this.organizations = organizationsApi(this.#transport);
    this.search = searchApi(this.#transport);
    Object.freeze(this);
  }

  /** The endpoint this client talks to. */
  get url(): string {
    return this.#transport.url;
  }

  /** Whether requests carry a token; the token itself cannot be read back. */
  get authenticated(): boolean {
    return this.#transport.hasToken;
  }

  /** A new client with some options changed; this one stays as it is. */
  withOptions(changes: Partial<ClientOptions>): UtbyteClient {
    return new UtbyteClient({ ...this.#options, ...changes });
  }

  /**
   * Sends any operation: a generated typed document (result and variables typed) or
   * plain GraphQL text. Returns `data`; GraphQL errors are thrown as UtbyteErrors.
   * Plain text gives `unknown` until you name the result type: `request<{ … }>(text)`.
   */
  request<TResult = unknown, TVariables extends Record<string, unknown> = Record<string, unknown>>(
    document: Document<TResult, TVariables>,
    variables?: TVariables,
    options?: RequestOptions,
  ): Promise<TResult> {
    return this.#transport.execute<TResult, TVariables>(document, variables, options);
  }

  /** Who the token belongs to (user or API client, role, scopes); null when anonymous. */
  async viewer(params: ViewerQueryVariables = {}, options?: RequestOptions): Promise<ViewerQuery['viewer']> {
    return (await this.#transport.execute(ViewerDocument, params, options)).viewer;
  }

  /** Who learned from whom: completed study visits and adaptations between municipalities. */
  exchangeNetwork(params: ExchangeNetworkQueryVariables = {}, options?: RequestOptions): Promise<ExchangeNetwork> {
    return exchangeNetwork(this.#transport, params, options);
  }

  toJSON(): Record<string, unknown> {
    return { url: this.url, authenticated: this.authenticated, retries: this.#transport.retries, timeout: this.#transport.timeout };
  }

  toString(): string {
    return `UtbyteClient(${this.url}${this.authenticated ? ', token: [redacted]' : ''})`;
  }

  [INSPECT](): string {
    return this.toString();
  }
}

export function createClient(options: ClientOptions): UtbyteClient {
  return new UtbyteClient(options);
}
