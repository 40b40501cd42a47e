import type { Db } from '../../db/open';
import { selfIdentifications } from '../../db/privacy-schema';
import type { RaceEthnicityCategory, SexCategory } from '../../shared/self-identification';
import { recordAudit } from '../core/audit';
import { StationError } from '../core/errors';
import { readSetting } from '../core/setting-store';

/** The station setting that turns the optional self-identification step on (off by default). */
export const SELF_IDENTIFICATION_KEY = 'biasReport.selfIdentification' as const;

/** A candidate's answers; null where they left a question unanswered. */
export interface SelfIdentificationAnswers {
  sex: SexCategory | null;
  raceEthnicity: RaceEthnicityCategory | null;
}

/** Whether this station asks candidates to self-identify (an admin's or IT's setting). */
export function selfIdentificationEnabled(db: Db): boolean {
  return readSetting<boolean>(db, SELF_IDENTIFICATION_KEY) === true;
}

/**
 * Stores a candidate's self-identification for their interview, replacing an earlier one (a
 * candidate who goes back may change their mind). Refused when the station does not ask. The
 * audit line says only that it happened: the categories themselves never enter the log, which
 * every admin reads.
 */
export function recordSelfIdentification(
  db: Db,
  interviewId: number,
  answers: SelfIdentificationAnswers,
  now: number,
): { saved: true } {
  if (!selfIdentificationEnabled(db)) {
    throw new StationError('PRECONDITION_FAILED', 'This station does not ask this question.');
  }
  db.transaction((tx) => {
    tx.insert(selfIdentifications)
      .values({ interviewId, ...answers, recordedAt: now })
      .onConflictDoUpdate({
        target: selfIdentifications.interviewId,
        set: { ...answers, recordedAt: now },
      })
      .run();
    recordAudit(db, now, {
      actorKind: 'candidate',
      action: 'self_identified',
      subjectType: 'interview',
      subjectId: interviewId,
    });
  });
  return { saved: true };
}
