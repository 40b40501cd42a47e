/** AI scoring mutations (admin only): wrong in ways only a real admin token lets the router see. */
const key = `AIza${'x'.repeat(35)}`;

export const evaluationCases = (token: string): Record<string, unknown[]> => ({
  'evaluation.setGemini': [
    // A key is pasted as Google shows it: no spaces, quotes or line breaks, and not a number.
    { token, apiKey: 'has spaces in it, so it is no key', model: 'gemini-2.5-flash' },
    { token, apiKey: `${key}\n`.repeat(2), model: 'gemini-2.5-flash' },
    { token, apiKey: 'short', model: 'gemini-2.5-flash' },
    { token, apiKey: 1234567890123, model: 'gemini-2.5-flash' },
    // The model goes into the request path: only a Gemini model's name.
    { token, apiKey: key, model: '../../v1/files' },
    { token, apiKey: key, model: 'gpt-4o' },
    { token, apiKey: key },
  ],
  // Only a staff token goes in: a wrong one is all there is to get wrong.
  'evaluation.clearGemini': [{ token: 'short' }, { token: 'x'.repeat(500) }],
});
