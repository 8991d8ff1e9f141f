// The shared map of Sweden: the outline fills the box it is given, and project() puts
// known places where a map of Sweden has them (north up, west left, inside the box).
import { swedenMap } from './sweden-map';

describe('swedenMap', () => {
  const map = swedenMap(240, 540);

  test('draws an outline inside the box, and caches it per size', () => {
    expect(map.outline).toMatch(/^M[\d.,]+L/);
    const numbers = map.outline.match(/-?\d+(\.\d+)?/g)!.map(Number);
    const xs = numbers.filter((_, i) => i % 2 === 0);
    const ys = numbers.filter((_, i) => i % 2 === 1);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThanOrEqual(240);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ys)).toBeLessThanOrEqual(540);
    expect(swedenMap(240, 540)).toBe(map);
  });

  test('projects places: Kiruna north of Stockholm, Göteborg west of Stockholm, Malmö at the bottom', () => {
    const stockholm = map.project([18.07, 59.33]);
    const kiruna = map.project([20.23, 67.86]);
    const goteborg = map.project([11.97, 57.71]);
    const malmo = map.project([13.0, 55.6]);
    expect(kiruna[1]).toBeLessThan(stockholm[1]);
    expect(goteborg[0]).toBeLessThan(stockholm[0]);
    expect(malmo[1]).toBeGreaterThan(goteborg[1]);
    for (const [x, y] of [stockholm, kiruna, goteborg, malmo]) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(240);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(540);
    }
  });

  test('refuses sizes out of bounds', () => {
    expect(() => swedenMap(0, 100)).toThrow(RangeError);
    expect(() => swedenMap(100, 1e6)).toThrow(RangeError);
  });
});
