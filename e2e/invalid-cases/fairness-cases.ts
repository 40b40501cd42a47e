import type { Tokens } from './station-cases';

/** The self-identification step (a candidate token) and the bias report's export (admin only). */
export const fairnessCases = (tokens: Tokens): Record<string, unknown[]> => {
  const { candidate, staff } = tokens;
  return {
    'candidate.selfIdentify': [
      { token: candidate },
      { token: candidate, sex: 'female' },
      { token: candidate, sex: 'other', raceEthnicity: null },
      { token: candidate, sex: null, raceEthnicity: 'martian' },
      { token: candidate, sex: ['female'], raceEthnicity: null },
    ],
    'fairness.exportCsv': [
      { token: staff },
      { token: staff, filter: { jobId: 0 } },
      { token: staff, filter: { jobId: 'all' } },
      { token: staff, filter: { from: 2, to: 1 } },
      { token: staff, filter: { from: -1 } },
      { token: staff, filter: { token: staff } },
    ],
  };
};
