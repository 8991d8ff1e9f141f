// Asking for a study visit (/praktik/<slug>/studiebesok): the form behind "Ask for a
// study visit" on a case page. Each rendering of the form carries a fresh idempotency
// key in a hidden field and sends it as requestStudyVisit's idempotencyKey, so a double
// click (or a resend after a time-out) answers with the visit the first submit made
// instead of making a second one. A form shown again with errors keeps its key: nothing
// was written under it yet.
import { randomUUID } from 'node:crypto';
import { Breadcrumbs } from '../components/Breadcrumbs';
import { Choices } from '../components/Choices';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextArea, TextField } from '../components/Fields';
import { PostForm } from '../components/Form';
import { requireViewer, type FormFields } from '../server/forms';
import { graphql, mutate, query } from '../server/graphql';
import { NotFound, type PageRequest, type PageRoute, type PageView } from '../server/page';
import { FormErrors, USER_ERROR_FIELDS, isCalendarDay, type ApiUserError } from '../server/user-errors';

/** Date proposals the form offers; the API takes up to five. */
const ROWS = 3;
const MAX_SLUG = 120;

interface HostCase {
  id: string;
  slug: string;
  title: string;
  municipality: { code: string; name: string; hostingOffer: { hosts: boolean; digitalPossible: boolean } | null };
}

const REQUEST_PAGE = graphql<{ practiceCase: HostCase | null }, { slug: string }>(`query VisitRequestPage($slug: String!) {
  practiceCase(slug: $slug) { id slug title municipality { code name hostingOffer { hosts digitalPossible } } }
}`);

const REQUEST_VISIT = graphql<{ requestStudyVisit: { studyVisit: { id: string } | null; userErrors: ApiUserError[] } }, { input: Record<string, unknown> }>(`mutation RequestVisitFromPage($input: RequestStudyVisitInput!) {
  requestStudyVisit(input: $input) { studyVisit { id } ${USER_ERROR_FIELDS} }
}`);

/** What the form holds, as typed: shown again unchanged when something is wrong. */
interface RequestForm {
  key: string;
  purpose: string;
  participants: string;
  dates: { start: string; end: string }[];
  language: string;
  format: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string;
}

const ID = {
  purpose: 'syfte',
  participants: 'deltagare',
  start: (row: number) => `datum-${row}-start`,
  end: (row: number) => `datum-${row}-slut`,
  language: 'sprak',
  format: 'form',
  contactName: 'kontakt-namn',
  contactEmail: 'kontakt-epost',
  contactPhone: 'kontakt-telefon',
  form: 'besoksforfragan',
};

async function hostCase(page: PageRequest): Promise<HostCase> {
  const slug = page.params.slug;
  if (slug.length > MAX_SLUG) throw new NotFound('no such case');
  const data = await query(page, REQUEST_PAGE, { slug });
  if (!data.practiceCase) throw new NotFound(`no case ${slug}`);
  return data.practiceCase;
}

function emptyForm(page: PageRequest): RequestForm {
  return {
    key: randomUUID(),
    purpose: '',
    participants: '',
    dates: Array.from({ length: ROWS }, () => ({ start: '', end: '' })),
    language: 'SV',
    format: 'ON_SITE',
    contactName: page.viewer.displayName ?? '',
    contactEmail: '',
    contactPhone: '',
  };
}

function readForm(form: FormFields): RequestForm {
  return {
    key: form.field('key', 255),
    purpose: form.field('purpose', 4000),
    participants: form.field('participants', 10).trim(),
    dates: Array.from({ length: ROWS }, (_, i) => ({ start: form.field(`start${i + 1}`, 10).trim(), end: form.field(`end${i + 1}`, 10).trim() })),
    language: form.field('language', 2) === 'EN' ? 'EN' : 'SV',
    format: form.field('format', 10) === 'DIGITAL' ? 'DIGITAL' : 'ON_SITE',
    contactName: form.field('contactName', 400),
    contactEmail: form.field('contactEmail', 400),
    contactPhone: form.field('contactPhone', 100),
  };
}

/**
 * The API's input from the form, with what the page can tell by itself (a number, a
 * date's shape, at least one proposal); `rows` maps each sent range to its form row.
 */
function toInput(page: PageRequest, c: HostCase, f: RequestForm, errors: FormErrors): { input: Record<string, unknown>; rows: number[] } {
  const t = page.t.visits;
  if (!f.purpose.trim()) errors.add(ID.purpose, t.required);
  if (!/^\d{1,3}$/.test(f.participants)) errors.add(ID.participants, t.notANumber);
  const rows: number[] = [];
  const ranges: { start: string; end: string }[] = [];
  f.dates.forEach((d, i) => {
    const row = i + 1;
    if (!d.start && !d.end) return;
    if (!isCalendarDay(d.start)) errors.add(ID.start(row), t.notADate);
    if (d.end && !isCalendarDay(d.end)) errors.add(ID.end(row), t.notADate);
    rows.push(row);
    ranges.push({ start: d.start, end: d.end || d.start });
  });
  if (!ranges.length) errors.add(ID.start(1), t.needDates);
  const contact = f.contactName.trim() ? { name: f.contactName, email: f.contactEmail.trim() || null, phone: f.contactPhone.trim() || null } : null;
  const input = {
    idempotencyKey: f.key,
    hostMunicipality: c.municipality.code,
    visitingMunicipality: page.viewer.municipalityCode,
    practiceCase: c.id,
    purpose: f.purpose,
    participants: Number(f.participants),
    proposedDates: ranges,
    preferredLanguage: f.language,
    format: f.format,
    contact,
  };
  return { input, rows };
}

/** The field id of an API error's input path. */
function fieldOf(path: string[], rows: number[]): string | null {
  const [name, sub] = path;
  if (name === 'proposedDates') return ID.start(sub === undefined ? 1 : (rows[Number(sub)] ?? 1));
  if (name === 'contact') return sub === 'email' ? ID.contactEmail : sub === 'phone' ? ID.contactPhone : ID.contactName;
  const direct: Record<string, string> = { purpose: ID.purpose, participants: ID.participants, preferredLanguage: ID.language, format: ID.format };
  return direct[name] ?? null;
}

export const visitRequestPage: PageRoute = {
  path: '/praktik/:slug/studiebesok',
  async load(page) {
    requireViewer(page);
    return requestView(page, await hostCase(page), emptyForm(page), new FormErrors());
  },
  async action(page, form) {
    requireViewer(page);
    const c = await hostCase(page);
    const f = readForm(form);
    if (!f.key) f.key = randomUUID();
    const errors = new FormErrors();
    const { input, rows } = toInput(page, c, f, errors);
    if (!errors.any && mayAsk(page, c) === null) {
      const { requestStudyVisit: result } = await mutate(page, REQUEST_VISIT, { input });
      if (result.studyVisit) return { redirect: page.href(`/studiebesok/${encodeURIComponent(result.studyVisit.id)}`), flash: page.t.visits.sent };
      // The key made a different request earlier (the form was sent, then changed): a new key makes this one.
      if (result.userErrors.some((e) => e.code === 'IDEMPOTENCY_KEY_REUSED')) f.key = randomUUID();
      errors.addApi(result.userErrors, (path) => fieldOf(path, rows), ID.form);
    }
    return { ...requestView(page, c, f, errors), status: 422 };
  },
};

/** Why this viewer cannot ask this host (a sentence), or null when the form applies. */
function mayAsk(page: PageRequest, c: HostCase): string | null {
  const t = page.t.visits;
  const own = page.viewer.municipalityCode;
  if (!own || (page.viewer.role !== 'OFFICIAL' && page.viewer.role !== 'EDITOR')) return t.noMunicipality;
  if (own === c.municipality.code) return t.ownMunicipality;
  if (c.municipality.hostingOffer && !c.municipality.hostingOffer.hosts) return t.notHosting(c.municipality.name);
  return null;
}

function requestView(page: PageRequest, c: HostCase, f: RequestForm, errors: FormErrors): PageView {
  const t = page.t.visits;
  const refusal = mayAsk(page, c);
  const title = t.askTitle(c.title);
  return {
    title: errors.any ? `${page.t.account.errorPrefix}${title}` : title,
    description: t.askDescription,
    noindex: true,
    styles: ['visits.css'],
    body: (
      <>
        <Breadcrumbs page={page} trail={[{ label: c.title, path: `/praktik/${encodeURIComponent(c.slug)}` }, { label: page.t.casePage.askForVisit }]} />
        <ErrorSummary title={t.errorTitle} errors={errors.summary} />
        <h1>{title}</h1>
        {refusal ? <p class="notice">{refusal}</p> : <RequestFormBody page={page} c={c} f={f} errors={errors} />}
      </>
    ),
  };
}

function RequestFormBody({ page, c, f, errors }: { page: PageRequest; c: HostCase; f: RequestForm; errors: FormErrors }) {
  const t = page.t.visits;
  const digital = c.municipality.hostingOffer?.digitalPossible !== false;
  const prefix = page.t.account.errorPrefix.replace(/:\s*$/, '');
  return (
    <PostForm page={page} action={`/praktik/${encodeURIComponent(c.slug)}/studiebesok`} id={ID.form} class="visit-form" noValidate>
      <p>{t.askIntro(c.municipality.name)}</p>
      <input type="hidden" name="key" value={f.key} />
      <TextArea id={ID.purpose} name="purpose" label={t.purpose} hint={t.purposeHint} value={f.purpose} error={errors.get(ID.purpose)} errorPrefix={prefix} rows={6} />
      <TextField id={ID.participants} name="participants" label={t.participants} hint={t.participantsHint} value={f.participants} inputMode="numeric" width="short" error={errors.get(ID.participants)} errorPrefix={prefix} />
      <fieldset class="field date-proposals" aria-describedby="datum-hint">
        <legend class="field__label">{t.dates}</legend>
        <p class="hint field__hint" id="datum-hint">
          {t.datesHint}
        </p>
        {f.dates.map((d, i) => (
          <fieldset class="date-range">
            <legend>{t.dateRange(i + 1)}</legend>
            <TextField id={ID.start(i + 1)} name={`start${i + 1}`} label={t.start} type="date" value={d.start} width="medium" error={errors.get(ID.start(i + 1))} errorPrefix={prefix} />
            <TextField id={ID.end(i + 1)} name={`end${i + 1}`} label={t.end} type="date" value={d.end} width="medium" error={errors.get(ID.end(i + 1))} errorPrefix={prefix} />
          </fieldset>
        ))}
      </fieldset>
      <Choices type="radio" id={ID.language} name="language" legend={t.language} checked={[f.language]} options={['SV', 'EN'].map((v) => ({ value: v, label: t.languages[v] }))} error={errors.get(ID.language)} errorPrefix={prefix} />
      <Choices
        type="radio"
        id={ID.format}
        name="format"
        legend={t.format}
        checked={[f.format]}
        options={(digital ? ['ON_SITE', 'DIGITAL'] : ['ON_SITE']).map((v) => ({ value: v, label: t.formats[v] }))}
        hint={digital ? undefined : t.digitalNotOffered}
        error={errors.get(ID.format)}
        errorPrefix={prefix}
      />
      <fieldset class="field">
        <legend class="field__label">{t.contact}</legend>
        <TextField id={ID.contactName} name="contactName" label={t.contactName} value={f.contactName} autoComplete="name" error={errors.get(ID.contactName)} errorPrefix={prefix} />
        <TextField id={ID.contactEmail} name="contactEmail" label={t.contactEmail} type="email" value={f.contactEmail} autoComplete="email" error={errors.get(ID.contactEmail)} errorPrefix={prefix} />
        <TextField id={ID.contactPhone} name="contactPhone" label={t.contactPhone} type="tel" value={f.contactPhone} autoComplete="tel" error={errors.get(ID.contactPhone)} errorPrefix={prefix} />
      </fieldset>
      <button class="button" type="submit">
        {t.send}
      </button>
    </PostForm>
  );
}
