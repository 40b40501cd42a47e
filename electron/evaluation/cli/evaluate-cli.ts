/**
 * npm run evaluate -- --in ANSWERS.json --out SCORES.json [--provider offline|gemini]
 *                     [--gemini-base-url URL] [--bank QUESTION-BANK.json]
 * Scores written answers against the seeded questions' rubrics. Input
 * {"answers": [{"id", "questionKey", "text"}]}; output {"scores": [{"id", "score", "criteria":
 * [{"name", "score", "evidence": [string]}], "rationale", "provider"}], "errors": [{"id",
 * "message"}]}. Exit 0 when every answer was scored, 1 when some could not be (unknown question
 * key, no rubric: named by id on stderr and in "errors", the rest still scored and written),
 * 2 for a usage or input mistake (nothing written). Answer text is never printed.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SCORER_PROVIDERS } from '../../../shared/rubric';
import { readCliArgs, readJsonInput } from '../../core/cli-args';
import { systemClock } from '../../core/clock';
import { DEFAULT_GEMINI_MODEL } from '../../../shared/gemini-models';
import { ScorerUnavailableError, type AnswerScorer } from '../answer-scorer';
import { createGeminiScorer } from '../gemini-scorer';
import { offlineScorer } from '../offline-scorer';
import { loadScorableQuestions } from '../scorable-questions';
import { answersFileSchema, evaluateAnswers } from './evaluate-run';

const USAGE = `Usage: npm run evaluate -- --in ANSWERS.json --out SCORES.json [--provider offline|gemini]
         [--gemini-base-url URL] [--bank QUESTION-BANK.json]
  --in FILE.json          {"answers": [{"id", "questionKey", "text"}]}, keys as in the question bank
  --out FILE.json         where to write {"scores": [...], "errors": [...]}
  --provider NAME         offline (the default: no network) or gemini
  --gemini-base-url URL   the Gemini API's address, for a proxy or a test server
  --bank FILE.json        the question bank (default: the seeded resources/seed/question-bank.json)`;
// Built to out/cli/evaluate.mjs: the seeded bank is two folders up, unless told otherwise.
const resourcesDir =
  process.env.STATION_RESOURCES ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'resources');

const argsSchema = z.object({
  in: z.string().min(1, 'Say which answers to score with --in FILE.json.'),
  out: z.string().min(1, 'Say where to write the scores with --out FILE.json.'),
  provider: z.enum(SCORER_PROVIDERS).default('offline'),
  'gemini-base-url': z.url().optional(),
  bank: z.string().min(1).optional(),
});

/**
 * The scorer for a provider. Gemini takes its key from GEMINI_API_KEY (and a model from
 * GEMINI_MODEL), never from the command line, where other users of the machine could read
 * it; it falls back to the offline scorer, saying why, whenever Gemini does not answer. The
 * files are the operator's: whoever runs this has checked that their candidates consented.
 */
function scorerFor(provider: (typeof SCORER_PROVIDERS)[number], baseUrl?: string): AnswerScorer {
  if (provider === 'offline') return offlineScorer;
  const apiKey = process.env.GEMINI_API_KEY?.trim();
  if (!apiKey) throw new ScorerUnavailableError(provider);
  return createGeminiScorer({
    apiKey,
    model: process.env.GEMINI_MODEL?.trim() || DEFAULT_GEMINI_MODEL,
    baseUrl,
    fallback: offlineScorer,
    clock: systemClock,
    // Gemini's log lines name a status or a failure kind only, never an answer or the key.
    log: (line) => console.error(line),
    consentCheck: () => true,
  });
}

async function main(): Promise<number> {
  const args = readCliArgs(argsSchema, ['in', 'out', 'provider', 'gemini-base-url', 'bank'], USAGE);
  if (!args) return 2;
  let scorer: AnswerScorer;
  let answers;
  let bank;
  try {
    scorer = scorerFor(args.provider, args['gemini-base-url']);
    answers = readJsonInput(args.in, answersFileSchema, 'an answers file');
    bank = loadScorableQuestions(
      args.bank ?? path.join(resourcesDir, 'seed', 'question-bank.json'),
    );
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const result = await evaluateAnswers(answers, bank, scorer);
  writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  for (const { id, message } of result.errors) console.error(`Answer ${id}: ${message}`);
  console.error(
    `Scored ${result.scores.length} of ${answers.answers.length} answers with the ${args.provider} scorer → ${args.out}`,
  );
  return result.errors.length > 0 ? 1 : 0;
}

process.exitCode = await main();
