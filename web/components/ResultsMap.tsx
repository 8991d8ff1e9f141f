// The hits of a search on a map of Sweden: one marker per owner municipality, at its
// seat. A marker with one hit links to the case; one with several shows the count and
// links to that municipality's results. Every marker is a real link with a name, so
// keyboards and screen readers reach it, but the list stays the way to the data.
import type { PageRequest } from '../server/page';
import { swedenMap } from '../server/sweden-map';

export interface MapHit {
  slug: string;
  title: string;
  municipality: { code: string; name: string; location: { latitude: number; longitude: number } };
}

interface Marker {
  code: string;
  name: string;
  x: number;
  y: number;
  hits: MapHit[];
}

const WIDTH = 240;
const HEIGHT = 540;

/** Hits grouped by municipality, in the order the list shows them (first hit first). */
export function markersOf(hits: MapHit[], project: (lonLat: [number, number]) => [number, number]): Marker[] {
  const byCode = new Map<string, Marker>();
  for (const hit of hits) {
    const m = hit.municipality;
    let marker = byCode.get(m.code);
    if (!marker) {
      const [x, y] = project([m.location.longitude, m.location.latitude]);
      marker = { code: m.code, name: m.name, x, y, hits: [] };
      byCode.set(m.code, marker);
    }
    marker.hits.push(hit);
  }
  return [...byCode.values()];
}

export function ResultsMap({ page, hits, municipalityHref }: { page: PageRequest; hits: MapHit[]; municipalityHref: (code: string) => string }) {
  const { t } = page;
  if (!hits.length) return null;
  const map = swedenMap(WIDTH, HEIGHT);
  const markers = markersOf(hits, (p) => map.project(p));
  return (
    <section class="results-map" aria-labelledby="karta-rubrik">
      <h2 id="karta-rubrik" class="results-map__title">
        {t.search.mapTitle}
      </h2>
      <figure class="results-map__figure">
        <svg class="results-map__svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-label={t.search.mapLabel}>
          <path class="results-map__land" d={map.outline} aria-hidden="true" />
          {markers.map((m) => {
            const one = m.hits.length === 1;
            const href = one ? page.href(`/praktik/${encodeURIComponent(m.hits[0].slug)}`) : municipalityHref(m.code);
            const name = one ? t.search.markerOne(m.name, m.hits[0].title) : t.search.markerMany(m.name, m.hits.length);
            return (
              <a class="results-map__marker" href={href} aria-label={name} data-municipality={m.code}>
                <title>{name}</title>
                <circle cx={m.x} cy={m.y} r={one ? 6 : 10} />
                {one ? null : (
                  <text x={m.x} y={m.y} dy="0.35em" text-anchor="middle" aria-hidden="true">
                    {m.hits.length}
                  </text>
                )}
              </a>
            );
          })}
        </svg>
        <figcaption class="results-map__caption">{t.search.mapCaption}</figcaption>
      </figure>
    </section>
  );
}
