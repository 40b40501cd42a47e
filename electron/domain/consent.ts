import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { consents, interviews } from '../../db/schema';
import { recordAudit } from '../core/audit';
import { StationError } from '../core/errors';
import { NOTICE_VERSION } from './consent-notice';

export interface ConsentChoices {
  recording: boolean;
  signals: boolean;
  aiScoring?: boolean;
}

export type ConsentOutcome = { proceed: true } | { proceed: false; alternativePath: string };

/**
 * Stores the candidate's separate choices with the time and the notice version shown. A
 * decline is recorded too, and the interview then offers the recruiter's alternative path.
 */
export function recordConsent(
  db: Db,
  interviewId: number,
  choices: ConsentChoices,
  noticeVersion: string,
  now: number,
): ConsentOutcome {
  if (noticeVersion !== NOTICE_VERSION) {
    throw new StationError(
      'CONFLICT',
      'The notice has changed since it was shown. Please read the current notice.',
    );
  }
  const interview = db.select().from(interviews).where(eq(interviews.id, interviewId)).get();
  if (!interview || interview.status !== 'checked_in') {
    throw new StationError('CONFLICT', 'This interview is not waiting for consent.');
  }
  const aiScoring = interview.aiScoring ? (choices.aiScoring ?? false) : null;
  const proceed = choices.recording && choices.signals;
  db.transaction((tx) => {
    tx.insert(consents)
      .values({
        interviewId,
        noticeVersion,
        recording: choices.recording,
        signals: choices.signals,
        aiScoring,
        decidedAt: now,
      })
      .run();
    if (!proceed) {
      tx.update(interviews).set({ status: 'declined' }).where(eq(interviews.id, interviewId)).run();
    }
  });
  recordAudit(db, now, {
    actorKind: 'candidate',
    action: proceed ? 'consent_given' : 'consent_declined',
    subjectType: 'interview',
    subjectId: interviewId,
    details: { noticeVersion, recording: choices.recording, signals: choices.signals, aiScoring },
  });
  return proceed
    ? { proceed: true }
    : { proceed: false, alternativePath: interview.alternativePath };
}
