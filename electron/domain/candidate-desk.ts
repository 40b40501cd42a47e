import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { interviews, sessions as sessionsTable } from '../../db/schema';
import type { DiskSpace } from '../core/disk-space';
import { StationError } from '../core/errors';
import type { CandidateTokens } from './candidate-tokens';
import type { CheckIn } from './check-in';
import type { Clock } from '../core/clock';
import { recordConsent, type ConsentDecision } from './consent';
import { buildConsentNotice, type StationAbilities } from './consent-notice';
import {
  recordSelfIdentification,
  selfIdentificationEnabled,
  type SelfIdentificationAnswers,
} from './self-identification';
import { listInterrupted, loadInterviewQuestions } from './session-store';
import type { ResumedBy, SessionRunner } from './session-runner';
import type { StaffUser } from './staff-auth';
import { recordWithdrawal, type WithdrawalChoice } from './withdrawal';

/**
 * The candidate's side of the station, one method per step: check in, consent, start or
 * resume, save a draft; and the sessions the start screen offers to continue. It hands out
 * and revokes the check-in tokens as each step needs, so a page holds one interview at most.
 */
export class CandidateDesk {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly parts: {
      checkIn: CheckIn;
      tokens: CandidateTokens;
      sessions: SessionRunner;
      retentionDays: number;
      /** The station has a camera and microphone the candidate can check. */
      devices: boolean;
      /** What the station does as it is now (the notice says exactly that). */
      abilities: () => StationAbilities;
      /** The data folder's free space: below its floor no interview checks in or starts. */
      disk?: DiskSpace;
      /** What runs beside the station (remote tools): where IT set it to block, none starts. */
      environment?: { requireClear(): void };
    },
  ) {}

  /**
   * Checks in by code: a token for the next calls, the interview and the consent notice.
   * `source` names the page that asked (wrong codes pause that page first).
   */
  checkIn(code: string, source: string) {
    const { checkIn, tokens, devices } = this.parts;
    // Before the code is looked at: a candidate turned away here has not used it up.
    this.parts.disk?.requireRoom();
    this.parts.environment?.requireClear();
    const interview = checkIn.checkIn(code, source);
    const issued = tokens.issue(interview.interviewId, null, this.clock.now());
    const notice = this.noticeFor(interview.interviewId);
    const { interviewId: _id, ...shown } = interview;
    // Whether the page offers the optional self-identification step after consent.
    const selfIdentification = selfIdentificationEnabled(this.db);
    return { token: issued, interview: shown, notice, devices, selfIdentification };
  }

  /** The notice for one interview on this station as it is now. */
  noticeFor(interviewId: number) {
    const row = this.db
      .select({ aiScoring: interviews.aiScoring, accommodations: interviews.accommodations })
      .from(interviews)
      .where(eq(interviews.id, interviewId))
      .get();
    if (!row) throw new StationError('NOT_FOUND', 'There is no such interview.');
    return buildConsentNotice({
      ...this.parts.abilities(),
      aiScoring: row.aiScoring,
      retentionDays: this.parts.retentionDays,
      candidateNotices: row.accommodations.candidateNotices,
      selfIdentification: selfIdentificationEnabled(this.db),
    });
  }

  /**
   * Records the candidate's choices against the notice the station would show now (a changed
   * notice is refused, so the stored text is the text read); a decline ends their check-in.
   */
  consent(interviewId: number, decision: ConsentDecision) {
    const notice = this.noticeFor(interviewId);
    const outcome = recordConsent(this.db, interviewId, notice, decision, this.clock.now());
    if (!outcome.proceed) this.parts.tokens.revokeInterview(interviewId);
    return outcome;
  }

  /** Stores the optional self-identification for the bias report (when the station asks). */
  selfIdentify(interviewId: number, answers: SelfIdentificationAnswers) {
    return recordSelfIdentification(this.db, interviewId, answers, this.clock.now());
  }

  /**
   * The candidate withdraws consent mid-interview: the withdrawal (and any erasure request) is
   * stored first, then the session ends at once, which stops its recording and signals.
   */
  withdraw(sessionId: number, interviewId: number, choice: WithdrawalChoice) {
    const { sessions } = this.parts;
    const running = sessions.running().find((s) => s.sessionId === sessionId);
    if (!running) {
      throw new StationError(
        'CONFLICT',
        'This interview is not running. Ask the coordinator for help.',
      );
    }
    const now = this.clock.now();
    const withdrawal = recordWithdrawal(this.db, interviewId, choice, now - running.startedAt, now);
    sessions.endNow(sessionId, choice.keepAnswers);
    return { keepAnswers: withdrawal.keepAnswers, erasureRequested: !withdrawal.keepAnswers };
  }

  /** Starts the interview checked in with `token`, which from now on names its session. */
  start(token: string, interviewId: number) {
    const { sessions, tokens } = this.parts;
    this.parts.disk?.requireRoom();
    this.parts.environment?.requireClear();
    const sessionId = sessions.start(interviewId);
    tokens.attachSession(token, sessionId);
    return sessions.view(sessionId);
  }

  /**
   * Continues an interrupted session, or hands a running one to a reloaded page: only for
   * someone who proves it is theirs to continue (the candidate's access code, or a signed-in
   * staff member), and never while another page still follows the running session.
   */
  resume(sessionId: number, proof: { code: string } | { staff: StaffUser }, source: string) {
    const { sessions, tokens, checkIn } = this.parts;
    const session = this.db
      .select({ interviewId: sessionsTable.interviewId })
      .from(sessionsTable)
      .where(eq(sessionsTable.id, sessionId))
      .get();
    if (!session) throw new StationError('NOT_FOUND', 'There is no such interview to resume.');
    if ('code' in proof) checkIn.confirmCode(session.interviewId, proof.code, source);
    const live = sessions.isLive(sessionId);
    if (live && sessions.listenerCount(sessionId) > 0) {
      throw new StationError(
        'CONFLICT',
        'This interview is open on another screen. Close it there first, or ask the coordinator.',
      );
    }
    const by: ResumedBy =
      'staff' in proof
        ? { actorKind: proof.staff.role, actorId: proof.staff.id }
        : { actorKind: 'candidate' };
    // A page reload gets its running session back whatever the disk; a new run needs room.
    if (!live) {
      this.parts.disk?.requireRoom();
      this.parts.environment?.requireClear();
    }
    const resumed = live ? sessions.reattach(sessionId, by) : sessions.resume(sessionId, by);
    // Whatever page held this interview before loses it: one page per interview.
    tokens.revokeInterview(resumed.interviewId);
    const issued = tokens.issue(resumed.interviewId, resumed.sessionId, this.clock.now());
    return { token: issued, session: sessions.view(resumed.sessionId) };
  }

  saveDraft(sessionId: number, position: number, draft: { text?: string; choice?: number }) {
    this.parts.sessions.saveDraft(sessionId, position, draft);
    return { savedAt: this.clock.now() };
  }

  /**
   * Sessions the start screen offers to continue: interrupted by a crash, or still running
   * after the page was reloaded. Nothing here names the candidate.
   */
  recoverable() {
    const running = this.parts.sessions.running().map((s) => ({ ...s, state: 'running' as const }));
    const interrupted = listInterrupted(this.db).map((session) => ({
      sessionId: session.id,
      position: session.currentPosition,
      total: loadInterviewQuestions(this.db, session.interviewId).length,
      since: session.lastHeartbeatAt,
      state: 'interrupted' as const,
    }));
    return [...running, ...interrupted];
  }
}
