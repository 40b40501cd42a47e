/** Sync mutations (admin only): wrong in ways only a real admin token lets the router see. */
export const syncCases = (token: string): Record<string, unknown[]> => ({
  'sync.enrol': [
    { token, receiverUrl: 'not a url', code: 'ABCDEFGH1234' },
    { token, receiverUrl: 'ftp://receiver.example.org', code: 'ABCDEFGH1234' },
    { token, receiverUrl: `https://${'x'.repeat(400)}.example.org`, code: 'ABCDEFGH1234' },
    { token, receiverUrl: 'https://receiver.example.org', code: 'short' },
    { token, receiverUrl: 'https://receiver.example.org', code: 'has spaces in it' },
    { token, receiverUrl: 'https://receiver.example.org', code: 'x'.repeat(65) },
    { token, receiverUrl: 'https://receiver.example.org' },
    { token, code: 'ABCDEFGH1234' },
  ],
  // Only a staff token goes in: a wrong one is all there is to get wrong.
  'sync.forget': [{ token: 'short' }, { token: 'x'.repeat(500) }],
});
