import { StationError } from '../core/errors';
import type { SessionQuestion } from './session-store';
import type { SessionPhase } from '../../shared/enums';

const TYPED = new Set<SessionQuestion['type']>(['mcq', 'text']);
const ALL = new Set<SessionQuestion['type']>(['mcq', 'text', 'audio', 'video']);

/** Question types a station takes answers for: audio and video need its camera and microphone. */
export function supportedTypes(recordsAnswers: boolean): ReadonlySet<SessionQuestion['type']> {
  return recordsAnswers ? ALL : TYPED;
}

/** Whether a question's answer is recorded by the station's devices. */
export function isRecorded(
  question: SessionQuestion | undefined,
): question is SessionQuestion & { type: 'audio' | 'video' } {
  return question?.type === 'audio' || question?.type === 'video';
}

/** What the candidate's page is shown of a session: never the correct option. */
export interface SessionView {
  sessionId: number;
  status: 'active' | 'completed';
  position: number;
  total: number;
  phase: SessionPhase;
  phaseLimitMs: number;
  remainingMs: number;
  question: ShownQuestion | null;
  draft: { text: string | null; choice: number | null };
  /** For an audio or video answer being recorded: which take, and how many retakes remain. */
  take: { attempt: number; retakesLeft: number } | null;
}

export interface ShownQuestion {
  type: SessionQuestion['type'];
  prompt: string;
  options: string[] | null;
  supported: boolean;
}

/** The part of a question the candidate may see. */
export function shownQuestion(
  question: SessionQuestion,
  supported: ReadonlySet<SessionQuestion['type']>,
): ShownQuestion {
  return {
    type: question.type,
    prompt: question.prompt,
    options: question.options,
    supported: supported.has(question.type),
  };
}

/** Refuses a draft that does not fit its question (text for an MCQ, a missing option…). */
export function checkDraft(
  question: SessionQuestion | undefined,
  draft: { text?: string; choice?: number },
): void {
  if (!question || !TYPED.has(question.type)) {
    throw new StationError('BAD_REQUEST', 'This question does not take a typed or chosen answer.');
  }
  if (draft.text !== undefined && question.type !== 'text') {
    throw new StationError('BAD_REQUEST', 'This question takes a choice, not text.');
  }
  if (draft.choice !== undefined) {
    if (question.type !== 'mcq') {
      throw new StationError('BAD_REQUEST', 'This question takes text, not a choice.');
    }
    if (draft.choice >= (question.options?.length ?? 0)) {
      throw new StationError('BAD_REQUEST', 'That option does not exist.');
    }
  }
}

// Questions the station cannot take skip their reading time: the candidate only needs to
// read that the station cannot record the answer.
export function firstPhase(
  question: SessionQuestion | undefined,
  supported: ReadonlySet<SessionQuestion['type']>,
): SessionPhase {
  return question && supported.has(question.type) ? 'reading' : 'answering';
}

/** The view of a finished session. */
export function completedView(sessionId: number, total: number): SessionView {
  return {
    sessionId,
    status: 'completed',
    position: total,
    total,
    phase: 'answering',
    phaseLimitMs: 0,
    remainingMs: 0,
    question: null,
    draft: { text: null, choice: null },
    take: null,
  };
}
