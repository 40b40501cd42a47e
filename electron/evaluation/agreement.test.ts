import { describe, expect, it } from 'vitest';
import { band, meanAbsoluteError, quadraticWeightedKappa, spearman } from './agreement';

describe('agreement measures', () => {
  it('bands 0-100 into five levels of twenty', () => {
    expect([0, 19, 20, 39, 40, 59, 60, 79, 80, 100].map(band)).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4, 5, 5,
    ]);
  });

  it('gives quadratic weighted kappa 1 for agreement, less for near misses, least for far ones', () => {
    const labels = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5];
    expect(quadraticWeightedKappa(labels, labels)).toBeCloseTo(1);
    const near = quadraticWeightedKappa(labels, [2, 2, 3, 4, 5, 1, 2, 3, 4, 4]);
    const far = quadraticWeightedKappa(labels, [5, 2, 3, 4, 5, 1, 2, 3, 4, 1]);
    expect(near).toBeLessThan(1);
    expect(far).toBeLessThan(near);
    // Worked by hand: observed [[1,1],[0,2]] over two categories, weights 0/1: kappa 0.5.
    expect(quadraticWeightedKappa([1, 1, 2, 2], [1, 2, 2, 2], 2)).toBeCloseTo(0.5);
  });

  it("computes Spearman's rho on ranks, sharing ranks between ties", () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [40, 30, 20, 10])).toBeCloseTo(-1);
    // Ranks [1, 2.5, 2.5, 4] against [1, 2, 3, 4]: rho = 4.5 / sqrt(4.5 * 5).
    expect(spearman([0, 5, 5, 9], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(4.5 * 5));
  });

  it('computes mean absolute error', () => {
    expect(meanAbsoluteError([0, 50, 100], [10, 50, 70])).toBeCloseTo(40 / 3);
  });
});
