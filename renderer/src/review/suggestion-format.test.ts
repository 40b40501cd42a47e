import { describe, expect, it } from 'vitest';
import { missingSuggestionText, playLabel, responseLine, scorerLine } from './suggestion-format';

type Answer = Parameters<typeof missingSuggestionText>[0];
const question = (type: Answer['question']['type'], hasRubric = true): Answer['question'] => ({
  id: 1,
  type,
  prompt: 'Why?',
  options: null,
  correctOption: null,
  hasRubric,
});
const spoken = (transcription: Answer['transcription'], transcript: string | null = null) => ({
  question: question('audio'),
  transcription,
  transcript,
  text: null,
});

describe('scorerLine', () => {
  it('names the offline scorer with its model and version', () => {
    expect(
      scorerLine({
        provider: 'offline',
        model: 'offline-lexical',
        promptVersion: 'offline-lexical-1',
      }),
    ).toBe('Offline scorer (offline-lexical, offline-lexical-1)');
  });
  it('names Gemini with its model and prompt version', () => {
    expect(
      scorerLine({ provider: 'gemini', model: 'gemini-2.5-flash', promptVersion: 'g-3' }),
    ).toBe('Gemini (gemini-2.5-flash, prompt g-3)');
  });
});

describe('responseLine', () => {
  it('says what was done and by whom', () => {
    expect(responseLine({ kind: 'accepted', byName: 'Sam', at: 1 })).toBe('Accepted by Sam');
    expect(responseLine({ kind: 'changed', byName: 'Sam', at: 1 })).toBe('Changed by Sam');
    expect(responseLine({ kind: 'ignored', byName: null, at: 1 })).toBe('Ignored by a recruiter');
  });
});

describe('playLabel', () => {
  it('gives a spoken quote its session time and a written one nothing', () => {
    expect(playLabel({ quote: 'a hold-out set', startMs: 42_300, endMs: 44_000 })).toBe(
      'Play from 0:42',
    );
    expect(playLabel({ quote: 'a hold-out set', startMs: null, endMs: null })).toBeNull();
  });
});

describe('missingSuggestionText', () => {
  it('says a spoken answer waits for its transcript while transcription is pending', () => {
    for (const transcription of [
      { state: 'queued' as const },
      { state: 'no_model' as const },
      { state: 'transcribing' as const, progress: 0.5 },
      { state: 'retrying' as const, reason: 'busy', attempts: 1 },
    ]) {
      expect(missingSuggestionText(spoken(transcription))).toBe(
        'No suggestion yet: waiting for the transcript.',
      );
    }
  });
  it('says there is nothing to score when transcription failed or was skipped', () => {
    expect(missingSuggestionText(spoken({ state: 'failed', reason: 'x' }))).toBe(
      'No suggestion: this answer has no transcript to score.',
    );
  });
  it('does not wait for a transcript the answer already has', () => {
    expect(missingSuggestionText(spoken(null, 'I used a validation set'))).toBe(
      'No suggestion yet.',
    );
  });
  it('tells a blank written answer from one waiting to be scored, and is silent for MCQ', () => {
    const text = { question: question('text'), transcription: null, transcript: null };
    expect(missingSuggestionText({ ...text, text: '  ' })).toBe(
      'No suggestion: nothing was written.',
    );
    expect(missingSuggestionText({ ...text, text: 'Hold-out data' })).toBe('No suggestion yet.');
    expect(missingSuggestionText({ ...text, question: question('mcq'), text: null })).toBeNull();
  });
  it('says when a question has no rubric, rather than waiting for a suggestion that never comes', () => {
    const text = { question: question('text', false), transcription: null, transcript: null };
    expect(missingSuggestionText({ ...text, text: 'Hold-out data' })).toMatch(/no rubric/);
    expect(
      missingSuggestionText({ ...spoken(null, 'said'), question: question('video', false) }),
    ).toMatch(/no rubric/);
  });
});
