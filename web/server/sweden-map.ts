// Sweden as an SVG drawing, made on the server: the outline from Natural Earth
// (world-atlas, 1:50m, country 752) projected with a transverse Mercator on 15° E —
// the meridian of SWEREF 99 TM, so the country looks as Swedish maps draw it — and a
// project() that puts any WGS84 point on the same drawing. No tiles, nothing from the
// internet. Pages (search results, the exchange network) place their markers with
// project(); docs/web.md, "Maps", shows how.
import { readFileSync } from 'node:fs';
import { geoPath, geoTransverseMercator, type GeoProjection } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { GeometryCollection, Topology } from 'topojson-specification';

/** A drawing of Sweden at one size. Coordinates are SVG user units, origin top left. */
export interface SwedenMap {
  width: number;
  height: number;
  /** The `d` of a <path> drawing Sweden's land (islands included). */
  outline: string;
  /** [longitude, latitude] in degrees → [x, y] on this drawing, rounded to 0.1. */
  project(lonLat: readonly [number, number]): [number, number];
}

const SWEDEN_ID = '752';
/** Room around the outline so markers on the coast are not cut off. */
const PADDING = 8;
/** Sizes the pages ask for are few; keep them all (bounded anyway). */
const MAX_CACHED = 16;

let sweden: Feature<Polygon | MultiPolygon> | undefined;
const cache = new Map<string, SwedenMap>();

function swedenFeature(): Feature<Polygon | MultiPolygon> {
  if (sweden) return sweden;
  const topology = JSON.parse(readFileSync(require.resolve('world-atlas/countries-50m.json'), 'utf8')) as Topology<{ countries: GeometryCollection }>;
  const countries = feature(topology, topology.objects.countries);
  const found = countries.features.find((f) => String(f.id) === SWEDEN_ID);
  if (!found) throw new Error('world-atlas has no Sweden (id 752)');
  sweden = found as Feature<Polygon | MultiPolygon>;
  return sweden;
}

const round = (n: number) => Math.round(n * 10) / 10;

function build(width: number, height: number): SwedenMap {
  const land = swedenFeature();
  const projection: GeoProjection = geoTransverseMercator()
    .rotate([-15, 0])
    .fitExtent(
      [
        [PADDING, PADDING],
        [width - PADDING, height - PADDING],
      ],
      land,
    );
  const outline = geoPath(projection).digits(1)(land) ?? '';
  return {
    width,
    height,
    outline,
    project([lon, lat]) {
      const point = projection([lon, lat]);
      if (!point) throw new Error(`cannot project ${lon},${lat}`);
      return [round(point[0]), round(point[1])];
    },
  };
}

/**
 * Sweden fitted into width × height (Sweden is about 2.2 times as tall as wide; the
 * drawing is centred in whatever box it gets). Computed once per size and cached.
 */
export function swedenMap(width = 240, height = 540): SwedenMap {
  if (!(width >= 50 && width <= 4000 && height >= 50 && height <= 4000)) throw new RangeError('map size must be 50..4000 units each way');
  const key = `${width}x${height}`;
  let map = cache.get(key);
  if (!map) {
    map = build(width, height);
    if (cache.size < MAX_CACHED) cache.set(key, map);
  }
  return map;
}
