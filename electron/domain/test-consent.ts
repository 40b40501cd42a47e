/** Test helpers for consent: the notice of a station with a camera and microphone, agreed to. */
import type { Db } from '../../db/open';
import { recordConsent } from './consent';
import { buildConsentNotice, type NoticeOptions } from './consent-notice';

/** A camera and microphone, face landmarks on, no AI scorer: what most stations are. */
export const CAMERA_STATION: NoticeOptions = {
  camera: true,
  microphone: true,
  faceGeometry: true,
  scorer: null,
  aiScoring: false,
  retentionDays: 180,
  candidateNotices: true,
};

export function testNotice(overrides: Partial<NoticeOptions> = {}) {
  return buildConsentNotice({ ...CAMERA_STATION, ...overrides });
}

/** Agrees to the camera station's notice (and its biometric release, unless `biometric` false). */
export function agreeToNotice(db: Db, interviewId: number, now: number, biometric = true) {
  const notice = testNotice();
  return recordConsent(
    db,
    interviewId,
    notice,
    {
      noticeVersion: notice.version,
      recording: true,
      signals: true,
      biometric: notice.biometric
        ? { version: notice.biometric.version, given: biometric }
        : undefined,
    },
    now,
  );
}
