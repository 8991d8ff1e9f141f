// practiceCases.*: read, list and write practice cases.
import {
  ArchivePracticeCaseDocument,
  CreatePracticeCaseDocument,
  type CreatePracticeCaseMutationVariables,
  ImportPracticeCasesDocument,
  type ImportPracticeCaseRow,
  type ImportPracticeCasesMutation,
  type ImportPracticeCasesMutationVariables,
  type PracticeCaseByIdQueryVariables,
  type PracticeCaseBySlugQueryVariables,
  type PracticeCaseDetailsFragment,
  PracticeCaseByIdDocument,
  PracticeCaseBySlugDocument,
  type PracticeCasePayloadFieldsFragment,
  PracticeCasesDocument,
  type PracticeCasesQuery,
  type PracticeCasesQueryVariables,
  type PracticeCaseSummaryFragment,
  type PracticeCaseTransitionInput,
  PublishPracticeCaseDocument,
  ReturnPracticeCaseDocument,
  SubmitPracticeCaseDocument,
  UpdatePracticeCaseDocument,
  type UpdatePracticeCaseMutationVariables,
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

/** Variables of `practiceCases.list`: `filter`, `orderBy`, `first` (1–100, server default 20) and `after`. */
export type ListPracticeCasesParams = PracticeCasesQueryVariables;
/** Like the list's variables without `after`: the iterator moves the cursor itself. */
export type IteratePracticeCasesParams = Omit<PracticeCasesQueryVariables, 'after'>;
/** A case is found by its global id or by its slug. */
export type GetPracticeCaseParams = PracticeCaseByIdQueryVariables | PracticeCaseBySlugQueryVariables;
/** The rows of one import call, and whether only to check them. */
export type ImportPracticeCasesParams = ImportPracticeCasesMutationVariables['input'] & Pick<ImportPracticeCasesMutationVariables, 'dryRun'>;

export function practiceCasesApi(transport: Transport) {
  const list = async (params: ListPracticeCasesParams = {}, options?: RequestOptions): Promise<PracticeCaseConnection> =>
    (await transport.execute(PracticeCasesDocument, params, options)).practiceCases;

  return Object.freeze({
    /** A case: `get({ slug })` or `get({ id })`; null when it does not exist or you may not see it. */
    async get(params: GetPracticeCaseParams, options?: RequestOptions): Promise<PracticeCase | null> {
      const data = 'slug' in params
        ? await transport.execute(PracticeCaseBySlugDocument, { slug: params.slug }, options)
        : await transport.execute(PracticeCaseByIdDocument, { id: params.id }, options);
      return data.practiceCase;
    },
    /** One page of cases; pass `after: page.pageInfo.endCursor` for the next. */
    list,
    /** Every matching case, page by page: `for await (const c of client.practiceCases.iterate({ filter }))`. */
    iterate(params: IteratePracticeCasesParams = {}, options?: RequestOptions): AsyncGenerator<PracticeCaseSummary, void, undefined> {
      return paginate((after) => list({ ...params, first: params.first ?? 50, after }, options));
    },
    /** Creates a DRAFT. Validation problems come back in `userErrors`, not as exceptions. */
    async create(params: CreatePracticeCaseMutationVariables['input'], options?: RequestOptions): Promise<PracticeCasePayload> {
      return (await transport.execute(CreatePracticeCaseDocument, { input: params }, options)).createPracticeCase;
    },
    /**
     * Creates or updates up to 100 cases (matched by slug) in one request and one
     * transaction: either every row is written or, when any row has userErrors, none.
     * `dryRun` checks every row with the server's rules and writes nothing. Each call
     * carries an idempotency key (yours, or one made here), so a retried call never
     * imports twice.
     */
    async import(params: ImportPracticeCasesParams, options?: RequestOptions): Promise<ImportPracticeCasesResult> {
      const { dryRun, ...input } = params;
      const idempotencyKey = options?.idempotencyKey ?? newIdempotencyKey();
      const data = await transport.execute(ImportPracticeCasesDocument, { input, dryRun: dryRun ?? false }, { ...options, idempotencyKey });
      return data.importPracticeCases;
    },
    /** Changes the given fields; `expectedVersion` guards against overwriting someone else's edit. */
    async update(params: UpdatePracticeCaseMutationVariables['input'], options?: RequestOptions): Promise<PracticeCasePayload> {
      return (await transport.execute(UpdatePracticeCaseDocument, { input: params }, options)).updatePracticeCase;
    },
    /** DRAFT → IN_REVIEW. */
    async submit(params: PracticeCaseTransitionInput, options?: RequestOptions): Promise<PracticeCasePayload> {
      return (await transport.execute(SubmitPracticeCaseDocument, { input: params }, options)).submitPracticeCase;
    },
    /** IN_REVIEW → PUBLISHED (reviewers). */
    async publish(params: PracticeCaseTransitionInput, options?: RequestOptions): Promise<PracticeCasePayload> {
      return (await transport.execute(PublishPracticeCaseDocument, { input: params }, options)).publishPracticeCase;
    },
    /** IN_REVIEW → DRAFT (reviewers), with an optional `note` telling the authors what to change. */
    async return(params: PracticeCaseTransitionInput, options?: RequestOptions): Promise<PracticeCasePayload> {
      return (await transport.execute(ReturnPracticeCaseDocument, { input: params }, options)).returnPracticeCase;
    },
    /** PUBLISHED → ARCHIVED. */
    async archive(params: PracticeCaseTransitionInput, options?: RequestOptions): Promise<PracticeCasePayload> {
      return (await transport.execute(ArchivePracticeCaseDocument, { input: params }, options)).archivePracticeCase;
    },
  });
}

export type PracticeCasesApi = ReturnType<typeof practiceCasesApi>;
