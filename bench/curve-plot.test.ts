// The cost curve's scales, ticks, table and SVG (bench/curve-plot.ts): pure functions,
// so no database is needed.
import { costCurveSvg, curveTable, decadeTicks, formatCount, linearTicks, logScale, type CurveSeries } from './curve-plot';

const series: CurveSeries[] = [
  { name: 'search', points: [{ cases: 1000, p50Ms: 10, p99Ms: 30, statements: 1 }, { cases: 10000, p50Ms: 12, p99Ms: 41, statements: 1 }] },
  { name: 'case page /praktik/<slug>', points: [{ cases: 1000, p50Ms: 5.5, p99Ms: 9, statements: 6 }, { cases: 10000, p50Ms: 6, p99Ms: 11, statements: 6 }] },
];

describe('cost curve plot', () => {
  it('gives every decade the same width on the logarithmic axis', () => {
    const x = logScale([1000, 100000], [80, 440]);
    expect(x(1000)).toBeCloseTo(80);
    expect(x(10000)).toBeCloseTo(260);
    expect(x(100000)).toBeCloseTo(440);
    expect(() => logScale([0, 10], [0, 1])).toThrow(/positive/);
    expect(logScale([500, 500], [0, 100])(500)).toBe(50);
  });

  it('picks round linear ticks from zero to at or above the maximum', () => {
    expect(linearTicks(6)).toEqual([0, 2, 4, 6]);
    expect(linearTicks(47)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(linearTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(linearTicks(0.3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(linearTicks(0)).toEqual([0, 1]);
  });

  it('spans the sizes with whole decades', () => {
    expect(decadeTicks(1000, 100000)).toEqual([1000, 10000, 100000]);
    expect(decadeTicks(200, 4000)).toEqual([100, 1000, 10000]);
    expect(formatCount(100000)).toBe('100 000');
  });

  it('writes one table row per request and size', () => {
    const rows = curveTable(series).split('\n');
    expect(rows).toHaveLength(2 + 4);
    expect(rows[2]).toBe('| search | 1 000 | 10.0 ms | 30.0 ms | 1 |');
    expect(rows[5]).toBe('| case page /praktik/<slug> | 10 000 | 6.00 ms | 11.0 ms | 6 |');
  });

  it('draws a labelled, accessible SVG with escaped names and a line per series and figure', () => {
    const svg = costCurveSvg(series, 'Test run.');
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="cc-title cc-desc"/);
    expect(svg).toContain('<title id="cc-title">');
    expect(svg).toContain('case page /praktik/&lt;slug&gt;');
    expect(svg).not.toContain('<slug>');
    expect(svg).toMatch(/<desc id="cc-desc">Test run\. search: 1 000 cases p50 10\.0 ms, p99 30\.0 ms, 1 statements/);
    // p50 and p99 in the latency panel, statements in the other: three lines per series.
    expect(svg.match(/<path d="M[^"]*" fill="none"/g)).toHaveLength(3 * series.length);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(series.length);
    expect(() => costCurveSvg([], '')).toThrow(/nothing to plot/);
  });
});
