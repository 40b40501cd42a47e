/**
 * BENCH_SMOKE=1 (`npm run bench:smoke`, part of `npm test`): each bench runs its every step
 * once over the least data that reaches it, so a broken bench fails the tests. Its figures
 * then mean nothing; nothing ever asserts on them.
 */
export const SMOKE = process.env.BENCH_SMOKE === '1';

/** `full` in a real run, `smoke` in a smoke run. */
export function smokeOr<T>(smoke: T, full: T): T {
  return SMOKE ? smoke : full;
}

/** Printed first by every bench in a smoke run, so its figures are not taken for real ones. */
export function announceSmoke(): void {
  if (SMOKE)
    console.log('BENCH_SMOKE=1: smoke run, the least data on every path; figures mean nothing.');
}
