import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { consents, interviews } from '../../db/schema';
import { recordAudit } from '../core/audit';
import { StationError } from '../core/errors';
import { noticeText, releaseText, type ConsentNotice } from './consent-notice';

export interface ConsentChoices {
  recording: boolean;
  signals: boolean;
  aiScoring?: boolean;
}

/** What the candidate sent: the versions they read, their choices, and the release. */
export interface ConsentDecision extends ConsentChoices {
  noticeVersion: string;
  /** "I do not agree": a decline even where the notice asks no choice. */
  declined?: boolean;
  /** The biometric release, when the notice had one: the version read and whether given. */
  biometric?: { version: string; given: boolean };
}

export type ConsentOutcome =
  { proceed: true; faceGeometry: boolean } | { proceed: false; alternativePath: string };

function outdated(): StationError {
  return new StationError(
    'CONFLICT',
    'The notice has changed since it was shown. Please read the current notice.',
  );
}

/**
 * Stores the candidate's separate choices with the time and the exact text and version shown,
 * and the biometric release as a row of its own. A decline is recorded too, and the interview
 * then offers the recruiter's alternative path. Declining only the release is no decline: the
 * interview runs without face geometry.
 */
export function recordConsent(
  db: Db,
  interviewId: number,
  notice: ConsentNotice,
  decision: ConsentDecision,
  now: number,
): ConsentOutcome {
  if (decision.noticeVersion !== notice.version) throw outdated();
  const release = notice.biometric;
  if (release && decision.biometric?.version !== release.version) throw outdated();
  const interview = db.select().from(interviews).where(eq(interviews.id, interviewId)).get();
  if (!interview || interview.status !== 'checked_in') {
    throw new StationError('CONFLICT', 'This interview is not waiting for consent.');
  }
  const asked = new Set(notice.choices.map((choice) => choice.key));
  const recording = asked.has('recording') && decision.recording;
  const signals = asked.has('signals') && decision.signals;
  const aiScoring = asked.has('aiScoring') ? (decision.aiScoring ?? false) : null;
  const given = { recording, signals, aiScoring };
  const proceed =
    decision.declined !== true &&
    notice.choices.every((choice) => !choice.required || given[choice.key]);
  const faceGeometry = release !== null && decision.biometric?.given === true;
  db.transaction((tx) => {
    tx.insert(consents)
      .values({
        interviewId,
        kind: 'notice',
        noticeVersion: notice.version,
        noticeText: noticeText(notice),
        recording,
        signals,
        aiScoring,
        agreed: proceed,
        decidedAt: now,
      })
      .run();
    if (release) {
      tx.insert(consents)
        .values({
          interviewId,
          kind: 'biometric',
          noticeVersion: release.version,
          noticeText: releaseText(release),
          recording: false,
          signals: false,
          agreed: faceGeometry,
          decidedAt: now,
        })
        .run();
    }
    if (!proceed) {
      tx.update(interviews).set({ status: 'declined' }).where(eq(interviews.id, interviewId)).run();
    }
  });
  recordAudit(db, now, {
    actorKind: 'candidate',
    action: proceed ? 'consent_given' : 'consent_declined',
    subjectType: 'interview',
    subjectId: interviewId,
    details: { noticeVersion: notice.version, recording, signals, aiScoring },
  });
  if (release) {
    recordAudit(db, now, {
      actorKind: 'candidate',
      action: faceGeometry ? 'biometric_release_given' : 'biometric_release_declined',
      subjectType: 'interview',
      subjectId: interviewId,
      details: { releaseVersion: release.version },
    });
  }
  return proceed
    ? { proceed: true, faceGeometry }
    : { proceed: false, alternativePath: interview.alternativePath };
}

/** The candidate's latest decision on the notice itself (not a release or a withdrawal). */
export function latestNoticeConsent(db: Db, interviewId: number) {
  return db
    .select()
    .from(consents)
    .where(and(eq(consents.interviewId, interviewId), eq(consents.kind, 'notice')))
    .orderBy(desc(consents.id))
    .get();
}

/** Whether the notice's required choices were given (rows older than `agreed`: both boxes). */
export function noticeAgreed(row: typeof consents.$inferSelect | undefined): boolean {
  if (!row) return false;
  return row.agreed ?? (row.recording && row.signals);
}

/** Whether the candidate signed the biometric release for this interview. */
export function biometricReleased(db: Db, interviewId: number): boolean {
  const row = db
    .select({ agreed: consents.agreed })
    .from(consents)
    .where(and(eq(consents.interviewId, interviewId), eq(consents.kind, 'biometric')))
    .orderBy(desc(consents.id))
    .get();
  return row?.agreed === true;
}

/** A candidate's decline of the notice: when, and the alternative path the station offered. */
export interface ConsentDecline {
  at: number;
  /** The recruiter's text the declined screen showed the candidate. */
  alternativePath: string;
}

/**
 * The decline of a declined interview, or null. The offer is the interview's alternative path:
 * recordConsent returns that same text to the declined screen, and it cannot be edited later.
 */
export function findDecline(db: Db, interviewId: number): ConsentDecline | null {
  const interview = db
    .select({ status: interviews.status, alternativePath: interviews.alternativePath })
    .from(interviews)
    .where(eq(interviews.id, interviewId))
    .get();
  if (interview?.status !== 'declined') return null;
  const row = latestNoticeConsent(db, interviewId);
  // No row: declined before consent rows were kept; the offer stands all the same.
  return { at: row?.decidedAt ?? 0, alternativePath: interview.alternativePath };
}
