// practiceCases.*: read, list and write practice cases.
import {
  ArchivePracticeCaseDocument,
  CreatePracticeCaseDocument,
  type CreatePracticeCaseInput,
  ImportPracticeCasesDocument,
  type ImportPracticeCaseRow,
  type ImportPracticeCasesMutation,
  type PracticeCaseDetailsFragment,
  PracticeCaseByIdDocument,
  PracticeCaseBySlugDocument,
  type PracticeCaseFilter,
  type PracticeCaseOrder,
  type PracticeCasePayloadFieldsFragment,
  PracticeCasesDocument,
  type PracticeCasesQuery,
  type PracticeCaseSummaryFragment,
  type PracticeCaseTransitionInput,
  PublishPracticeCaseDocument,
  SubmitPracticeCaseDocument,
  UpdatePracticeCaseDocument,
  type UpdatePracticeCaseInput,
} from '../generated/graphql';
import { newIdempotencyKey, paginate } from '../paginate';
import type { RequestOptions, Transport } from '../transport';

export type PracticeCase = PracticeCaseDetailsFragment;
export type PracticeCaseSummary = PracticeCaseSummaryFragment;
export type PracticeCasePayload = PracticeCasePayloadFieldsFragment;
export type PracticeCaseConnection = PracticeCasesQuery['practiceCases'];
export type ImportPracticeCasesResult = ImportPracticeCasesMutation['importPracticeCases'];
export type { ImportPracticeCaseRow };

/** The server takes at most this many rows per import call. */
export const IMPORT_BATCH_SIZE = 100;

export interface ListOptions {
  orderBy?: PracticeCaseOrder;
  /** Page size, 1–100 (server default 20). */
  first?: number;
  after?: string | null;
}

// Slugs are lower-case words joined by hyphens; global ids are base64url and always
// contain capitals, so the two never look alike.
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function practiceCasesApi(transport: Transport) {
  const list = async (filter?: PracticeCaseFilter | null, options: ListOptions = {}, request?: RequestOptions): Promise<PracticeCaseConnection> =>
    (await transport.execute(PracticeCasesDocument, { filter, orderBy: options.orderBy, first: options.first, after: options.after }, request)).practiceCases;

  return Object.freeze({
    /** A case by global id or slug; null when it does not exist or you may not see it. */
    async get(idOrSlug: string | { id: string } | { slug: string }, request?: RequestOptions): Promise<PracticeCase | null> {
      const key = typeof idOrSlug === 'string' ? (SLUG.test(idOrSlug) ? { slug: idOrSlug } : { id: idOrSlug }) : idOrSlug;
      const data = 'slug' in key
        ? await transport.execute(PracticeCaseBySlugDocument, { slug: key.slug }, request)
        : await transport.execute(PracticeCaseByIdDocument, { id: key.id }, request);
      return data.practiceCase;
    },
    /** One page of cases; pass `after: page.pageInfo.endCursor` for the next. */
    list,
    /** Every matching case, page by page: `for await (const c of client.practiceCases.iterate(filter))`. */
    iterate(filter?: PracticeCaseFilter | null, options: Omit<ListOptions, 'after'> = {}, request?: RequestOptions): AsyncGenerator<PracticeCaseSummary, void, undefined> {
      return paginate((after) => list(filter, { ...options, first: options.first ?? 50, after }, request));
    },
    /** Creates a DRAFT. Validation problems come back in `userErrors`, not as exceptions. */
    async create(input: CreatePracticeCaseInput, request?: RequestOptions): Promise<PracticeCasePayload> {
      return (await transport.execute(CreatePracticeCaseDocument, { input }, request)).createPracticeCase;
    },
    /**
     * Creates or updates up to 100 cases (matched by slug) in one request and one
     * transaction: either every row is written or, when any row has userErrors, none.
     * `dryRun` checks every row with the server's rules and writes nothing. Each call
     * carries an idempotency key (yours, or one made here), so a retried call never
     * imports twice.
     */
    async import(rows: ImportPracticeCaseRow[], options: { dryRun?: boolean } = {}, request?: RequestOptions): Promise<ImportPracticeCasesResult> {
      const idempotencyKey = request?.idempotencyKey ?? newIdempotencyKey();
      const data = await transport.execute(ImportPracticeCasesDocument, { input: { cases: rows }, dryRun: options.dryRun ?? false }, { ...request, idempotencyKey });
      return data.importPracticeCases;
    },
    /** Changes the given fields; `expectedVersion` guards against overwriting someone else's edit. */
    async update(input: UpdatePracticeCaseInput, request?: RequestOptions): Promise<PracticeCasePayload> {
      return (await transport.execute(UpdatePracticeCaseDocument, { input }, request)).updatePracticeCase;
    },
    /** DRAFT → IN_REVIEW. */
    async submit(input: PracticeCaseTransitionInput, request?: RequestOptions): Promise<PracticeCasePayload> {
      return (await transport.execute(SubmitPracticeCaseDocument, { input }, request)).submitPracticeCase;
    },
    /** IN_REVIEW → PUBLISHED (reviewers). */
    async publish(input: PracticeCaseTransitionInput, request?: RequestOptions): Promise<PracticeCasePayload> {
      return (await transport.execute(PublishPracticeCaseDocument, { input }, request)).publishPracticeCase;
    },
    /** PUBLISHED → ARCHIVED. */
    async archive(input: PracticeCaseTransitionInput, request?: RequestOptions): Promise<PracticeCasePayload> {
      return (await transport.execute(ArchivePracticeCaseDocument, { input }, request)).archivePracticeCase;
    },
  });
}

export type PracticeCasesApi = ReturnType<typeof practiceCasesApi>;
