/**
 * Station rows → contract items (shared/sync-contract.ts), without their revision (the outbox
 * gives it). Only what the contract allows leaves: a candidate's name and e-mail only when the
 * station is set to send them (`sync.sendIdentity`), else the candidate is their id alone.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import {
  answers,
  candidates,
  evaluations,
  events,
  interviews,
  jobs,
  media,
  questionnaires,
  questions,
  scores,
  sessionSegments,
  sessionSummaries,
  sessions,
  transcriptSegments,
  transcripts,
} from '../../db/schema';
import type { ItemDraft, MediaDraft } from './drafts';
import { signalBatches } from './signal-batches';
import type { StationIds } from './stable-ids';

const MEDIA_KIND = {
  recording: 'recording_segment',
  answer_audio: 'answer_clip',
  answer_video: 'answer_clip',
  thumbnail: 'thumbnail',
} as const;

function clampScore(value: number): number {
  return Math.max(0, Math.min(100, Math.round(value)));
}

export class Serialiser {
  constructor(
    private readonly db: Db,
    private readonly ids: StationIds,
    private readonly sendIdentity: boolean,
  ) {}

  candidate(candidateId: number): ItemDraft | null {
    const row = this.db.select().from(candidates).where(eq(candidates.id, candidateId)).get();
    if (!row) return null;
    return {
      key: `candidate:${row.id}`,
      sessionId: null,
      candidateId: row.id,
      item: {
        kind: 'candidate',
        id: this.ids.of('candidate', row.id),
        fullName: this.sendIdentity ? row.fullName.slice(0, 200) : null,
        email: this.sendIdentity && row.email ? row.email.slice(0, 320) : null,
      },
    };
  }

  interview(interviewId: number): ItemDraft | null {
    const row = this.db
      .select({
        interview: interviews,
        jobTitle: jobs.title,
        questionnaireTitle: questionnaires.title,
      })
      .from(interviews)
      .innerJoin(jobs, eq(jobs.id, interviews.jobId))
      .innerJoin(questionnaires, eq(questionnaires.id, interviews.questionnaireId))
      .where(eq(interviews.id, interviewId))
      .get();
    if (!row) return null;
    const { interview } = row;
    return {
      key: `interview:${interview.id}`,
      sessionId: null,
      candidateId: interview.candidateId,
      item: {
        kind: 'interview',
        id: this.ids.of('interview', interview.id),
        candidateId: this.ids.of('candidate', interview.candidateId),
        jobTitle: row.jobTitle.slice(0, 200),
        questionnaireTitle: row.questionnaireTitle.slice(0, 200),
        status: interview.status,
        applicationStatus: interview.applicationStatus,
        createdAt: interview.createdAt,
      },
    };
  }

  /** Everything of a finished session, in the order the receiver needs it (parents first). */
  session(sessionId: number): { items: ItemDraft[]; media: MediaDraft[] } {
    const session = this.db.select().from(sessions).where(eq(sessions.id, sessionId)).get();
    if (!session) return { items: [], media: [] };
    const interview = this.db
      .select({ candidateId: interviews.candidateId })
      .from(interviews)
      .where(eq(interviews.id, session.interviewId))
      .get();
    const candidateId = interview?.candidateId ?? null;
    const items: ItemDraft[] = [];
    const push = (draft: ItemDraft | null) => {
      if (draft) items.push(draft);
    };
    if (candidateId !== null) push(this.candidate(candidateId));
    push(this.interview(session.interviewId));
    const segments = this.db
      .select()
      .from(sessionSegments)
      .where(eq(sessionSegments.sessionId, sessionId))
      .orderBy(asc(sessionSegments.ordinal))
      .all();
    const summary = this.db
      .select()
      .from(sessionSummaries)
      .where(eq(sessionSummaries.sessionId, sessionId))
      .get();
    const sessionUuid = this.ids.of('session', sessionId);
    items.push({
      key: `session:${sessionId}`,
      sessionId,
      candidateId,
      item: {
        kind: 'session',
        id: sessionUuid,
        interviewId: this.ids.of('interview', session.interviewId),
        status: session.status,
        startedAt: session.startedAt,
        endedAt: session.endedAt ?? null,
        segments: segments.map((s) => ({
          ordinal: s.ordinal,
          startMs: s.startMs,
          endMs: s.endMs ?? null,
        })),
        summary: summary?.summary ?? null,
        integrityFlags: session.integrityFlags.map((flag) => flag.slice(0, 80)),
      },
    });
    const answerRows = this.db
      .select({ answer: answers, type: questions.type, prompt: questions.prompt })
      .from(answers)
      .innerJoin(questions, eq(questions.id, answers.questionId))
      .where(eq(answers.sessionId, sessionId))
      .orderBy(asc(answers.position))
      .all();
    for (const { answer, type, prompt } of answerRows) {
      items.push({
        key: `answer:${answer.id}`,
        sessionId,
        candidateId,
        item: {
          kind: 'answer',
          id: this.ids.of('answer', answer.id),
          sessionId: sessionUuid,
          position: answer.position,
          questionType: type,
          prompt: prompt.slice(0, 4000),
          status: answer.status,
          text: answer.text?.slice(0, 200_000) ?? null,
          choice: answer.choice ?? null,
          mediaId: answer.mediaId === null ? null : this.ids.of('media', answer.mediaId),
          startedMs: answer.startedMs ?? null,
          endedMs: answer.endedMs ?? null,
        },
      });
      const scoreRows = this.db
        .select({ id: scores.id })
        .from(scores)
        .where(eq(scores.answerId, answer.id))
        .orderBy(asc(scores.id))
        .all();
      for (const score of scoreRows) push(this.score(score.id));
    }
    const eventRows = this.db
      .select()
      .from(events)
      .where(eq(events.sessionId, sessionId))
      .orderBy(asc(events.startMs), asc(events.id))
      .all();
    for (const event of eventRows) {
      items.push({
        key: `event:${event.id}`,
        sessionId,
        candidateId,
        item: {
          kind: 'event',
          id: this.ids.of('event', event.id),
          sessionId: sessionUuid,
          type: event.type,
          severity: event.severity,
          startMs: event.startMs,
          endMs: event.endMs ?? null,
          thumbnailMediaId:
            event.thumbnailMediaId === null ? null : this.ids.of('media', event.thumbnailMediaId),
          details: event.details ?? null,
        },
      });
    }
    items.push(...signalBatches(this.db, this.ids, { sessionId, sessionUuid, candidateId }));
    const transcriptRows = this.db
      .select({ id: transcripts.id })
      .from(transcripts)
      .where(eq(transcripts.sessionId, sessionId))
      .all();
    for (const t of transcriptRows) push(this.transcript(t.id));
    const mediaRows = this.db.select().from(media).where(eq(media.sessionId, sessionId)).all();
    return {
      items,
      media: mediaRows.map((m) => ({
        localMediaId: m.id,
        mediaId: this.ids.of('media', m.id),
        sessionId,
        sessionUuid,
        candidateId,
        kind: MEDIA_KIND[m.kind],
        contentType: m.mimeType.slice(0, 100),
        relativePath: m.relativePath,
      })),
    };
  }

  score(scoreId: number): ItemDraft | null {
    const row = this.db
      .select({ score: scores, sessionId: answers.sessionId, candidateId: interviews.candidateId })
      .from(scores)
      .innerJoin(answers, eq(answers.id, scores.answerId))
      .innerJoin(sessions, eq(sessions.id, answers.sessionId))
      .innerJoin(interviews, eq(interviews.id, sessions.interviewId))
      .where(eq(scores.id, scoreId))
      .get();
    if (!row) return null;
    const { score } = row;
    return {
      key: `score:${score.id}`,
      sessionId: row.sessionId,
      candidateId: row.candidateId,
      item: {
        kind: 'score',
        id: this.ids.of('score', score.id),
        answerId: this.ids.of('answer', score.answerId),
        scorerKind: score.scorerKind,
        score: clampScore(score.score),
        rationale: score.rationale?.slice(0, 8000) ?? null,
        model: score.model?.slice(0, 120) ?? null,
        criteria: score.criteria
          ? score.criteria.slice(0, 20).map((c) => ({ ...c }) as Record<string, unknown>)
          : null,
        createdAt: score.createdAt,
      },
    };
  }

  decision(evaluationId: number): ItemDraft | null {
    const row = this.db
      .select({ evaluation: evaluations, candidateId: interviews.candidateId })
      .from(evaluations)
      .innerJoin(interviews, eq(interviews.id, evaluations.interviewId))
      .where(eq(evaluations.id, evaluationId))
      .get();
    if (!row) return null;
    const { evaluation } = row;
    return {
      key: `decision:${evaluation.id}`,
      sessionId: this.sessionOfInterview(evaluation.interviewId),
      candidateId: row.candidateId,
      item: {
        kind: 'decision',
        id: this.ids.of('decision', evaluation.id),
        interviewId: this.ids.of('interview', evaluation.interviewId),
        decision: evaluation.decision,
        overallScore: evaluation.overallScore === null ? null : clampScore(evaluation.overallScore),
        notes: evaluation.notes?.slice(0, 8000) ?? null,
        createdAt: evaluation.createdAt,
      },
    };
  }

  transcript(transcriptId: number): ItemDraft | null {
    const row = this.db
      .select({ transcript: transcripts, candidateId: interviews.candidateId })
      .from(transcripts)
      .innerJoin(sessions, eq(sessions.id, transcripts.sessionId))
      .innerJoin(interviews, eq(interviews.id, sessions.interviewId))
      .where(eq(transcripts.id, transcriptId))
      .get();
    if (!row) return null;
    const { transcript } = row;
    const segments = this.db
      .select()
      .from(transcriptSegments)
      .where(eq(transcriptSegments.transcriptId, transcriptId))
      .orderBy(asc(transcriptSegments.startMs))
      .all();
    return {
      // Keyed by what it transcribes: a transcript made again replaces the last one.
      key: `transcript:${transcript.sessionId}:${transcript.answerId ?? 'session'}`,
      sessionId: transcript.sessionId,
      candidateId: row.candidateId,
      item: {
        kind: 'transcript',
        id: this.ids.of(
          'transcript',
          `${transcript.sessionId}:${transcript.answerId ?? 'session'}`,
        ),
        sessionId: this.ids.of('session', transcript.sessionId),
        answerId: transcript.answerId === null ? null : this.ids.of('answer', transcript.answerId),
        model: transcript.model.slice(0, 120),
        language: transcript.language?.slice(0, 20) ?? null,
        segments: segments.map((s) => ({
          startMs: s.startMs,
          endMs: s.endMs,
          text: s.text.slice(0, 20_000),
          words: s.words ?? null,
        })),
      },
    };
  }

  erasure(candidateId: number, requestedAt: number): ItemDraft {
    return {
      key: `erasure:${candidateId}`,
      sessionId: null,
      candidateId,
      item: {
        kind: 'erasure',
        id: this.ids.of('erasure', candidateId),
        candidateId: this.ids.of('candidate', candidateId),
        requestedAt,
      },
    };
  }

  private sessionOfInterview(interviewId: number): number | null {
    return (
      this.db
        .select({ id: sessions.id })
        .from(sessions)
        .where(eq(sessions.interviewId, interviewId))
        .get()?.id ?? null
    );
  }
}
