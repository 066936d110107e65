/** One training row: feature values (no intercept column), the 0/1 outcome and its weight. */
export interface LogisticRow {
  x: number[];
  y: 0 | 1;
  weight: number;
}

/** Solves a x = b for a small dense system by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col += 1) {
    let pivot = col;
    for (let r = col + 1; r < n; r += 1) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r += 1) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= n; c += 1) m[r][c] -= f * m[col][c];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

/**
 * Weighted logistic regression by Newton's method (IRLS), with an L2 penalty on the weights but not
 * the intercept. Deterministic: the same rows give the same coefficients, so a refit is reproducible.
 * Returns [intercept, ...weights].
 */
export function fitLogistic(rows: readonly LogisticRow[], l2: number, iterations = 50): number[] {
  const d = (rows[0]?.x.length ?? 0) + 1;
  let beta = new Array<number>(d).fill(0);
  for (let it = 0; it < iterations; it += 1) {
    const gradient = new Array<number>(d).fill(0);
    const hessian = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    for (const row of rows) {
      const x = [1, ...row.x];
      const p = 1 / (1 + Math.exp(-x.reduce((z, v, j) => z + v * beta[j], 0)));
      const w = row.weight * p * (1 - p);
      for (let j = 0; j < d; j += 1) {
        gradient[j] += row.weight * (p - row.y) * x[j];
        for (let k = 0; k < d; k += 1) hessian[j][k] += w * x[j] * x[k];
      }
    }
    for (let j = 1; j < d; j += 1) {
      gradient[j] += l2 * beta[j];
      hessian[j][j] += l2;
    }
    const step = solve(hessian, gradient);
    beta = beta.map((v, j) => v - step[j]);
    if (Math.max(...step.map(Math.abs)) < 1e-10) break;
  }
  return beta;
}
