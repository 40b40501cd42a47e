/** Résumé screening mutations: wrong in ways only a real staff token lets the router see. */
export const screeningCases = (token: string): Record<string, unknown[]> => ({
  'screening.screen': [
    { token, candidateId: 0, jobId: 1 },
    { token, candidateId: 1, jobId: 'one' },
    { token, candidateId: 1 },
  ],
  'screening.decide': [
    { token, screeningId: 1, status: 'Hired' },
    { token, screeningId: -1, status: 'Passed' },
    { token, screeningId: 1 },
  ],
  'screening.summariseFit': [{ token, screeningId: 0 }, { token, screeningId: 'one' }, { token }],
});
