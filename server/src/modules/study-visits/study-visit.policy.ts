// Who may read and change study visits: pure functions over the viewer and the visit's
// sides, unit-tested cell by cell in study-visit.policy.test.ts. The schema refuses
// anonymous callers (`@Authorized()` on every study-visit mutation); the service asks
// these for everything that depends on the visit or on the municipality named.
import type { Viewer } from '../../core/context';
import { actsFor, canReadPersonalData, hasScope, isAdmin, isSignedIn } from '../../core/auth/policy';
import { StudyVisitStatus } from './study-visit.enums';
import type { VisitAction } from './study-visit.rules';

/** The sides of a visit, as the rules need them. */
export interface VisitSides {
  status: StudyVisitStatus;
  hostMunicipality: string;
  visitingMunicipality: string;
  visitingOrganizationId: string | null;
}

/** The API client's organization, when the viewer is a client acting for one. */
export interface ClientOrganization {
  id: string;
  slug: string;
  homeMunicipality: string | null;
}

const WRITE = 'study-visits:write';

/**
 * Whether the viewer speaks for a municipality in study-visit matters: its officials
 * and editors, or an API client bound to it, each with a token that carries
 * study-visits:write. `organizationHome` lets a client bound to no municipality speak for
 * its organization's home; pass it only for the visitors' side: hosting decisions need
 * a client bound to the municipality itself.
 */
export function speaksFor(v: Viewer, municipality: string, organizationHome?: string | null): boolean {
  if (!hasScope(v, WRITE)) return false;
  if (v.kind === 'user') return (v.role === 'OFFICIAL' || v.role === 'EDITOR') && actsFor(v, municipality);
  return v.kind === 'client' && actsFor(v, municipality, organizationHome);
}

/** Anonymous readers, and clients with neither read nor study-visits:write, see scheduled and completed visits only. */
export function visibleStatuses(v: Viewer): StudyVisitStatus[] | null {
  if (v.kind === 'anonymous') return [StudyVisitStatus.ACCEPTED, StudyVisitStatus.COMPLETED];
  if (v.kind === 'client' && !hasScope(v, 'read') && !hasScope(v, WRITE)) return [StudyVisitStatus.ACCEPTED, StudyVisitStatus.COMPLETED];
  return null;
}

export function canRead(v: Viewer, visit: Pick<VisitSides, 'status'>): boolean {
  const statuses = visibleStatuses(v);
  return !statuses || statuses.includes(visit.status);
}

/** Contact details and who did what: signed-in readers who may read personal data. */
export const canReadPersonalDetails = (v: Viewer): boolean => isSignedIn(v) && canReadPersonalData(v);

/** Whether the viewer may ask for visits at all: admins, officials and editors, clients with study-visits:write. */
export function canRequestVisits(v: Viewer): boolean {
  if (v.kind === 'client') return hasScope(v, WRITE);
  return isAdmin(v) || v.role === 'OFFICIAL' || v.role === 'EDITOR';
}

/** Whether the viewer may ask for a visit on behalf of this municipality (and, for a client, this organization). */
export function canRequestFor(v: Viewer, visitingMunicipality: string, org: ClientOrganization | null): boolean {
  return isAdmin(v) || speaksFor(v, visitingMunicipality, org?.homeMunicipality);
}

/** A client visits on behalf of its own organization only. */
export const canVisitAsOrganization = (org: ClientOrganization | null, slug: string | null | undefined): boolean => !org || !slug || slug === org.slug;

/** The host's side accepts and declines, the visitors' side cancels, either side completes. */
export function canAct(v: Viewer, action: VisitAction, visit: VisitSides, org: ClientOrganization | null): boolean {
  if (isAdmin(v)) return true;
  const host = speaksFor(v, visit.hostMunicipality);
  // A client visiting on behalf of its organization speaks for the visitors too.
  const visitor = speaksFor(v, visit.visitingMunicipality, org?.homeMunicipality) || (v.kind === 'client' && hasScope(v, WRITE) && !!org && visit.visitingOrganizationId === org.id);
  return action === 'cancel' ? visitor : action === 'complete' ? host || visitor : host;
}

/** Who `canAct` lets do an action, for the refusal's message. */
export const SIDE_OF: Record<VisitAction, string> = { accept: "the host's side", decline: "the host's side", cancel: "the visitors' side", complete: 'the host or the visitors' };

/** A municipality's hosting offer is set by those who speak for it (bound to it: no organization home). */
export const canSetHostingOffer = (v: Viewer, municipality: string): boolean => isAdmin(v) || speaksFor(v, municipality);

/** Visits that happened before Utbyte recorded them come from demo content and imports only. */
export const canRecordPastVisits = (v: Viewer): boolean => v.kind === 'system';
