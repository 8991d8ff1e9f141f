// The cost curve's table and plot (bench/curve.ts), built by hand: a Markdown table and
// an SVG with two panels — latency (p50 solid, p99 dashed) and SQL statements per
// request — over the corpus size on a logarithmic axis. No plotting library and no
// browser: the bench writes docs/images/cost-curve.svg itself.

export interface CurvePoint {
  cases: number;
  p50Ms: number;
  p99Ms: number;
  /** Median SQL statements per request. */
  statements: number;
}

export interface CurveSeries {
  name: string;
  points: CurvePoint[];
}

export type Scale = (value: number) => number;

/** Maps [lo, hi] onto [from, to] by the logarithm, so each decade gets the same width. */
export function logScale([lo, hi]: [number, number], [from, to]: [number, number]): Scale {
  if (!(lo > 0 && hi > 0)) throw new Error('a logarithmic scale needs positive bounds');
  const a = Math.log10(lo);
  const span = Math.log10(hi) - a;
  // One size only: put it in the middle rather than divide by zero.
  return (v) => (span === 0 ? (from + to) / 2 : from + ((Math.log10(v) - a) / span) * (to - from));
}

export function linearScale([lo, hi]: [number, number], [from, to]: [number, number]): Scale {
  return (v) => (hi === lo ? from : from + ((v - lo) / (hi - lo)) * (to - from));
}

/** 0 and round steps (1, 2 or 5 × a power of ten) up to the first at or above max, about five of them. */
export function linearTicks(max: number, wanted = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / wanted;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const ticks = [0];
  while (ticks[ticks.length - 1] < max) ticks.push(Number((ticks.length * step).toPrecision(12)));
  return ticks;
}

/** Powers of ten from the one at or below lo to the one at or above hi. */
export function decadeTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) ticks.push(10 ** e);
  return ticks;
}

/** 1 000 → "1 000", 100000 → "100 000" (a thin space between thousands, as the docs write them). */
export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

function formatMs(ms: number): string {
  return ms >= 100 ? String(Math.round(ms)) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

export function curveTable(series: CurveSeries[]): string {
  const head = '| request | cases | p50 | p99 | SQL statements |\n| --- | ---: | ---: | ---: | ---: |';
  const rows = series.flatMap((s) => s.points.map((p) => `| ${s.name} | ${formatCount(p.cases)} | ${formatMs(p.p50Ms)} ms | ${formatMs(p.p99Ms)} ms | ${p.statements} |`));
  return [head, ...rows].join('\n');
}

const COLOURS = ['#1f5fa8', '#b3470f', '#2d7d32'];
const MARKS = ['circle', 'square', 'diamond'] as const;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Panel {
  x: number;
  y: number;
  width: number;
  height: number;
  title: string;
  yLabel: string;
  yMax: number;
}

function mark(kind: (typeof MARKS)[number], x: number, y: number, colour: string): string {
  const r = 4;
  if (kind === 'circle') return `<circle cx="${x}" cy="${y}" r="${r}" fill="${colour}"/>`;
  if (kind === 'square') return `<rect x="${x - r}" y="${y - r}" width="${2 * r}" height="${2 * r}" fill="${colour}"/>`;
  return `<path d="M${x} ${y - r - 1}L${x + r + 1} ${y}L${x} ${y + r + 1}L${x - r - 1} ${y}Z" fill="${colour}"/>`;
}

/** A panel's frame, grid, ticks and axis titles; returns its SVG and its scales. */
function axes(p: Panel, xTicks: number[]): { svg: string[]; x: Scale; y: Scale } {
  const yTicks = linearTicks(p.yMax);
  const x = logScale([xTicks[0], xTicks[xTicks.length - 1]], [p.x, p.x + p.width]);
  const y = linearScale([0, yTicks[yTicks.length - 1]], [p.y + p.height, p.y]);
  const svg = [`<text x="${p.x}" y="${p.y - 12}" class="title">${escapeXml(p.title)}</text>`];
  for (const t of yTicks) {
    svg.push(`<line x1="${p.x}" x2="${p.x + p.width}" y1="${y(t)}" y2="${y(t)}" class="grid"/>`, `<text x="${p.x - 6}" y="${y(t) + 4}" text-anchor="end">${t}</text>`);
  }
  for (const t of xTicks) {
    svg.push(`<line x1="${x(t)}" x2="${x(t)}" y1="${p.y}" y2="${p.y + p.height}" class="grid"/>`, `<text x="${x(t)}" y="${p.y + p.height + 16}" text-anchor="middle">${formatCount(t)}</text>`);
  }
  svg.push(
    `<rect x="${p.x}" y="${p.y}" width="${p.width}" height="${p.height}" class="frame"/>`,
    `<text x="${p.x + p.width / 2}" y="${p.y + p.height + 34}" text-anchor="middle">cases in the database (log scale)</text>`,
    `<text transform="translate(${p.x - 40} ${p.y + p.height / 2}) rotate(-90)" text-anchor="middle">${escapeXml(p.yLabel)}</text>`,
  );
  return { svg, x, y };
}

function line(points: CurvePoint[], pick: (p: CurvePoint) => number, x: Scale, y: Scale, colour: string, dashed: boolean): string {
  const d = points.map((p, i) => `${i ? 'L' : 'M'}${x(p.cases).toFixed(1)} ${y(pick(p)).toFixed(1)}`).join('');
  return `<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"${dashed ? ' stroke-dasharray="6 4"' : ''}/>`;
}

/** The series drawn into one panel, each labelled at its last point (and in the legend). */
function plotSeries(series: CurveSeries[], p: Panel, xTicks: number[], lines: { pick: (p: CurvePoint) => number; dashed: boolean }[]): string[] {
  const { svg, x, y } = axes(p, xTicks);
  series.forEach((s, k) => {
    const colour = COLOURS[k % COLOURS.length];
    for (const l of lines) svg.push(line(s.points, l.pick, x, y, colour, l.dashed));
    for (const pt of s.points) svg.push(mark(MARKS[k % MARKS.length], x(pt.cases), y(lines[0].pick(pt)), colour));
  });
  return svg;
}

function legend(series: CurveSeries[], left: number, top: number): string[] {
  const out = series.map((s, k) => {
    const x = left + k * 220;
    const colour = COLOURS[k % COLOURS.length];
    return `${mark(MARKS[k % MARKS.length], x + 10, top - 4, colour)}<line x1="${x}" x2="${x + 20}" y1="${top - 4}" y2="${top - 4}" stroke="${colour}" stroke-width="2"/><text x="${x + 26}" y="${top}">${escapeXml(s.name)}</text>`;
  });
  out.push(`<text x="${left + series.length * 220}" y="${top}">solid: p50, dashed: p99</text>`);
  return out;
}

/** The whole plot: latency on the left, statements on the right, a legend under both. */
export function costCurveSvg(series: CurveSeries[], caption: string): string {
  const all = series.flatMap((s) => s.points);
  if (!all.length) throw new Error('nothing to plot');
  const xTicks = decadeTicks(Math.min(...all.map((p) => p.cases)), Math.max(...all.map((p) => p.cases)));
  const width = 960;
  const height = 400;
  const panel = { y: 50, width: 360, height: 250 };
  const latency = plotSeries(series, { ...panel, x: 80, title: 'Latency per request', yLabel: 'milliseconds', yMax: Math.max(...all.map((p) => p.p99Ms)) }, xTicks, [
    { pick: (p) => p.p50Ms, dashed: false },
    { pick: (p) => p.p99Ms, dashed: true },
  ]);
  const statements = plotSeries(series, { ...panel, x: 560, title: 'SQL statements per request', yLabel: 'statements', yMax: Math.max(...all.map((p) => p.statements)) + 1 }, xTicks, [
    { pick: (p) => p.statements, dashed: false },
  ]);
  const summary = series.map((s) => `${s.name}: ${s.points.map((p) => `${formatCount(p.cases)} cases p50 ${formatMs(p.p50Ms)} ms, p99 ${formatMs(p.p99Ms)} ms, ${p.statements} statements`).join('; ')}`).join('. ');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="cc-title cc-desc" font-family="system-ui, sans-serif" font-size="12">`,
    `<title id="cc-title">Cost curve: latency and SQL statements per request against the number of cases</title>`,
    `<desc id="cc-desc">${escapeXml(`${caption} ${summary}.`)}</desc>`,
    '<style>.grid{stroke:#ddd;stroke-width:1}.frame{fill:none;stroke:#555}.title{font-size:14px;font-weight:600}text{fill:#222}</style>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    ...latency,
    ...statements,
    ...legend(series, 80, height - 20),
    '</svg>',
    '',
  ].join('\n');
}
