// The hosting offer editor (/kommun/<code>/vardskap): a municipality's own officials
// and editors say whether it hosts study visits, about which of its published cases, in
// which languages, how many a quarter and whether digitally — setHostingOffer, with the
// version the form was rendered from, so two officials saving at once cannot silently
// overwrite each other.
import { Breadcrumbs } from '../components/Breadcrumbs';
import { Choices } from '../components/Choices';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextArea, TextField } from '../components/Fields';
import { PostForm } from '../components/Form';
import { Forbidden, requireViewer, type FormFields } from '../server/forms';
import { graphql, mutate, query } from '../server/graphql';
import { NotFound, type PageRequest, type PageRoute, type PageView } from '../server/page';
import { FormErrors, USER_ERROR_FIELDS, type ApiUserError } from '../server/user-errors';

/** The cases offered as checkboxes; the API takes at most 50 in an offer. */
const CASES_LISTED = 100;

interface OfferPageData {
  code: string;
  name: string;
  hostingOffer: { version: number; hosts: boolean; languages: string[]; maxVisitsPerQuarter: number | null; digitalPossible: boolean; note: string | null; cases: { id: string }[] } | null;
  practiceCases: { edges: { node: { id: string; title: string; status: string } }[] };
}

const OFFER_PAGE = graphql<{ municipality: OfferPageData | null }, { code: string; first: number }>(`query HostingOfferEditor($code: String!, $first: Int!) {
  municipality(code: $code) {
    code name
    hostingOffer { version hosts languages maxVisitsPerQuarter digitalPossible note cases { id } }
    practiceCases(first: $first, orderBy: { field: TITLE, direction: ASC }) { edges { node { id title status } } }
  }
}`);

const SET_OFFER = graphql<{ setHostingOffer: { hostingOffer: { version: number } | null; userErrors: ApiUserError[] } }, { input: Record<string, unknown> }>(`mutation SetHostingOfferFromPage($input: SetHostingOfferInput!) {
  setHostingOffer(input: $input) { hostingOffer { version } ${USER_ERROR_FIELDS} }
}`);

interface OfferForm {
  version: string;
  hosts: string;
  languages: string[];
  max: string;
  digital: boolean;
  cases: string[];
  note: string;
}

const ID = { hosts: 'tar-emot', languages: 'sprak', max: 'per-kvartal', digital: 'digitalt', cases: 'praktiker', note: 'att-tanka-pa', form: 'vardskap' };

async function loadOffer(page: PageRequest): Promise<OfferPageData> {
  const viewer = requireViewer(page);
  const code = page.params.code;
  if (!/^\d{4}$/.test(code)) throw new NotFound('no such municipality');
  // Only the API decides, but a form that could only be refused is not worth showing.
  const own = (viewer.role === 'OFFICIAL' || viewer.role === 'EDITOR') && viewer.municipalityCode === code;
  if (!own && viewer.role !== 'ADMIN') throw new Forbidden("only the municipality's own officials and editors set its offer");
  const { municipality } = await query(page, OFFER_PAGE, { code, first: CASES_LISTED });
  if (!municipality) throw new NotFound(`no municipality ${code}`);
  return municipality;
}

function savedForm(m: OfferPageData): OfferForm {
  const o = m.hostingOffer;
  return {
    version: String(o?.version ?? 0),
    hosts: o && !o.hosts ? 'no' : 'yes',
    languages: o?.languages ?? ['SV'],
    max: o?.maxVisitsPerQuarter == null ? '' : String(o.maxVisitsPerQuarter),
    digital: o?.digitalPossible ?? false,
    cases: o?.cases.map((c) => c.id) ?? [],
    note: o?.note ?? '',
  };
}

function readForm(form: FormFields): OfferForm {
  return {
    version: form.field('version', 10),
    hosts: form.field('hosts', 3),
    languages: form.all('languages', 2),
    max: form.field('max', 10).trim(),
    digital: form.has('digital'),
    cases: form.all('cases', 200).slice(0, CASES_LISTED),
    note: form.field('note', 4000),
  };
}

export const hostingOfferPage: PageRoute = {
  path: '/kommun/:code/vardskap',
  async load(page) {
    const m = await loadOffer(page);
    return offerView(page, m, savedForm(m), new FormErrors());
  },
  async action(page, form) {
    const m = await loadOffer(page);
    const f = readForm(form);
    const errors = new FormErrors();
    if (f.max && !/^\d{1,3}$/.test(f.max)) errors.add(ID.max, page.t.visits.notANumber);
    if (!errors.any) {
      const input = {
        municipality: m.code,
        expectedVersion: Number(f.version) || 0,
        hosts: f.hosts !== 'no',
        cases: f.cases,
        languages: f.languages.filter((l) => l === 'SV' || l === 'EN'),
        maxVisitsPerQuarter: f.max ? Number(f.max) : null,
        digitalPossible: f.digital,
        note: f.note.trim() || null,
      };
      const { setHostingOffer: result } = await mutate(page, SET_OFFER, { input });
      if (result.hostingOffer) return { redirect: page.href(`/kommun/${m.code}`), flash: page.t.hostingEditor.saved };
      const conflict = result.userErrors.some((e) => e.code === 'VERSION_CONFLICT');
      errors.addApi(result.userErrors, ([name]) => ID[name === 'maxVisitsPerQuarter' ? 'max' : (name as keyof typeof ID)] ?? null, ID.form, (e) => (e.code === 'VERSION_CONFLICT' ? page.t.hostingEditor.conflict : undefined));
      // After a conflict the form carries the offer's current version: saving again is a choice made knowingly.
      if (conflict) return { ...offerView(page, m, { ...f, version: String(m.hostingOffer?.version ?? 0) }, errors), status: 409 };
    }
    return { ...offerView(page, m, f, errors), status: 422 };
  },
};

function offerView(page: PageRequest, m: OfferPageData, f: OfferForm, errors: FormErrors): PageView {
  const t = page.t.hostingEditor;
  const title = t.title(m.name);
  return {
    title: errors.any ? `${page.t.account.errorPrefix}${title}` : title,
    description: t.description,
    noindex: true,
    styles: ['visits.css'],
    body: (
      <>
        <Breadcrumbs page={page} trail={[{ label: m.name, path: `/kommun/${m.code}` }, { label: t.edit }]} />
        <ErrorSummary title={page.t.visits.errorTitle} errors={errors.summary} />
        <h1>{title}</h1>
        <p>{t.intro}</p>
        <OfferFormBody page={page} m={m} f={f} errors={errors} />
      </>
    ),
  };
}

function OfferFormBody({ page, m, f, errors }: { page: PageRequest; m: OfferPageData; f: OfferForm; errors: FormErrors }) {
  const t = page.t.hostingEditor;
  const published = m.practiceCases.edges.map((e) => e.node).filter((c) => c.status === 'PUBLISHED');
  return (
    <PostForm page={page} action={`/kommun/${m.code}/vardskap`} id={ID.form} noValidate>
      <input type="hidden" name="version" value={f.version} />
      <Choices type="radio" id={ID.hosts} name="hosts" legend={t.hosts} checked={[f.hosts]} options={[{ value: 'yes', label: t.hostsYes }, { value: 'no', label: t.hostsNo }]} error={errors.get(ID.hosts)} />
      <Choices type="checkbox" id={ID.languages} name="languages" legend={t.languages} checked={f.languages} options={['SV', 'EN'].map((l) => ({ value: l, label: page.t.visits.languages[l] }))} error={errors.get(ID.languages)} />
      <TextField id={ID.max} name="max" label={t.max} hint={t.maxHint} value={f.max} inputMode="numeric" width="short" error={errors.get(ID.max)} />
      <div class="choices__item field">
        <input class="choices__input" type="checkbox" id={ID.digital} name="digital" value="yes" checked={f.digital} />
        <label class="choices__label" for={ID.digital}>
          {t.digital}
        </label>
      </div>
      {published.length ? (
        <Choices type="checkbox" id={ID.cases} name="cases" legend={t.cases} hint={t.casesHint} checked={f.cases} options={published.map((c) => ({ value: c.id, label: c.title }))} error={errors.get(ID.cases)} />
      ) : (
        <p class="hint">{t.noCases}</p>
      )}
      <TextArea id={ID.note} name="note" label={t.note} value={f.note} error={errors.get(ID.note)} rows={4} />
      <button class="button" type="submit">
        {t.save}
      </button>
    </PostForm>
  );
}
