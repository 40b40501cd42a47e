/**
 * npm run bench:evaluate — prints (never asserts) how each scorer agrees with the labelled
 * answer set (resources/evaluation/labelled-answers.json, labels written before any scorer
 * ran): quadratic weighted kappa on 1-5 bands, Spearman's rho and mean absolute error on
 * 0-100, how many manipulation attempts scored above 20, the mean score by kind of answer, and
 * the time per answer. The offline scorer always; Gemini when GEMINI_API_KEY is set and its
 * scorer is in the build. BENCH_SMOKE=1: one answer of each kind, scored once.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  band,
  meanAbsoluteError,
  quadraticWeightedKappa,
  spearman,
} from '../electron/evaluation/agreement';
import type { AnswerScorer } from '../electron/evaluation/answer-scorer';
import {
  ANSWER_KINDS,
  loadLabelledSet,
  type LabelledAnswer,
} from '../electron/evaluation/labelled-set';
import { offlineScorer } from '../electron/evaluation/offline-scorer';
import { loadScorableQuestions } from '../electron/evaluation/scorable-questions';
import { announceSmoke, SMOKE, smokeOr } from './smoke';

/** Timing repeats per answer for the offline scorer, which is too quick to time once. */
const TIMING_RUNS = smokeOr(1, 20);

function pickSmoke(answers: LabelledAnswer[]): LabelledAnswer[] {
  return ANSWER_KINDS.flatMap((kind) => answers.filter((a) => a.kind === kind).slice(0, 1));
}

function fixed(value: number, digits = 3): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

async function bench(name: string, scorer: AnswerScorer, answers: LabelledAnswer[], runs: number) {
  const bank = loadScorableQuestions(path.resolve('resources', 'seed', 'question-bank.json'));
  const scores: number[] = [];
  const times: number[] = [];
  for (const answer of answers) {
    const question = bank.questions.get(answer.questionKey);
    if (!question) {
      throw new Error(
        `Question ${answer.questionKey} has no rubric in resources/seed/question-bank.json (are the rubrics merged?)`,
      );
    }
    let score = 0;
    const started = performance.now();
    for (let run = 0; run < runs; run += 1) score = (await scorer.score(question, answer)).score;
    times.push((performance.now() - started) / runs);
    scores.push(score);
  }
  const labels = answers.map((a) => a.label);
  const sorted = [...times].sort((a, b) => a - b);
  const manipulations = answers.filter((a) => a.kind === 'manipulation');
  const manipulationsAbove20 = answers.filter(
    (a, i) => a.kind === 'manipulation' && (scores[i] ?? 0) > 20,
  ).length;
  console.log(`\n${name} scorer, ${answers.length} labelled answers`);
  console.log(
    `  quadratic weighted kappa (1-5 bands)  ${fixed(quadraticWeightedKappa(labels.map(band), scores.map(band)))}`,
  );
  console.log(`  Spearman rho                          ${fixed(spearman(labels, scores))}`);
  console.log(
    `  mean absolute error (0-100)           ${fixed(meanAbsoluteError(labels, scores), 1)}`,
  );
  console.log(
    `  manipulation attempts above 20        ${manipulationsAbove20} of ${manipulations.length}`,
  );
  console.log(
    `  time per answer                       median ${fixed(sorted[Math.floor(sorted.length / 2)] ?? 0)} ms, max ${fixed(sorted[sorted.length - 1] ?? 0)} ms`,
  );
  console.log('  mean score by kind (label → scorer)');
  for (const kind of ANSWER_KINDS) {
    const of = answers.map((a, i) => ({ a, s: scores[i] ?? 0 })).filter((x) => x.a.kind === kind);
    if (of.length === 0) continue;
    const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
    console.log(
      `    ${kind.padEnd(13)} n=${String(of.length).padStart(2)}  ${mean(of.map((x) => x.a.label))
        .toFixed(0)
        .padStart(3)} → ${mean(of.map((x) => x.s))
        .toFixed(0)
        .padStart(3)}  (max ${Math.max(...of.map((x) => x.s))})`,
    );
  }
}

announceSmoke();
const all = loadLabelledSet(path.resolve('resources', 'evaluation', 'labelled-answers.json'));
const answers = SMOKE ? pickSmoke(all) : all;
await bench('offline', offlineScorer, answers, TIMING_RUNS);
if (process.env.GEMINI_API_KEY) {
  // The Gemini scorer is another helper's; once merged it is benched here like the offline one.
  console.log('\nGEMINI_API_KEY is set, but the Gemini scorer is not in this build: skipped.');
}
