import { describe, expect, it } from 'vitest';
import { CandidateTokens } from './candidate-tokens';

describe('candidate tokens', () => {
  it('counts candidates checked in but not started, so an update waits for them too', () => {
    const tokens = new CandidateTokens();
    const minute = 60_000;
    const waiting = tokens.issue(1, null, 0);
    tokens.issue(2, null, 0);
    expect(tokens.awaitingStart(5 * minute)).toBe(2);
    // Once the session starts it counts as a running session instead.
    tokens.attachSession(waiting, 7);
    expect(tokens.awaitingStart(5 * minute)).toBe(1);
    // Someone who checked in and walked away holds the station for half an hour at most.
    expect(tokens.awaitingStart(31 * minute)).toBe(0);
    tokens.revokeInterview(2);
    expect(tokens.awaitingStart(5 * minute)).toBe(0);
  });
});
