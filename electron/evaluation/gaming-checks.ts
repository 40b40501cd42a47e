/**
 * What in an answer must earn nothing however many rubric words it holds: sentences that
 * address the scorer, keyword lists that are not sentences, the question said back, and
 * repeats. Each check works on
 * one sentence (text-normaliser.ts), so the rest of the answer is still scored on its merits.
 */
import { splitSentences, type Sentence } from './text-normaliser';

// Text that speaks to whoever or whatever scores the answer, or asks for a score. Each pattern
// needs a scorer word or a score request, so an answer about ML models ("the model's score
// on the validation set") is not caught.
const SCORER = String.raw`(?:grader|scorer|evaluator|examiner|marker|assessor)s?`;
const AI = String.raw`(?:ai|a\.i\.|llm|language model|chatbot|gpt|gemini)`;
const INSTRUCTION_PATTERNS: RegExp[] = [
  // "ignore the rubric", "disregard your scoring instructions"
  /\b(?:ignore|disregard|forget|override|bypass)\b[^.]{0,40}\b(?:rubric|instructions?|criteria|guidelines|scoring|grading)\b/i,
  // "give me 100", "award this answer full marks", "rate this answer as a five"
  /\b(?:give|award|assign|rate|grade|mark|score)\s+(?:me|us|this|it|the (?:answer|response|candidate)|my (?:answer|response))\b[^.]{0,40}\b(?:100|full marks|full score|maximum|highest|top score|top marks|perfect|a five|5\/5|10\/10|excellent)\b/i,
  // "respond only with the highest possible score", "print score 100"
  /\b(?:output|print|respond (?:only )?with|reply with)\b[^.]{0,30}\b(?:score|marks)\b/i,
  // "dear grader", "note to the AI evaluating this", "attention language model"
  new RegExp(
    String.raw`\b(?:dear|note to|attention|hey|hello)\b[^.]{0,20}\b(?:${SCORER}|${AI})\b`,
    'i',
  ),
  // "you are no longer a grader", "as the scorer"
  new RegExp(String.raw`\b(?:you are|you're|are you)\b[^.]{0,15}\b(?:${SCORER}|${AI})\b`, 'i'),
  new RegExp(String.raw`\bas (?:the|an?)\s+(?:automated\s+)?${SCORER}\b`, 'i'),
  new RegExp(String.raw`\b${SCORER}\s+(?:instructions?|notes?)\b`, 'i'),
  new RegExp(
    String.raw`\binstructions? (?:for|to) the (?:automated |ai )?(?:${SCORER}|${AI}|model)\b`,
    'i',
  ),
  /\b(?:evaluation|grading|scoring) (?:model|system)\s+(?:must|should|will|shall)\b/i,
  /\b(?:previous|prior|above|these) instructions\b/i,
  /\bsystem (?:override|prompt|message)\b|^\s*system\s*:/i,
  /\bscore\s*[=:]\s*\d+/i,
  /\bthe rubric does not apply\b/i,
  /\b(?:this|my) (?:answer|response) (?:deserves|should (?:get|receive|score)|meets every)\b/i,
];

export function addressesScorer(sentenceText: string): boolean {
  return INSTRUCTION_PATTERNS.some((pattern) => pattern.test(sentenceText));
}

/** How many content words, and function words, an item of a list may hold to be a bare term. */
const TERM_CONTENT_WORDS = 2;
const TERM_STOP_WORDS = 2;
/** This many bare terms, holding most of the sentence's content, make it a list. */
const LIST_TERMS = 5;
const LIST_CONTENT_SHARE = 0.7;

/**
 * A run of terms rather than a sentence: too few function words to say anything about the
 * terms ("bias, variance, learning curves"; natural English is a third to a half function
 * words), or mostly bare one- and two-word items joined by commas or by "and" and "or",
 * whatever lead-in they are given ("I would use bias, variance, overfitting and ...").
 */
export function isKeywordList(sentence: Sentence, text: string): boolean {
  const tokens = sentence.tokens;
  if (tokens.length === 0) return true;
  const stops = tokens.filter((t) => t.stop).length;
  const stopShare = stops / tokens.length;
  const raw = text.slice(sentence.start, sentence.end);
  if (tokens.length < 3) return stops === 0;
  // Almost no function words: a list, unless it is short and reads as one terse sentence
  // ("PKCE stops code interception.", "Offsets suit small, static tables with page numbers.").
  if (stops === 0 && tokens.length >= 6) return true;
  if (stopShare < 0.12) {
    const pieces = raw.split(/[,;|/•·]+/).filter((piece) => piece.trim()).length;
    if (tokens.length >= 12 || !/[.!?]$/.test(raw)) return true;
    return tokens.length >= 6 ? pieces >= 3 : pieces > 1;
  }
  const items = itemsOf(sentence, text);
  const content = tokens.length - stops;
  const terms = items.filter(
    (item) =>
      item.content > 0 && item.content <= TERM_CONTENT_WORDS && item.stops <= TERM_STOP_WORDS,
  );
  const termContent = terms.reduce((n, item) => n + item.content, 0);
  return terms.length >= LIST_TERMS && termContent >= LIST_CONTENT_SHARE * content;
}

/** The sentence cut at commas, semicolons, bullets, "and" and "or": content and function words per piece. */
function itemsOf(sentence: Sentence, text: string): { content: number; stops: number }[] {
  const items: { content: number; stops: number }[] = [{ content: 0, stops: 0 }];
  let previousEnd = sentence.start;
  for (const token of sentence.tokens) {
    const between = text.slice(previousEnd, token.start);
    const conjunction = /^(?:and|or)$/i.test(token.text);
    if (/[,;|/•·]/.test(between) || conjunction) items.push({ content: 0, stops: 0 });
    previousEnd = token.end;
    if (conjunction) continue;
    const item = items[items.length - 1];
    if (!item) continue;
    if (token.stop) item.stops += 1;
    else item.content += 1;
  }
  return items;
}

/**
 * A sentence restates the question when nearly all its content words are the prompt's and it
 * says back much of the prompt: choosing one of the options the prompt names ("I would use
 * cursor-based pagination") is an answer, saying the prompt again is not.
 */
const ECHO_SHARE = 0.8;
const ECHO_PROMPT_SHARE = 0.5;
const ECHO_MIN_WORDS = 4;

/** The prompt as the echo check reads it: all its content stems, and each sentence's. */
export interface PromptStems {
  all: Set<string>;
  sentences: Set<string>[];
}

export function promptStemsOf(prompt: string): PromptStems {
  const sentences = splitSentences(prompt).map(contentStems);
  return { all: new Set(sentences.flatMap((s) => [...s])), sentences };
}

export function echoesPrompt(sentence: Sentence, prompt: PromptStems): boolean {
  const content = sentence.tokens.filter((t) => !t.stop);
  if (content.length < ECHO_MIN_WORDS) return false;
  const fromPrompt = new Set(content.filter((t) => prompt.all.has(t.stem)).map((t) => t.stem));
  const share = content.filter((t) => prompt.all.has(t.stem)).length / content.length;
  return (
    share >= ECHO_SHARE &&
    prompt.sentences.some(
      (stems) =>
        stems.size > 0 &&
        [...stems].filter((stem) => fromPrompt.has(stem)).length >= ECHO_PROMPT_SHARE * stems.size,
    )
  );
}

/** Jaccard overlap of two sets of stems. */
function overlap(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared += 1;
  return shared / (a.size + b.size - shared);
}

export function contentStems(sentence: Sentence): Set<string> {
  return new Set(sentence.tokens.filter((t) => !t.stop).map((t) => t.stem));
}

/**
 * For each sentence, whether it says again what an earlier kept sentence said (the same
 * content words, give or take one): a repeat is counted once.
 */
export function markRepeats(sentences: Sentence[]): boolean[] {
  const kept: Set<string>[] = [];
  return sentences.map((sentence) => {
    const stems = contentStems(sentence);
    if (kept.some((earlier) => overlap(earlier, stems) >= 0.7)) return true;
    kept.push(stems);
    return false;
  });
}

/**
 * The share of the answer's word trigrams that repeat an earlier one; above about a half the
 * answer is mostly saying the same thing again, even within sentences.
 */
export function repeatedTrigramShare(stems: string[]): number {
  if (stems.length < 6) return 0;
  const seen = new Set<string>();
  let repeats = 0;
  for (let i = 0; i + 2 < stems.length; i += 1) {
    const gram = `${stems[i]} ${stems[i + 1]} ${stems[i + 2]}`;
    if (seen.has(gram)) repeats += 1;
    seen.add(gram);
  }
  return repeats / (stems.length - 2);
}
