// The app-wide services, one per domain module. Stateless: every method takes the
// request context first and works through ctx.em.
import { GeoService } from './modules/geo/geo.service';
import { ThemeService } from './modules/themes/theme.service';
import { AccountsService } from './modules/accounts/accounts.service';
import { OrganizationService } from './modules/organizations/organization.service';
import { PracticeCaseService } from './modules/practice-cases/practice-case.service';
import { SearchService, type SearchDeps } from './modules/search/search.service';
import { StudyVisitService } from './modules/study-visits/study-visit.service';
import { ExchangeNetworkService } from './modules/study-visits/exchange-network.service';

export interface ServiceDeps {
  // filled as modules need them (search client, config …)
  /** Meilisearch client and index; without it `search` answers SEARCH_UNAVAILABLE. */
  search?: SearchDeps;
}

export function createServices(deps: ServiceDeps = {}) {
  return {
    geo: new GeoService(),
    themes: new ThemeService(),
    accounts: new AccountsService(),
    organizations: new OrganizationService(),
    practiceCases: new PracticeCaseService(),
    search: new SearchService(deps.search),
    studyVisits: new StudyVisitService(),
    exchangeNetwork: new ExchangeNetworkService(),
  };
}

export type AppServices = ReturnType<typeof createServices>;
