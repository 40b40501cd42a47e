import type { Domain, InterviewStatus, QuestionType } from './types';

export const DOMAIN_LABELS: Record<Domain, string> = {
  ai_ml: 'AI / ML',
  fullstack: 'Full-stack',
  cybersecurity: 'Cybersecurity',
};

export const TYPE_LABELS: Record<QuestionType, string> = {
  mcq: 'Multiple choice',
  text: 'Written',
  audio: 'Spoken (audio)',
  video: 'On camera (video)',
};

export const STATUS_LABELS: Record<InterviewStatus, string> = {
  scheduled: 'Scheduled',
  checked_in: 'Checked in',
  in_progress: 'In progress',
  completed: 'Completed',
  declined: 'Declined recording',
  cancelled: 'Cancelled',
};

export const DOMAINS = Object.keys(DOMAIN_LABELS) as Domain[];
export const QUESTION_TYPES = Object.keys(TYPE_LABELS) as QuestionType[];

/** Select options for every entry of a label table, in its order. */
export function optionsOf<T extends string>(labels: Record<T, string>) {
  return (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));
}

/** The same, after a first option with the value '' meaning "none" or "all". */
export function optionsWithBlank<T extends string>(
  blank: string,
  labels: Record<T, string>,
): { value: T | ''; label: string }[] {
  return [{ value: '', label: blank }, ...optionsOf(labels)];
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export const formatDateTime = (ms: number) => dateTime.format(ms);
const dateTimeSeconds = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'medium',
});
/** To the second, where entries minutes apart must read apart (the audit log). */
export const formatDateTimeSeconds = (ms: number) => dateTimeSeconds.format(ms);
export const formatDate = (ms: number) => date.format(ms);

/** `90` → "1 min 30 s". */
export function formatSeconds(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${rest} s`;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
