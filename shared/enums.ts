/**
 * The station's fixed value sets, in one drizzle-free place: db/schema.ts types its columns
 * with them, main validates input against them, and the renderer lists them in its forms.
 * Imports nothing, so every layer and process may import it.
 */
export const DOMAINS = ['ai_ml', 'fullstack', 'cybersecurity'] as const;
export type Domain = (typeof DOMAINS)[number];

export const QUESTION_TYPES = ['mcq', 'text', 'audio', 'video'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const USER_ROLES = ['recruiter', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const INTERVIEW_STATUSES = [
  'scheduled',
  'checked_in',
  'in_progress',
  'completed',
  'declined',
  'cancelled',
] as const;
export type InterviewStatus = (typeof INTERVIEW_STATUSES)[number];

/** Application statuses carried over from the predecessor systems. */
export const APPLICATION_STATUSES = [
  'Applied',
  'Under Review',
  'Interview Required',
  'Interviewed',
  'Passed',
  'Rejected',
  'Offered',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const SESSION_STATUSES = ['active', 'interrupted', 'completed'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const SESSION_PHASES = ['reading', 'answering'] as const;
export type SessionPhase = (typeof SESSION_PHASES)[number];

export const ANSWER_STATUSES = [
  'pending',
  'draft',
  'submitted',
  'timed_out',
  'unsupported',
] as const;
export type AnswerStatus = (typeof ANSWER_STATUSES)[number];

/** A consent row records the notice's choices, the biometric release, or a withdrawal. */
export const CONSENT_KINDS = ['notice', 'biometric', 'withdrawal'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

export const CHECK_IN_OUTCOMES = ['accepted', 'wrong_code', 'expired', 'used', 'cooldown'] as const;
export type CheckInOutcome = (typeof CHECK_IN_OUTCOMES)[number];

export const EVENT_TYPES = [
  'no_face',
  'multiple_faces',
  'looking_away',
  'eyes_closed',
  'speech_during_reading',
  /** Speech while the candidate's mouth is still: another voice may be in the room. */
  'other_voice',
  'camera_lost',
  'mic_lost',
  'restart',
  /** A remote-desktop, screen-sharing, meeting or recording tool running on the station. */
  'remote_tool',
  /** More than one display connected to the station. */
  'second_display',
  /** The station's window lost focus: another program came in front of the interview. */
  'focus_lost',
  /** The station runs inside a virtual machine (checked once at start). */
  'virtual_machine',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const SEVERITIES = ['info', 'low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SCORER_KINDS = ['auto', 'recruiter', 'rubric', 'gemini'] as const;
export type ScorerKind = (typeof SCORER_KINDS)[number];

/**
 * Who proposed a question that entered the bank from a draft (null in the bank: written by
 * hand). The same values as GENERATION_PROVIDERS in electron/screening/question-generator.ts,
 * here so db/ may type a column with them; question-drafts.ts checks at compile time that the
 * two agree.
 */
export const QUESTION_GENERATORS = ['offline', 'gemini'] as const;
