/**
 * Question drafts for a job: proposed (offline from the bank, or by Gemini where main wires it),
 * then edited, accepted into the bank or discarded by staff, one by one. Nothing a proposer
 * writes reaches the bank, nor so a questionnaire, until a person accepts it.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { questionDrafts, type DraftStatus } from '../../db/drafts-schema';
import { jobs, questions } from '../../db/schema';
import type { QUESTION_GENERATORS } from '../../shared/enums';
import type { Requirement } from '../../shared/job-requirements';
import type { Clock } from '../core/clock';
import { StationError } from '../core/errors';
import { auditChange, found, type ManageContext, type StaffActor } from '../manage/context';
import { createQuestion } from '../manage/questions';
import { questionFields, type QuestionFields } from '../manage/schemas';
import { offlineQuestions } from './offline-questions';
import { coverageOf, type CoverageRow } from './question-coverage';
import {
  MAX_PROPOSED,
  type BankQuestion,
  type GenerationProvider,
  type Level,
  type QuestionGenerator,
} from './question-generator';

// db/ types the provider columns with shared's copy of the providers; this fails to compile
// the day the two lists differ.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const _sameProviders: Same<(typeof QUESTION_GENERATORS)[number], GenerationProvider> = true;

const GEMINI_UNAVAILABLE =
  'Gemini is not available on this station, so the drafts were chosen offline from the bank.';

export interface DraftView {
  id: number;
  batchId: string;
  provider: GenerationProvider;
  model: string | null;
  fields: QuestionFields;
  covers: string[];
  sourceQuestionId: number | null;
  note: string;
  createdAt: number;
}

export interface DraftsList {
  /** The drafts still waiting for a decision, oldest first. */
  drafts: DraftView[];
  /** Each requirement of the job, the pending drafts and the accepted questions covering it. */
  coverage: CoverageRow[];
  /**
   * The latest proposal for the job (of those that stored drafts, when listed): who answered,
   * and why offline stood in if it did.
   */
  lastOutcome: {
    provider: GenerationProvider;
    model: string | null;
    fallbackReason: string | null;
  } | null;
  /** Whether Gemini may be asked (a key is configured); offline always may. */
  geminiConfigured: boolean;
}

export interface ProposeOptions {
  level: Level;
  count: number;
  provider: GenerationProvider;
}

type DraftRow = typeof questionDrafts.$inferSelect;

function viewOf(row: DraftRow): DraftView {
  return {
    id: row.id,
    batchId: row.batchId,
    provider: row.provider,
    model: row.model,
    // Stored only after this check passed; checked again as db/ cannot name the type.
    fields: questionFields.parse(row.fields),
    covers: row.covers,
    sourceQuestionId: row.sourceQuestionId,
    note: row.note,
    createdAt: row.createdAt,
  };
}

/** The live bank as a proposer sees it: each question's fields, archived ones left out. */
export function liveBank(db: Db): BankQuestion[] {
  const rows = db
    .select()
    .from(questions)
    .where(eq(questions.archived, false))
    .orderBy(asc(questions.id))
    .all();
  return rows.flatMap((row) => {
    const parsed = questionFields.safeParse({
      domain: row.domain,
      type: row.type,
      prompt: row.prompt,
      readingSeconds: row.readingSeconds,
      answerSeconds: row.answerSeconds,
      ...(row.type === 'mcq'
        ? { options: row.options, correctOption: row.correctOption }
        : { rubric: row.rubric }),
    });
    // A question older than today's checks (say, a prompt since grown too long) is not offered.
    return parsed.success ? [{ id: row.id, fields: parsed.data }] : [];
  });
}

export class QuestionDraftsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly generatorFor: (provider: GenerationProvider) => QuestionGenerator = () =>
      offlineQuestions,
    private readonly geminiConfigured: () => boolean = () => false,
  ) {}

  private ctx(actor: StaffActor): ManageContext {
    return { db: this.db, now: this.clock.now(), actor };
  }

  private requirementsOf(jobId: number): Requirement[] {
    const job = found(this.db.select().from(jobs).where(eq(jobs.id, jobId)).get(), 'job');
    return job.requirements?.requirements ?? [];
  }

  /** Proposes drafts for the job and keeps them, as one batch, for staff to decide on. */
  async propose(actor: StaffActor, jobId: number, opts: ProposeOptions): Promise<DraftsList> {
    const job = found(this.db.select().from(jobs).where(eq(jobs.id, jobId)).get(), 'job');
    const requirements = job.requirements?.requirements ?? [];
    if (requirements.length === 0) {
      throw new StationError(
        'PRECONDITION_FAILED',
        `“${job.title}” has no requirements to propose questions for. Add them in Jobs first.`,
      );
    }
    const count = Math.max(1, Math.min(Math.floor(opts.count), MAX_PROPOSED));
    const outcome = await this.generatorFor(opts.provider)({
      job: { title: job.title, description: job.description, domain: job.domain, requirements },
      level: opts.level,
      count,
      bank: liveBank(this.db),
    });
    // A proposer's question enters the drafts only as a valid bank question would; one that
    // is not (a model's malformed rubric, say) is left out rather than stored half-right.
    const drafts = outcome.drafts
      .flatMap((d) => {
        const fields = questionFields.safeParse(d.fields);
        return fields.success ? [{ ...d, fields: fields.data }] : [];
      })
      .slice(0, count);
    const fallbackReason =
      outcome.fallbackReason ??
      (opts.provider === 'gemini' && outcome.provider !== 'gemini' ? GEMINI_UNAVAILABLE : null);
    // A proposer may take a while (Gemini): the job may have gone meanwhile.
    this.requirementsOf(jobId);
    const ctx = this.ctx(actor);
    const batchId = randomUUID();
    this.db.transaction((tx) => {
      for (const d of drafts) {
        tx.insert(questionDrafts)
          .values({
            jobId,
            batchId,
            provider: outcome.provider,
            model: outcome.model ?? null,
            fallbackReason,
            fields: d.fields,
            covers: d.covers,
            sourceQuestionId: d.sourceQuestionId ?? null,
            note: d.note,
            createdBy: actor.actorId,
            createdAt: ctx.now,
          })
          .run();
      }
    });
    // The audit line says who proposed how many, never what the questions say.
    auditChange(
      ctx,
      'questions_proposed',
      { type: 'job', id: jobId },
      {
        jobId,
        batchId,
        level: opts.level,
        requested: opts.provider,
        provider: outcome.provider,
        count: drafts.length,
        ...(fallbackReason ? { fellBack: true } : {}),
      },
    );
    // This run's outcome, even when it stored no drafts (a later list reads it from them).
    const lastOutcome = {
      provider: outcome.provider,
      model: outcome.model ?? null,
      fallbackReason,
    };
    return { ...this.list(jobId), lastOutcome };
  }

  /** The job's pending drafts, their coverage of its requirements, and the last outcome. */
  list(jobId: number): DraftsList {
    const requirements = this.requirementsOf(jobId);
    const drafts = this.db
      .select()
      .from(questionDrafts)
      .where(and(eq(questionDrafts.jobId, jobId), eq(questionDrafts.status, 'draft')))
      .orderBy(asc(questionDrafts.id))
      .all()
      .map(viewOf);
    // Accepted drafts whose bank question still exists: coverage the job already has.
    const accepted = this.db
      .select({
        fields: questionDrafts.fields,
        covers: questionDrafts.covers,
        questionId: questions.id,
      })
      .from(questionDrafts)
      .innerJoin(questions, eq(questions.id, questionDrafts.questionId))
      .where(and(eq(questionDrafts.jobId, jobId), eq(questionDrafts.status, 'accepted')))
      .orderBy(asc(questionDrafts.id))
      .all()
      .flatMap((row) => {
        const fields = questionFields.safeParse(row.fields);
        return fields.success ? [{ ...row, fields: fields.data }] : [];
      });
    const last = this.db
      .select()
      .from(questionDrafts)
      .where(eq(questionDrafts.jobId, jobId))
      .orderBy(desc(questionDrafts.id))
      .limit(1)
      .get();
    return {
      drafts,
      coverage: coverageOf(requirements, drafts, accepted),
      lastOutcome: last
        ? { provider: last.provider, model: last.model, fallbackReason: last.fallbackReason }
        : null,
      geminiConfigured: this.geminiConfigured(),
    };
  }

  /** The job a draft is for, so the router can check the caller may see it. */
  jobOf(draftId: number): { jobId: number } {
    return found(
      this.db
        .select({ jobId: questionDrafts.jobId })
        .from(questionDrafts)
        .where(eq(questionDrafts.id, draftId))
        .get(),
      'draft',
    );
  }

  /** A draft still waiting for a decision; one decided already is refused with CONFLICT. */
  private pending(draftId: number): DraftRow {
    const row = found(
      this.db.select().from(questionDrafts).where(eq(questionDrafts.id, draftId)).get(),
      'draft',
    );
    if (row.status !== 'draft') {
      const done: Record<Exclude<DraftStatus, 'draft'>, string> = {
        accepted: 'This draft was already accepted into the bank.',
        discarded: 'This draft was already discarded.',
      };
      throw new StationError('CONFLICT', `${done[row.status]} Refresh the list.`);
    }
    return row;
  }

  /** Changes a pending draft's question; it stays a draft. */
  update(actor: StaffActor, draftId: number, fields: QuestionFields): void {
    const row = this.pending(draftId);
    const ctx = this.ctx(actor);
    this.db
      .update(questionDrafts)
      .set({ fields: questionFields.parse(fields) })
      .where(eq(questionDrafts.id, draftId))
      .run();
    auditChange(ctx, 'question_draft_updated', { type: 'job', id: row.jobId }, { draftId });
  }

  /**
   * Accepts a draft (as edited, when fields are given) into the bank, marked with who proposed
   * it. A draft that reads exactly as a live bank question (an adapted one left as it was)
   * becomes that question instead of a copy: two alike would split its reviews and make the
   * bank's export refuse to import. The status changes with the bank in one transaction.
   */
  accept(
    actor: StaffActor,
    draftId: number,
    fields?: QuestionFields,
  ): { questionId: number; existing: boolean } {
    const ctx = this.ctx(actor);
    // better-sqlite3 is synchronous, so createQuestion's writes on ctx.db run inside this
    // transaction on the same connection, and a throw rolls both back.
    return this.db.transaction(() => {
      const row = this.pending(draftId);
      const question = questionFields.parse(fields ?? row.fields);
      const same = this.db
        .select({ id: questions.id })
        .from(questions)
        .where(
          and(
            eq(questions.domain, question.domain),
            eq(questions.type, question.type),
            eq(questions.prompt, question.prompt),
            eq(questions.archived, false),
          ),
        )
        .orderBy(asc(questions.id))
        .get();
      const questionId = same?.id ?? createQuestion(ctx, question, row.provider).id;
      this.db
        .update(questionDrafts)
        .set({
          status: 'accepted',
          fields: question,
          questionId,
          decidedBy: actor.actorId,
          decidedAt: ctx.now,
        })
        .where(eq(questionDrafts.id, draftId))
        .run();
      auditChange(
        ctx,
        'question_draft_accepted',
        { type: 'job', id: row.jobId },
        { draftId, questionId, provider: row.provider, ...(same ? { existing: true } : {}) },
      );
      return { questionId, existing: same !== undefined };
    });
  }

  /** Discards a pending draft: it never enters the bank. */
  discard(actor: StaffActor, draftId: number): void {
    const row = this.pending(draftId);
    const ctx = this.ctx(actor);
    this.db
      .update(questionDrafts)
      .set({ status: 'discarded', decidedBy: actor.actorId, decidedAt: ctx.now })
      .where(eq(questionDrafts.id, draftId))
      .run();
    auditChange(
      ctx,
      'question_draft_discarded',
      { type: 'job', id: row.jobId },
      { draftId, provider: row.provider },
    );
  }
}
