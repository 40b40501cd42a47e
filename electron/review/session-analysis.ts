/**
 * Speech and competency analysis of one interview (issue 14): the keywords the candidate used,
 * a technical score pooled from the scorer's suggestions, the speech figures as plain facts,
 * the criteria that scored high or low, and an overall suggestion — always labelled as one.
 *
 * What it leaves out on purpose: sentiment, emotion and personality (they predict nothing
 * about the job and invite emotion inference), and any reading of the voice or face beyond the
 * speech figures transcription already computed. Speech figures never count towards the
 * suggestion. Areas to probe name what was missing in the rubric's words, not the candidate's.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { jobs, questions } from '../../db/schema';
import type { AnswerSuggestion } from '../../shared/answer-suggestion';
import type { Rubric } from '../../shared/rubric';
import { phraseStems, tokenize } from '../evaluation/text-normaliser';
import type { AnswerTranscription, SpeechFigures } from '../transcription/answer-transcription';
import { extractKeywords, relevanceStems, type SessionKeyword } from './session-keywords';
import { communicationFacts, type CommunicationFacts } from './speech-facts';

export const SUGGESTION_LABEL = 'Suggestion only — a recruiter decides';
/** Technical scores at or above this suggest advancing; below CONSIDER_FROM, not advancing. */
export const ADVANCE_FROM = 70;
export const CONSIDER_FROM = 40;
/** A criterion at or above this (of 5) is a strength; at or below AREA_UP_TO, an area to probe. */
const STRENGTH_FROM = 4;
const AREA_UP_TO = 2;

export type OverallSuggestion = 'advance' | 'consider' | 'do_not_advance' | 'insufficient';

export interface AnalysisStrength {
  criterion: string;
  answerId: number;
  position: number;
  /** 1–5. */
  score: number;
  /** One quote that earned it, and where a spoken one was said (session clock). */
  quote: string | null;
  quoteMs: number | null;
}

export interface AnalysisArea {
  criterion: string;
  answerId: number;
  position: number;
  /** 0–5; 0 when the answer gave nothing to score. */
  score: number;
  /** The rubric's key points the answer did not mention, in the rubric's words. */
  missing: string[];
}

export interface SessionAnalysis {
  keywords: SessionKeyword[];
  competencies: {
    technical: { score: number | null; scoredAnswers: number; basis: string };
    communication: CommunicationFacts;
  };
  strengths: AnalysisStrength[];
  areasToProbe: AnalysisArea[];
  overall: { suggestion: OverallSuggestion; label: typeof SUGGESTION_LABEL; reason: string };
}

/** One answer as the analysis reads it. */
export interface AnalysedAnswer {
  id: number;
  position: number;
  type: (typeof questions.$inferSelect)['type'];
  startedMs: number | null;
  /** The written text, or a spoken answer's transcript. */
  words: string | null;
  rubric: Rubric | null;
  suggestion: Pick<AnswerSuggestion, 'score' | 'provider' | 'criteria'> | null;
  speech: SpeechFigures | null;
}

export interface AnalysisInput {
  job: { title: string; description: string };
  answers: AnalysedAnswer[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The criteria's weighted mean over every scored answer: each answer's 0–100 score weighs as
 * much as its criteria's weights add up to, which is the score one rubric pooling all the
 * criteria would give (shared/rubric.ts overallScore).
 */
export function technicalScore(
  answers: AnalysedAnswer[],
): SessionAnalysis['competencies']['technical'] {
  const scored = answers.flatMap((a) => (a.suggestion ? [a.suggestion] : []));
  if (scored.length === 0) {
    return { score: null, scoredAnswers: 0, basis: 'No answer has a suggested score yet.' };
  }
  let total = 0;
  let weights = 0;
  for (const s of scored) {
    const weight = s.criteria.reduce((n, c) => n + c.weight, 0) || 1;
    total += s.score * weight;
    weights += weight;
  }
  const offline = scored.filter((s) => s.provider === 'offline').length;
  const gemini = scored.length - offline;
  const by = [
    offline > 0 ? `${plural(offline, 'answer')} scored by the offline scorer` : '',
    gemini > 0 ? `${offline > 0 ? gemini : `${plural(gemini, 'answer')} scored`} by Gemini` : '',
  ].filter(Boolean);
  return {
    score: Math.round(total / weights),
    scoredAnswers: scored.length,
    basis: `${by.join(', ')}.`,
  };
}

/** Whether the answer's words hold every content word of the key point or of one synonym. */
function mentions(stems: Set<string>, point: Rubric['criteria'][number]['keyPoints'][number]) {
  return [point.point, ...point.synonyms]
    .map(phraseStems)
    .some((phrase) => phrase.length > 0 && phrase.every((stem) => stems.has(stem)));
}

export function strengthsAndAreas(answers: AnalysedAnswer[]): {
  strengths: AnalysisStrength[];
  areasToProbe: AnalysisArea[];
} {
  const strengths: AnalysisStrength[] = [];
  const areasToProbe: AnalysisArea[] = [];
  for (const answer of [...answers].sort((a, b) => a.position - b.position)) {
    if (!answer.suggestion) continue;
    const stems = new Set(tokenize(answer.words ?? '').flatMap((t) => (t.stop ? [] : [t.stem])));
    for (const criterion of answer.suggestion.criteria) {
      const at = { criterion: criterion.name, answerId: answer.id, position: answer.position };
      if (criterion.score >= STRENGTH_FROM) {
        const quote = criterion.evidence[0];
        strengths.push({
          ...at,
          score: criterion.score,
          quote: quote?.quote ?? null,
          quoteMs: quote?.startMs ?? null,
        });
        continue;
      }
      const rubric = answer.rubric?.criteria.find(
        (c) => c.name.toLowerCase() === criterion.name.toLowerCase(),
      );
      const missing = (rubric?.keyPoints ?? [])
        .filter((point) => !mentions(stems, point))
        .map((point) => point.point);
      if (criterion.score <= AREA_UP_TO || missing.length > 0) {
        areasToProbe.push({ ...at, score: criterion.score, missing });
      }
    }
  }
  return { strengths, areasToProbe };
}

const OPEN_TYPES = new Set<AnalysedAnswer['type']>(['audio', 'video', 'text']);

export function overallSuggestion(
  answers: AnalysedAnswer[],
  technical: SessionAnalysis['competencies']['technical'],
): SessionAnalysis['overall'] {
  const open = answers.filter((a) => OPEN_TYPES.has(a.type)).length;
  const of = `${technical.scoredAnswers} of ${plural(open, 'open answer')}`;
  const label = SUGGESTION_LABEL;
  const facts = 'Speech figures are facts only and do not count towards it.';
  if (technical.score === null || open === 0 || technical.scoredAnswers * 2 < open) {
    return {
      suggestion: 'insufficient',
      label,
      reason:
        open === 0
          ? 'The interview has no open answers to base a suggestion on.'
          : `Only ${of} have a suggested score: fewer than half, too few to suggest anything.`,
    };
  }
  const score = technical.score;
  if (score >= ADVANCE_FROM) {
    return {
      suggestion: 'advance',
      label,
      reason: `Technical score ${score}/100 over ${of}; ${ADVANCE_FROM} or more suggests advancing. ${facts}`,
    };
  }
  if (score >= CONSIDER_FROM) {
    return {
      suggestion: 'consider',
      label,
      reason: `Technical score ${score}/100 over ${of}; from ${CONSIDER_FROM} to ${ADVANCE_FROM - 1} suggests a closer look. ${facts}`,
    };
  }
  return {
    suggestion: 'do_not_advance',
    label,
    reason: `Technical score ${score}/100 over ${of}; under ${CONSIDER_FROM} suggests not advancing. ${facts}`,
  };
}

/** The whole analysis, from loaded rows only. */
export function analyseSession(input: AnalysisInput): SessionAnalysis {
  const open = input.answers.filter((a) => OPEN_TYPES.has(a.type));
  const keywords = extractKeywords(
    open.flatMap((a) => (a.words?.trim() ? [{ position: a.position, words: a.words }] : [])),
    relevanceStems(
      open.map((a) => a.rubric),
      input.job,
    ),
  );
  const technical = technicalScore(open);
  return {
    keywords,
    competencies: {
      technical,
      communication: communicationFacts(open.flatMap((a) => (a.speech ? [a.speech] : []))),
    },
    ...strengthsAndAreas(open),
    overall: overallSuggestion(input.answers, technical),
  };
}

/** What the loader needs of session detail's ReviewAnswer (named here, as it imports this file). */
export interface LoadedAnswer {
  id: number;
  position: number;
  question: { id: number; type: AnalysedAnswer['type'] };
  startedMs: number | null;
  text: string | null;
  transcript: string | null;
  suggestion: AnalysedAnswer['suggestion'];
  transcription: AnswerTranscription | null;
}

/** Reads the job's words and the questions' rubrics, and analyses the loaded answers. */
export function loadSessionAnalysis(
  db: Db,
  jobId: number,
  answers: LoadedAnswer[],
): SessionAnalysis {
  const job = db
    .select({ title: jobs.title, description: jobs.description })
    .from(jobs)
    .where(eq(jobs.id, jobId))
    .get() ?? { title: '', description: '' };
  const questionIds = [...new Set(answers.map((a) => a.question.id))];
  const rubrics = new Map(
    questionIds.length === 0
      ? []
      : db
          .select({ id: questions.id, rubric: questions.rubric })
          .from(questions)
          .where(inArray(questions.id, questionIds))
          .all()
          .map((q) => [q.id, q.rubric] as const),
  );
  return analyseSession({
    job,
    answers: answers.map((a) => ({
      id: a.id,
      position: a.position,
      type: a.question.type,
      startedMs: a.startedMs,
      words: a.question.type === 'text' ? a.text : a.question.type === 'mcq' ? null : a.transcript,
      rubric: rubrics.get(a.question.id) ?? null,
      suggestion: a.suggestion,
      speech: a.transcription?.state === 'done' ? a.transcription.figures : null,
    })),
  });
}
