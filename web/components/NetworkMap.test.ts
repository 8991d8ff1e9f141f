// The network map's geometry: the view it crops to, the arrows' curves and widths.
import { arrowPath, networkView, strokeWidth } from './NetworkMap';

describe('networkView', () => {
  test('no places: the whole map', () => {
    expect(networkView([], 240, 540)).toEqual({ x: 0, y: 0, width: 240, height: 540, scale: 1 });
  });

  test('two neighbours: a view around both, at least MIN_SPAN wide, inside the map', () => {
    const view = networkView([[100, 400], [125, 405]], 240, 540);
    expect(view.width).toBeGreaterThanOrEqual(100);
    expect(view.height).toBeGreaterThanOrEqual(100);
    for (const [x, y] of [[100, 400], [125, 405]]) {
      expect(x).toBeGreaterThan(view.x);
      expect(x).toBeLessThan(view.x + view.width);
      expect(y).toBeGreaterThan(view.y);
      expect(y).toBeLessThan(view.y + view.height);
    }
    expect(view.scale).toBeCloseTo(view.width / 240);
  });

  test('a north–south network is no taller for its width than the country', () => {
    const view = networkView([[100, 40], [125, 505]], 240, 540);
    expect(view.height / view.width).toBeLessThanOrEqual(540 / 240 + 0.01);
    expect(view.x).toBeGreaterThanOrEqual(0);
    expect(view.x + view.width).toBeLessThanOrEqual(240);
  });
});

test('arrows bend to the right of their direction, so A → B and B → A do not overlap, and stop short of the seat', () => {
  const there = arrowPath([0, 0], [100, 0], 4);
  const back = arrowPath([100, 0], [0, 0], 4);
  const controlY = (d: string) => Number(d.split('Q')[1].split(',')[1].split(' ')[0]);
  expect(Math.sign(controlY(there))).toBe(-Math.sign(controlY(back)));
  const end = there.split(' ').pop()!.split(',').map(Number);
  expect(Math.hypot(end[0] - 100, end[1])).toBeCloseTo(4, 0);
});

test('stroke width grows with the count and then stops', () => {
  expect(strokeWidth(2)).toBeGreaterThan(strokeWidth(1));
  expect(strokeWidth(100)).toBe(strokeWidth(6));
});
