/** Legal hold and erasure mutations: wrong in ways only a real staff token lets the router see. */
export const privacyCases = (token: string): Record<string, unknown[]> => ({
  'privacy.setHold': [
    { token, interviewId: 1 },
    { token, interviewId: 1, reason: '    ' },
    { token, interviewId: 1, reason: 'abc' },
    { token, interviewId: 1, reason: 'x'.repeat(501) },
    { token, interviewId: 0, reason: 'Litigation hold' },
    { token, interviewId: '1', reason: 'Litigation hold' },
  ],
  'privacy.liftHold': [
    { token, interviewId: 1 },
    { token, interviewId: 1, reason: '' },
    { token, interviewId: -1, reason: 'Case settled' },
  ],
  'privacy.eraseCandidate': [
    { token, candidateId: 1 },
    { token, candidateId: 1, confirmName: '   ' },
    { token, candidateId: 0, confirmName: 'Demo Candidate' },
    { token, candidateId: 1, confirmName: 'x'.repeat(201) },
  ],
});
