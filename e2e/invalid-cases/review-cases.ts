/** Review mutations: wrong in ways only a real staff token lets the router see. */
export const reviewCases = (token: string): Record<string, unknown[]> => ({
  'review.scoreAnswer': [
    { token, answerId: 1, score: -1 },
    { token, answerId: 1, score: 101 },
    { token, answerId: 1, score: 50.5 },
    { token, answerId: 0, score: 50 },
    { token, answerId: 1, score: 50, notes: 'x'.repeat(4001) },
    { token, answerId: 1, score: 50, suggestionId: 0 },
    { token, answerId: 1, score: 50, suggestionId: 'latest' },
  ],
  'review.ignoreSuggestion': [
    { token, answerId: 1 },
    { token, answerId: 1, scoreId: -3 },
    { token, answerId: 'all', scoreId: 1 },
  ],
  'review.decide': [
    { token, interviewId: 1, decision: 'Hired' },
    { token, interviewId: 1 },
    { token, interviewId: -1, decision: 'Passed' },
    { token, interviewId: 1, decision: 'Passed', overallScore: 150 },
    { token, interviewId: 1, decision: 'Passed', notes: 7 },
  ],
  'review.exportCsv': [
    { token, state: 'archived' },
    { token, jobId: 0 },
    { token, search: 'x'.repeat(101) },
  ],
  'review.exportReport': [{ token }, { token, interviewId: 'latest' }, { token, interviewId: 1.5 }],
});
