// The exchange network drawn on the shared map of Sweden: a dot at each municipality's
// seat and a curved arrow per link, from the municipality that learned to the one it
// learned from (the API's from → to), thicker for more exchanges, the view cropped to
// the part of Sweden the network spans. The drawing is an
// image described by its caption; the table next to it carries the same links for
// everyone who cannot use the map.
import type { PageRequest } from '../server/page';
import { swedenMap } from '../server/sweden-map';

export interface NetworkPlace {
  code: string;
  name: string;
  location: { latitude: number; longitude: number };
}

export interface NetworkArrow {
  kind: 'STUDY_VISIT' | 'ADAPTATION';
  from: NetworkPlace;
  to: NetworkPlace;
  count: number;
  /** Where the arrow leads: the one case behind it, or the learner's municipality page. */
  href: string;
  /** The arrow's tooltip and accessible name. */
  title: string;
}

type Point = [number, number];

/** Seat dots' radius; arrows stop short of it so the head stays visible. */
const DOT = 3;
/** Stroke width grows with the count up to this many exchanges, then stays. */
const WIDEST_AT = 6;

export function strokeWidth(count: number): number {
  return 1.25 + (Math.min(Math.max(count, 1), WIDEST_AT) - 1) * 0.75;
}

/**
 * A quadratic curve from a to b bent to the right of its direction, so A → B and B → A
 * never lie on each other; its end is pulled back along the last tangent by `gap`.
 */
export function arrowPath(a: Point, b: Point, gap: number, curve = 0.2): string {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const length = Math.hypot(dx, dy) || 1;
  const bend = Math.min(length * curve, 40);
  const control: Point = [(a[0] + b[0]) / 2 - (dy / length) * bend, (a[1] + b[1]) / 2 + (dx / length) * bend];
  const [tx, ty] = [b[0] - control[0], b[1] - control[1]];
  const tangent = Math.hypot(tx, ty) || 1;
  const end: Point = [b[0] - (tx / tangent) * gap, b[1] - (ty / tangent) * gap];
  const r = (n: number) => Math.round(n * 10) / 10;
  return `M${r(a[0])},${r(a[1])}Q${r(control[0])},${r(control[1])} ${r(end[0])},${r(end[1])}`;
}

function Arrowheads({ size }: { size: number }) {
  return (
    <defs>
      {(['STUDY_VISIT', 'ADAPTATION'] as const).map((kind) => (
        <marker id={`network-head-${kind}`} class={`network-map__head network-map__head--${kind}`} viewBox="0 0 10 10" refX="9" refY="5" markerWidth={size} markerHeight={size} markerUnits="userSpaceOnUse" orient="auto">
          <path d="M0,0L10,5L0,10z" />
        </marker>
      ))}
    </defs>
  );
}

/** Short labels on the map ("Eksjö"), the full name stays in the titles and the table. */
function shortName(name: string): string {
  return name.replace(/ (kommun|stad)$/, '');
}

/** Labels get crowded beyond this many places; the table names them all anyway. */
const MAX_LABELS = 12;
/** The view never gets narrower than this many units of the whole map (about 200 km). */
const MIN_SPAN = 100;
const VIEW_PADDING = 24;

export interface View {
  x: number;
  y: number;
  width: number;
  height: number;
  /** Size of one unit of this view against the whole map: marks are drawn times this. */
  scale: number;
}

/**
 * The part of the map the network lies in, padded and at least MIN_SPAN each way, so
 * links between neighbours are not lost in the whole country. Pure.
 */
export function networkView(points: readonly Point[], width: number, height: number): View {
  if (!points.length) return { x: 0, y: 0, width, height, scale: 1 };
  const axis = (values: number[], size: number, minSpan: number) => {
    const lo = Math.min(...values) - VIEW_PADDING;
    const hi = Math.max(...values) + VIEW_PADDING;
    const span = Math.min(Math.max(hi - lo, minSpan), size);
    const start = Math.min(Math.max((lo + hi) / 2 - span / 2, 0), size - span);
    return [Math.round(start * 10) / 10, Math.round(span * 10) / 10];
  };
  const [y, h] = axis(points.map((p) => p[1]), height, MIN_SPAN);
  // Never taller for its width than the whole country, or a north–south network would
  // make a page-long strip.
  const [x, w] = axis(points.map((p) => p[0]), width, Math.max(MIN_SPAN, (h * width) / height));
  // The drawing is as wide as its column whatever the view, so marks scale with the width.
  return { x, y, width: w, height: h, scale: w / width };
}

function Places({ places, at, view }: { places: NetworkPlace[]; at: (p: NetworkPlace) => Point; view: View }) {
  const r = DOT * view.scale;
  const middle = view.x + view.width / 2;
  return (
    <>
      {places.map((p) => {
        const [x, y] = at(p);
        // Labels point away from the middle, so two neighbours' names do not collide.
        const left = x < middle;
        return (
          <g class="network-map__place" data-code={p.code}>
            <circle cx={x} cy={y} r={r} stroke-width={view.scale} />
            {places.length <= MAX_LABELS ? (
              <text x={left ? x - r * 1.7 : x + r * 1.7} y={y + r} text-anchor={left ? 'end' : 'start'} font-size={10 * view.scale} stroke-width={3 * view.scale}>
                {shortName(p.name)}
              </text>
            ) : null}
          </g>
        );
      })}
    </>
  );
}

export function NetworkMap({ page, arrows, captionId }: { page: PageRequest; arrows: NetworkArrow[]; captionId: string }) {
  const map = swedenMap();
  const at = (p: NetworkPlace) => map.project([p.location.longitude, p.location.latitude]);
  const places = new Map<string, NetworkPlace>();
  for (const a of arrows) for (const p of [a.from, a.to]) places.set(p.code, p);
  const view = networkView([...places.values()].map(at), map.width, map.height);
  const viewBox = `${view.x} ${view.y} ${view.width} ${view.height}`;
  // Thick arrows first, so thinner ones on top stay visible.
  const ordered = [...arrows].sort((x, y) => y.count - x.count);
  // Two layers with one viewBox: the image (land, seats) that the caption names, and
  // over it the arrows as links for the pointer. Links inside role="img" would be hidden
  // from assistive technology (axe: nested-interactive), so the arrow layer is hidden
  // and out of the tab order instead, and the table carries the same links.
  return (
    <div class="network-map__frame">
      <svg class="network-map__svg" viewBox={viewBox} role="img" aria-labelledby={captionId} focusable="false">
        <path class="network-map__land" d={map.outline} stroke-width={0.6 * view.scale} />
        <Places places={[...places.values()]} at={at} view={view} />
      </svg>
      <svg class="network-map__arrows" viewBox={viewBox} aria-hidden="true" focusable="false">
        <Arrowheads size={7 * view.scale} />
        {ordered.map((a) => (
          <a href={page.href(a.href)} tabIndex={-1} class={`network-map__link network-map__link--${a.kind}`} data-from={a.from.code} data-to={a.to.code}>
            <title>{a.title}</title>
            <path
              class="network-map__arrow"
              d={arrowPath(at(a.from), at(a.to), (DOT + 1.5) * view.scale, a.kind === 'ADAPTATION' ? 0.4 : 0.2)}
              stroke-width={strokeWidth(a.count) * view.scale}
              marker-end={`url(#network-head-${a.kind})`}
            />
          </a>
        ))}
      </svg>
    </div>
  );
}
