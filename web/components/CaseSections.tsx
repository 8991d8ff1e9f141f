// The data sections of a case's page: partners, outcomes and funding as tables with
// their units and dates, links, lineage, completed visits, contacts and the hosting offer
// with its call to action. Each renders nothing when the case has nothing to show there.
import type { ComponentChildren } from 'preact';
import type { PageRequest } from '../server/page';
import { formatDate, type Lang } from '../server/i18n';
import { externalHref } from '../server/urls';

interface MunicipalityRef {
  code: string;
  name: string;
}

interface CaseRef {
  slug: string;
  title: string;
  municipality: MunicipalityRef;
}

/** The data of CASE_PAGE's selection (web/pages/case.tsx), as JSON gives it. */
export interface CaseData {
  slug: string;
  title: string;
  summary: string;
  body: string;
  kind: keyof PageRequest['t']['kinds'];
  language: 'SV' | 'EN';
  status: string;
  startedOn: string | null;
  endedOn: string | null;
  publishedAt: string | null;
  updatedAt: string;
  lastConfirmedAt: string | null;
  /** Not confirmed as still running for longer than the server's interval. */
  confirmationDue: boolean;
  /** Whether the reader may answer "still running?" for it. */
  viewerCanConfirm: boolean;
  adaptationNote: string | null;
  municipality: MunicipalityRef;
  participatingMunicipalities: MunicipalityRef[];
  themes: { slug: string; label: string }[];
  targetGroups: string[];
  places: { name: string }[];
  partners: { role: string; organization: { slug: string; name: string; kind: string } }[];
  outcomes: { label: string; value: number; unit: string; measuredOn: string | null }[];
  funding: { source: string; amountSek: number | null }[];
  links: { kind: string; title: string | null; url: string }[];
  adaptedFrom: CaseRef | null;
  adaptations: CaseRef[];
  contacts: { name: string; role: string | null; email: string | null; phone: string | null }[] | null;
  hostingOffer: { hosts: boolean; digitalPossible: boolean; languages: string[]; maxVisitsPerQuarter: number | null; note: string | null } | null;
  studyVisits: {
    totalCount: number;
    edges: { node: { id: string; scheduledDates: { start: string; end: string } | null; visitingMunicipality: MunicipalityRef; visitingOrganization: { name: string } | null } }[];
  };
}

type SectionProps = { page: PageRequest; c: CaseData };

const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : 'sv-SE');

export function formatNumber(value: number, lang: Lang): string {
  return new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 2 }).format(value);
}

/** A calendar day ("2019-03-01", a GraphQL Date) as the reader writes it; noon keeps it on its day in any zone. */
export function formatDay(day: string, lang: Lang): string {
  return formatDate(`${day}T12:00:00Z`, lang);
}

/** An outcome's measuredOn ("2019-10" or "2019-10-15") as the reader writes it. */
export function formatMeasuredOn(value: string, lang: Lang): string {
  if (/^\d{4}-\d{2}$/.test(value)) {
    return new Intl.DateTimeFormat(locale(lang), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${value}-01T12:00:00Z`));
  }
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDay(value, lang) : value;
}

function CaseLink({ page, to }: { page: PageRequest; to: CaseRef }) {
  return (
    <>
      <a href={page.href(`/praktik/${encodeURIComponent(to.slug)}`)}>{to.title}</a> (<a href={page.href(`/kommun/${to.municipality.code}`)}>{to.municipality.name}</a>)
    </>
  );
}

export function CasePartners({ page, c }: SectionProps) {
  const t = page.t.casePage;
  if (!c.partners.length) return null;
  return (
    <section aria-labelledby="partner">
      <h2 id="partner">{t.partners}</h2>
      <table class="data-table case__partners">
        <thead>
          <tr>
            <th scope="col">{t.organization}</th>
            <th scope="col">{t.role}</th>
          </tr>
        </thead>
        <tbody>
          {c.partners.map((p) => (
            <tr>
              <th scope="row">
                {p.organization.name}
                <span class="data-table__sub">{page.t.organizationKinds[p.organization.kind] ?? p.organization.kind}</span>
              </th>
              <td>{p.role}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function CaseOutcomes({ page, c }: SectionProps) {
  const t = page.t.casePage;
  if (!c.outcomes.length) return null;
  return (
    <section aria-labelledby="resultat">
      <h2 id="resultat">{t.outcomes}</h2>
      <table class="data-table case__outcomes">
        <thead>
          <tr>
            <th scope="col">{t.outcome}</th>
            <th scope="col">{t.value}</th>
            <th scope="col">{t.measuredOn}</th>
          </tr>
        </thead>
        <tbody>
          {c.outcomes.map((o) => (
            <tr>
              <th scope="row">{o.label}</th>
              <td>
                <span class="data-table__value">{formatNumber(o.value, page.lang)}</span> <span class="data-table__unit">{o.unit}</span>
              </td>
              <td>{o.measuredOn ? <time dateTime={o.measuredOn}>{formatMeasuredOn(o.measuredOn, page.lang)}</time> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function CaseFunding({ page, c }: SectionProps) {
  const t = page.t.casePage;
  if (!c.funding.length) return null;
  return (
    <section aria-labelledby="finansiering">
      <h2 id="finansiering">{t.funding}</h2>
      <table class="data-table case__funding">
        <thead>
          <tr>
            <th scope="col">{t.fundingSource}</th>
            <th scope="col" class="data-table__number">
              {t.amount} (kr)
            </th>
          </tr>
        </thead>
        <tbody>
          {c.funding.map((f) => (
            <tr>
              <th scope="row">{f.source}</th>
              <td class="data-table__number">{f.amountSek === null ? t.amountUnknown : `${formatNumber(f.amountSek, page.lang)} kr`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function CaseLinks({ page, c }: SectionProps) {
  const t = page.t.casePage;
  if (!c.links.length) return null;
  return (
    <section aria-labelledby="lankar">
      <h2 id="lankar">{t.links}</h2>
      <ul class="case__links">
        {c.links.map((l) => {
          const href = externalHref(l.url);
          const label = l.title || l.url;
          return (
            <li>
              <span class="case__link-kind">{page.t.linkKinds[l.kind] ?? l.kind}:</span> {href ? <a href={href} rel="noopener noreferrer">{label}</a> : label}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** One fact of a case's <dl> whose value is a list (themes, target groups, adaptations); nothing when the list is empty. */
export function ListFact<T>({ label, listClass, items, render }: { label: string; listClass: string; items: readonly T[]; render: (item: T) => ComponentChildren }) {
  if (!items.length) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <ul class={listClass}>
          {items.map((item) => (
            <li>{render(item)}</li>
          ))}
        </ul>
      </dd>
    </>
  );
}

export function CaseLineage({ page, c }: SectionProps) {
  const t = page.t.casePage;
  if (!c.adaptedFrom && !c.adaptations.length) return null;
  return (
    <section aria-labelledby="ursprung">
      <h2 id="ursprung">{t.lineage}</h2>
      <dl class="case__facts case__lineage">
        {c.adaptedFrom ? (
          <>
            <dt>{t.adaptedFrom}</dt>
            <dd class="case__adapted-from">
              <CaseLink page={page} to={c.adaptedFrom} />
            </dd>
            {c.adaptationNote ? (
              <>
                <dt>{t.adaptationNote}</dt>
                <dd>{c.adaptationNote}</dd>
              </>
            ) : null}
          </>
        ) : null}
        <ListFact label={t.adaptedBy} listClass="case__adaptations" items={c.adaptations} render={(a) => <CaseLink page={page} to={a} />} />
      </dl>
    </section>
  );
}

function VisitDate({ page, dates }: { page: PageRequest; dates: { start: string; end: string } | null }) {
  if (!dates) return null;
  const day = (d: string) => <time dateTime={d}>{formatDay(d, page.lang)}</time>;
  return dates.start === dates.end ? (
    day(dates.start)
  ) : (
    <>
      {day(dates.start)} – {day(dates.end)}
    </>
  );
}

export function CaseVisits({ page, c }: SectionProps) {
  const t = page.t.casePage;
  const visits = c.studyVisits.edges.map((e) => e.node);
  const more = c.studyVisits.totalCount - visits.length;
  return (
    <section aria-labelledby="studiebesok-genomforda">
      <h2 id="studiebesok-genomforda">{t.visits}</h2>
      {visits.length ? (
        <table class="data-table case__visits">
          <thead>
            <tr>
              <th scope="col">{t.visitingMunicipality}</th>
              <th scope="col">{t.visitDate}</th>
            </tr>
          </thead>
          <tbody>
            {visits.map((v) => (
              <tr>
                <th scope="row">
                  <a href={page.href(`/kommun/${v.visitingMunicipality.code}`)}>{v.visitingMunicipality.name}</a>
                  {v.visitingOrganization ? `, ${v.visitingOrganization.name}` : null}
                </th>
                <td>
                  <VisitDate page={page} dates={v.scheduledDates} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t.noVisits}</p>
      )}
      {more > 0 ? (
        <p>
          <a href={page.href(`/kommun/${c.municipality.code}`)}>{t.moreVisits(more)}</a>
        </p>
      ) : null}
    </section>
  );
}

export function CaseContacts({ page, c }: SectionProps) {
  const t = page.t.casePage;
  // null is the API's answer to readers who may not see personal data.
  if (!c.contacts?.length) return null;
  return (
    <section aria-labelledby="kontakter" class="case__contacts">
      <h2 id="kontakter">{t.contacts}</h2>
      <ul class="case__contact-list">
        {c.contacts.map((p) => (
          <li>
            <strong>{p.name}</strong>
            {p.role ? `, ${p.role}` : null}
            {p.email ? (
              <>
                <br />
                {t.email}: <a href={`mailto:${p.email}`}>{p.email}</a>
              </>
            ) : null}
            {p.phone ? (
              <>
                <br />
                {t.phone}: <a href={`tel:${p.phone.replace(/[^+\d]/g, '')}`}>{p.phone}</a>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function OfferDetails({ page, offer }: { page: PageRequest; offer: NonNullable<CaseData['hostingOffer']> }) {
  const t = page.t.casePage;
  return (
    <dl class="case__offer">
      <dt>{t.languages}</dt>
      <dd>{offer.languages.map((l) => page.t.language[l] ?? l).join(', ')}</dd>
      <dt>{t.digital}</dt>
      <dd>{offer.digitalPossible ? t.digitalYes : t.digitalNo}</dd>
      <dt>{t.capacity}</dt>
      <dd>{offer.maxVisitsPerQuarter === null ? t.noLimit : t.perQuarter(offer.maxVisitsPerQuarter)}</dd>
      {offer.note ? (
        <>
          <dt>{t.note}</dt>
          <dd>{offer.note}</dd>
        </>
      ) : null}
    </dl>
  );
}

/** The host's offer and the way to ask: the request form, which signs an anonymous reader in first. */
export function CaseHosting({ page, c }: SectionProps) {
  const t = page.t.casePage;
  const offer = c.hostingOffer;
  const host = c.municipality.name;
  const hosts = offer?.hosts !== false;
  return (
    <section class="case__visit" aria-labelledby="studiebesok">
      <h2 id="studiebesok">{t.studyVisit}</h2>
      <p>{!offer ? t.noOffer(host) : offer.hosts ? t.hostsVisits(host) : t.notHosting(host)}</p>
      {offer?.hosts ? <OfferDetails page={page} offer={offer} /> : null}
      {hosts ? (
        <>
          <p>
            <a class="button button--link case__ask" href={page.href(`/praktik/${encodeURIComponent(c.slug)}/studiebesok`)}>
              {t.askForVisit}
            </a>
          </p>
          {page.viewer.kind === 'user' ? null : <p class="hint">{t.askNeedsSignIn}</p>}
        </>
      ) : null}
    </section>
  );
}
