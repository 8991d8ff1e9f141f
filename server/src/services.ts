// The app-wide services, one per domain module. Stateless: every method takes the
// request context first and works through ctx.em.
import { GeoService } from './modules/geo/geo.service';
import { ThemeService } from './modules/themes/theme.service';
import { AccountsService } from './modules/accounts/accounts.service';
import { SessionService } from './modules/accounts/sessions.service';
import { OwnAccountService } from './modules/accounts/own-account.service';
import { OrganizationService } from './modules/organizations/organization.service';
import { PracticeCaseService } from './modules/practice-cases/practice-case.service';
import { SearchService, type SearchDeps } from './modules/search/search.service';
import { CaseFreshness } from './modules/practice-cases/practice-case.freshness';
import { systemClock } from './core/clock';
import { DEFAULT_CONFIRMATION_INTERVAL_MONTHS } from './config';
import { StudyVisitService } from './modules/study-visits/study-visit.service';
import { ExchangeNetworkService } from './modules/study-visits/exchange-network.service';

export interface ServiceDeps {
  // filled as modules need them (search client, config …)
  /** Meilisearch client and index; without it `search` answers SEARCH_UNAVAILABLE. */
  search?: SearchDeps;
  /** The clock and confirmation interval behind "still running?"; the real clock and 12 months without it. */
  freshness?: CaseFreshness;
}

export function createServices(deps: ServiceDeps = {}) {
  const freshness = deps.freshness ?? new CaseFreshness(systemClock, DEFAULT_CONFIRMATION_INTERVAL_MONTHS);
  return {
    geo: new GeoService(),
    themes: new ThemeService(),
    accounts: new AccountsService(),
    sessions: new SessionService(),
    ownAccount: new OwnAccountService(),
    organizations: new OrganizationService(),
    practiceCases: new PracticeCaseService(freshness),
    search: new SearchService(deps.search, freshness),
    studyVisits: new StudyVisitService(),
    exchangeNetwork: new ExchangeNetworkService(),
  };
}

export type AppServices = ReturnType<typeof createServices>;
