import { newToken } from '../core/secrets';

export interface CandidateGrant {
  interviewId: number;
  sessionId: number | null;
  issuedAt: number;
}

// A candidate's page holds one of these in memory only; a reload or a station restart drops
// it, and the station then asks for the code again (or offers a resume).
const TOKEN_LIFETIME_MS = 12 * 60 * 60 * 1000;

/** A check-in older than this with no session started is someone who walked away. */
const AWAITING_START_MS = 30 * 60 * 1000;

/** In-memory grants tying a candidate's page to one interview. */
export class CandidateTokens {
  private readonly grants = new Map<string, CandidateGrant>();

  issue(interviewId: number, sessionId: number | null, now: number): string {
    const token = newToken();
    this.grants.set(token, { interviewId, sessionId, issuedAt: now });
    return token;
  }

  find(token: string, now: number): CandidateGrant | undefined {
    const grant = this.grants.get(token);
    if (!grant) return undefined;
    if (now - grant.issuedAt > TOKEN_LIFETIME_MS) {
      this.grants.delete(token);
      return undefined;
    }
    return grant;
  }

  attachSession(token: string, sessionId: number): void {
    const grant = this.grants.get(token);
    if (grant) grant.sessionId = sessionId;
  }

  /**
   * Candidates checked in within `withinMs` whose session has not started (welcome, consent,
   * device check): the station is in use though no session runs, so no update restarts it.
   */
  awaitingStart(now: number, withinMs = AWAITING_START_MS): number {
    let count = 0;
    for (const grant of this.grants.values()) {
      if (grant.sessionId === null && now - grant.issuedAt <= withinMs) count += 1;
    }
    return count;
  }

  /** Drops every grant for an interview, e.g. when it completes or is declined. */
  revokeInterview(interviewId: number): void {
    for (const [token, grant] of this.grants) {
      if (grant.interviewId === interviewId) this.grants.delete(token);
    }
  }
}
