/**
 * npm run screen -- --resume FILE.pdf|FILE.docx|FILE.txt --job JOB.json --out RESULT.json
 * Screens one résumé against a job offline. JOB.json is {title, description, requirements:
 * [{skill, synonyms: [], mustHave}], minYears?, interviewThreshold?}; RESULT.json is {score,
 * keywordsFound: [{skill, term, evidence, section}], keywordsMissing: [string], years?,
 * suggestedStatus, reasons, textLength}. Exit 0 when the result was written, 2 for a usage
 * mistake, a bad JOB.json or an unreadable résumé (nothing written). The résumé's text is never
 * printed: only the result file quotes the lines that matched.
 */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { CliInputError, readCliArgs, readJsonInput } from '../../core/cli-args';
import { jobRequirementsSchema } from '../../../shared/job-requirements';
import { screenResume } from '../screen-resume';
import { extractResumeText } from '../resume-text';
import { readFile } from 'node:fs/promises';
import { readResumeWith } from './resume-source';

const USAGE = `Usage: npm run screen -- --resume FILE.pdf|FILE.docx|FILE.txt --job JOB.json --out RESULT.json
  --resume FILE   the résumé to screen
  --job FILE      {"title", "description", "requirements": [{"skill", "synonyms": [], "mustHave"}],
                   "minYears"?, "interviewThreshold"? (0–100, default 60)}
  --out FILE      where to write the result`;

const argsSchema = z.object({
  resume: z
    .string({ error: 'Say which résumé to screen with --resume FILE.' })
    .min(1, 'Say which résumé to screen with --resume FILE.'),
  job: z
    .string({ error: 'Say which job to screen for with --job JOB.json.' })
    .min(1, 'Say which job to screen for with --job JOB.json.'),
  out: z
    .string({ error: 'Say where to write the result with --out RESULT.json.' })
    .min(1, 'Say where to write the result with --out RESULT.json.'),
});

const jobFileSchema = jobRequirementsSchema.extend({ title: z.string().trim().min(1).max(200) });

async function main(): Promise<number> {
  const args = readCliArgs(argsSchema, ['resume', 'job', 'out'], USAGE);
  if (!args) return 2;
  let job;
  let resume;
  try {
    job = readJsonInput(args.job, jobFileSchema, 'a job file');
    resume = await readResumeWith(async (file) =>
      // The worker is the station's build (npm run screen builds it); tests name their own.
      extractResumeText(await readFile(file), {
        workerFile: process.env.RESUME_WORKER_FILE || undefined,
      }),
    )(args.resume);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof CliInputError) console.error(error.message);
    else if (code === 'ENOENT') console.error(`${args.resume} does not exist.`);
    else console.error(`${args.resume} could not be read (${code ?? 'unknown error'}).`);
    return 2;
  }
  if (resume.kind === 'refused') {
    console.error(`${args.resume} could not be screened: ${resume.reason}`);
    return 2;
  }
  if (resume.text.trim().length === 0) {
    console.error(`${args.resume} has no text to screen (a scanned image needs OCR first).`);
    return 2;
  }
  const result = screenResume(resume.text, job, { asOf: new Date() });
  writeFileSync(args.out, `${JSON.stringify(result, null, 2)}\n`);
  console.error(
    `Screened for "${job.title}": score ${result.score}, ${result.keywordsFound.length} of ${job.requirements.length} requirements found, suggested "${result.suggestedStatus}" → ${args.out}`,
  );
  return 0;
}

process.exitCode = await main();
