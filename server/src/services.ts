// The app-wide services, one per domain module. Stateless: every method takes the
// request context first and works through ctx.em.
import { GeoService } from './modules/geo/geo.service';
import { ThemeService } from './modules/themes/theme.service';

export interface ServiceDeps {
  // filled as modules need them (search client, config …)
}

export function createServices(_deps: ServiceDeps = {}) {
  return {
    geo: new GeoService(),
    themes: new ThemeService(),
  };
}

export type AppServices = ReturnType<typeof createServices>;
