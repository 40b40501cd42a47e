/**
 * How closely a scorer agrees with human labels (bench/evaluate.ts): quadratic weighted kappa
 * on 1-5 bands, Spearman's rank correlation and mean absolute error on the 0-100 scores.
 */

/** 0-100 to a 1-5 band: 0-19 → 1, 20-39 → 2, 40-59 → 3, 60-79 → 4, 80-100 → 5. */
export function band(score: number): number {
  return Math.min(5, Math.floor(Math.max(0, score) / 20) + 1);
}

/**
 * Cohen's kappa with quadratic weights over categories 1..k: 1 is perfect agreement, 0 what
 * chance gives, so a near miss costs less than a far one.
 */
export function quadraticWeightedKappa(a: number[], b: number[], k = 5): number {
  if (a.length !== b.length || a.length === 0)
    throw new Error('Kappa needs two equal, non-empty lists');
  const observed = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const rowTotals = new Array<number>(k).fill(0);
  const colTotals = new Array<number>(k).fill(0);
  a.forEach((x, i) => {
    const y = b[i] ?? 1;
    const row = observed[x - 1];
    if (!row) throw new Error(`Category ${x} is outside 1..${k}`);
    row[y - 1] = (row[y - 1] ?? 0) + 1;
    rowTotals[x - 1] = (rowTotals[x - 1] ?? 0) + 1;
    colTotals[y - 1] = (colTotals[y - 1] ?? 0) + 1;
  });
  const n = a.length;
  let disagreement = 0;
  let expected = 0;
  for (let i = 0; i < k; i += 1) {
    for (let j = 0; j < k; j += 1) {
      const weight = ((i - j) * (i - j)) / ((k - 1) * (k - 1));
      disagreement += weight * (observed[i]?.[j] ?? 0);
      expected += (weight * (rowTotals[i] ?? 0) * (colTotals[j] ?? 0)) / n;
    }
  }
  return expected === 0 ? 1 : 1 - disagreement / expected;
}

/** Ranks from 1, ties sharing their mean rank. */
function ranks(values: number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((x, y) => x.value - y.value);
  const result = new Array<number>(values.length).fill(0);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.value === order[i]?.value) j += 1;
    const mean = (i + j) / 2 + 1;
    for (let t = i; t <= j; t += 1) result[order[t]?.index ?? 0] = mean;
    i = j + 1;
  }
  return result;
}

function pearson(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (x[i] ?? 0) - mx;
    const dy = (y[i] ?? 0) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rho: Pearson's correlation of the ranks, ties averaged. */
export function spearman(x: number[], y: number[]): number {
  if (x.length !== y.length || x.length < 2)
    throw new Error('Spearman needs two equal lists of 2+');
  return pearson(ranks(x), ranks(y));
}

export function meanAbsoluteError(x: number[], y: number[]): number {
  if (x.length !== y.length || x.length === 0)
    throw new Error('MAE needs two equal, non-empty lists');
  return x.reduce((s, v, i) => s + Math.abs(v - (y[i] ?? 0)), 0) / x.length;
}
