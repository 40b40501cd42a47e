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
  'screening.proposeQuestions': [
    { token, jobId: 1, level: 'principal', count: 3, provider: 'offline' },
    { token, jobId: 1, level: 'mid', count: 0, provider: 'offline' },
    { token, jobId: 1, level: 'mid', count: 13, provider: 'offline' },
    { token, jobId: 1, level: 'mid', count: 2.5, provider: 'offline' },
    { token, jobId: 1, level: 'mid', count: 3, provider: 'openai' },
    { token, jobId: -1, level: 'mid', count: 3, provider: 'offline' },
  ],
  'screening.updateDraft': [
    { token, draftId: 1, question: { type: 'text', domain: 'fullstack', prompt: '' } },
    {
      token,
      draftId: 1,
      question: {
        type: 'text',
        domain: 'fullstack',
        prompt: 'Explain an index.',
        readingSeconds: 20,
        answerSeconds: 5,
      },
    },
    { token, draftId: 'one', question: null },
  ],
  'screening.acceptDraft': [
    { token, draftId: 0 },
    { token, draftId: 1, question: { type: 'essay' } },
  ],
  'screening.discardDraft': [{ token, draftId: 1.5 }, { token }],
});
