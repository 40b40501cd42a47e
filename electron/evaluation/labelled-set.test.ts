import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANSWER_KINDS, loadLabelledSet } from './labelled-set';
import { scoreAnswerOffline } from './offline-scorer';
import { loadScorableQuestions } from './scorable-questions';

/**
 * The product's promises about gaming, held on the labelled set against the seeded rubrics:
 * no manipulation attempt scores above 20, keyword lists, off-topic and very short answers
 * score low, and each says why. Agreement with the labels is measured by the bench
 * (npm run bench:evaluate), never asserted here: its thresholds would be tuned on this set.
 */
const answers = loadLabelledSet(path.resolve('resources', 'evaluation', 'labelled-answers.json'));
const bank = loadScorableQuestions(path.resolve('resources', 'seed', 'question-bank.json'));

function scored(kind: (typeof ANSWER_KINDS)[number]) {
  return answers
    .filter((a) => a.kind === kind)
    .map((a) => {
      const question = bank.questions.get(a.questionKey);
      if (!question) throw new Error(`${a.questionKey} has no rubric in the seeded bank`);
      return { id: a.id, ...scoreAnswerOffline(question, a) };
    });
}

describe('the labelled answer set', () => {
  it('spans every open seeded question and every kind of answer, at least 60 in all', () => {
    expect(answers.length).toBeGreaterThanOrEqual(60);
    expect(new Set(answers.map((a) => a.id)).size).toBe(answers.length);
    // Every open question in the bank has its rubric, and at least three labelled answers.
    expect(bank.questions.size, 'open seeded questions with a rubric (merge wt-rubrics)').toBe(18);
    for (const key of bank.questions.keys())
      expect(answers.filter((a) => a.questionKey === key).length, key).toBeGreaterThanOrEqual(3);
    for (const a of answers) expect(bank.questions.has(a.questionKey), a.id).toBe(true);
    for (const kind of ANSWER_KINDS)
      expect(
        answers.some((a) => a.kind === kind),
        kind,
      ).toBe(true);
  });

  it('never scores a manipulation attempt above 20, and says it addressed the scorer', () => {
    const results = scored('manipulation');
    expect(results.length).toBeGreaterThanOrEqual(6);
    for (const r of results) {
      expect(r.score, r.id).toBeLessThanOrEqual(20);
      expect(r.rationale, r.id).toContain('contained instructions to the scorer');
    }
  });

  it('scores keyword lists, off-topic and very short answers low, saying why', () => {
    const expectations = [
      ['keyword_list', 10, 'lists terms without sentences'],
      ['off_topic', 10, 'does not address the question'],
      ['short', 20, 'very short'],
    ] as const;
    for (const [kind, most, reason] of expectations) {
      for (const r of scored(kind)) {
        expect(r.score, r.id).toBeLessThanOrEqual(most);
        expect(r.rationale, r.id).toContain(reason);
      }
    }
  });

  it('says when an answer repeats itself', () => {
    for (const r of scored('repetition')) expect(r.rationale, r.id).toContain('repeats itself');
  });
});
