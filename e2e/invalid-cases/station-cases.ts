/** Real tokens the invalid-input test holds, so cases can get past the token checks. */
export interface Tokens {
  candidate: string;
  staff: string;
}

/** Candidate and admin mutations: wrong in ways only a real token lets the router see. */
export const candidateCases = (token: string): Record<string, unknown[]> => ({
  'admin.exit': [{ pin: '12ab' }, { pin: '1'.repeat(40) }],
  'candidate.beginAnswering': [
    { token, position: -1 },
    { token, position: 0.5 },
  ],
  'candidate.checkIn': [{ code: '' }, { code: 'DROP TABLE users;' }, { code: 'A'.repeat(200) }],
  'candidate.checkDevices': [{ token: 'short' }, { token: 'x'.repeat(500) }],
  'candidate.consent': [
    { token, noticeVersion: '', recording: true, signals: true },
    { token, noticeVersion: 'v', recording: 'yes', signals: true },
    { token, noticeVersion: 'v', recording: true, signals: true, biometric: { given: true } },
    {
      token,
      noticeVersion: 'v',
      recording: true,
      signals: true,
      biometric: { version: 'x'.repeat(41), given: 'yes' },
    },
    { token, noticeVersion: 'v', recording: true, signals: true, declined: 'no' },
  ],
  'candidate.resume': [
    { sessionId: 0, proof: { code: 'ABCD-EFGH' } },
    { sessionId: 'latest', proof: { code: 'ABCD-EFGH' } },
    { sessionId: 1 },
    { sessionId: 1, proof: { code: '<script>' } },
    { sessionId: 1, proof: { staffToken: '' } },
  ],
  'candidate.saveDraft': [
    { token, position: 0, text: 'both', choice: 1 },
    { token, position: 0 },
    { token, position: 0, choice: 12 },
    { token, position: 0, text: 'x'.repeat(20_001) },
  ],
  'candidate.start': [{ token: 'short' }, { token: 'x'.repeat(500) }],
  'candidate.retake': [
    { token, position: -1 },
    { token, position: 'again' },
  ],
  'candidate.withdraw': [
    { token },
    { token, keepAnswers: 'yes' },
    { token, keepAnswers: null },
    { token: 'short', keepAnswers: true },
  ],
  'candidate.submit': [
    { token, position: -1 },
    { token, position: '0' },
  ],
});

/** Staff sign-in mutations. */
export const staffCases = (token: string): Record<string, unknown[]> => ({
  'staff.login': [
    { username: '', password: 'x' },
    { username: 'recruiter', password: '' },
    { username: 'r'.repeat(65), password: 'x' },
    { username: 'recruiter', password: 'x'.repeat(201) },
  ],
  'staff.logout': [{ token: 'short' }, { token: 'x'.repeat(500) }],
  'staff.changePassword': [
    { token, current: 'whatever', next: 'short' },
    { token, current: '', next: 'a long enough new password' },
    { token, current: 'whatever', next: 'x'.repeat(201) },
  ],
});
