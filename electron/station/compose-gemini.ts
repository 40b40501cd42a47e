/**
 * The station's Gemini, wired once for every feature that may use it: the key (an admin's,
 * sealed in the data folder, or IT's), one circuit breaker so a Gemini that is down is paused
 * for all of them, the answer scorer, and the question proposer. Each falls back offline.
 */
import type { Db } from '../../db/open';
import { recordAudit } from '../core/audit';
import type { Clock } from '../core/clock';
import { createCircuitBreaker } from '../evaluation/circuit-breaker';
import { createGeminiKeyStore, type GeminiConfig } from '../evaluation/gemini-key-store';
import { offlineScorer } from '../evaluation/offline-scorer';
import { createStationGemini, type GeminiTuning } from '../evaluation/station-gemini';
import { createStationScorer } from '../evaluation/station-scorer';
import { createGeminiQuestions } from '../screening/gemini-questions';
import { offlineQuestions } from '../screening/offline-questions';

export function composeGemini(parts: {
  db: Db;
  clock: Clock;
  log: (line: string) => void;
  dataDir: string | null;
  filesKey: Buffer | null;
  managed?: GeminiConfig | null;
  tuning?: GeminiTuning;
}) {
  const { db, clock, log } = parts;
  const keys = createGeminiKeyStore({
    dataDir: parts.dataDir,
    filesKey: parts.filesKey,
    managed: parts.managed,
    log,
    audit: (action, details, actor) =>
      recordAudit(db, clock.now(), { actorKind: 'station', ...actor, action, details }),
  });
  const breaker = createCircuitBreaker({ clock });
  const gemini = createStationGemini({ keys, clock, log, breaker, tuning: parts.tuning });
  return {
    keys,
    gemini,
    // Suggested scores for spoken and written answers: offline, or Gemini where configured
    // and consented (review/answer-suggestions.ts).
    scorer: createStationScorer({
      keys,
      offline: offlineScorer,
      clock,
      log,
      gemini: parts.tuning,
      breaker,
    }),
    // Interview questions for a job: Gemini's with rubrics where a key is configured, else (and
    // whenever Gemini cannot answer) bank questions chosen to cover the job's requirements.
    questions: createGeminiQuestions(gemini, offlineQuestions),
  };
}
