/**
 * What a station sends to the organisation's cloud receiver: one contract for the station's
 * sync worker and the reference receiver (cloud/), and the source of the OpenAPI document
 * (cloud/openapi.json is generated from these schemas and checked against them).
 *
 * Every resource carries an id made on the station (a UUID derived from the station's id and
 * the row's own, so a row sent again has the same id): the receiver stores each id once, and a
 * retry, a duplicate batch or a replay after a crash changes nothing. A newer `revision` of
 * the same id replaces an older one (a decision changed, a score added); an older or equal one
 * is a duplicate. Media go as resumable tus uploads, each with the SHA-256 of the whole file.
 */
import { z } from 'zod';

export const SYNC_API_VERSION = 'v1';
export const MAX_BATCH_ITEMS = 200;
/** The tus endpoint's path; uploads live under it. */
export const UPLOADS_PATH = `/${SYNC_API_VERSION}/uploads`;

const uuid = z.uuid();
const ms = z.number().int().min(0);
const epochMs = z.number().int().min(0);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex');
const json = z.record(z.string(), z.unknown());

// --- Enrolment ---------------------------------------------------------------------------

/** A one-time code an admin of the receiver issues; the station trades it for a credential. */
export const enrolmentRequest = z.strictObject({
  code: z.string().trim().min(8).max(64),
  stationName: z.string().trim().min(1).max(80),
  /** The station's own id (a UUID it made once); enrolling again with it re-keys the station. */
  stationId: uuid,
});
export const enrolmentResponse = z.strictObject({
  stationId: uuid,
  /** Bearer credential for every later request; shown once, stored encrypted by the station. */
  credential: z.string().min(32).max(256),
});

// --- Resources ---------------------------------------------------------------------------

const base = {
  id: uuid,
  /** Bumped by the station when the resource changes; the receiver keeps the highest. */
  revision: z.number().int().min(1),
};

export const interviewItem = z.strictObject({
  ...base,
  kind: z.literal('interview'),
  candidateId: uuid,
  jobTitle: z.string().max(200),
  questionnaireTitle: z.string().max(200),
  status: z.string().max(40),
  applicationStatus: z.string().max(40),
  createdAt: epochMs,
});

/**
 * A candidate as the privacy settings allow: with name and e-mail only when the station is
 * set to send them, else pseudonymous (the id alone).
 */
export const candidateItem = z.strictObject({
  ...base,
  kind: z.literal('candidate'),
  fullName: z.string().max(200).nullable(),
  email: z.string().max(320).nullable(),
});

export const sessionItem = z.strictObject({
  ...base,
  kind: z.literal('session'),
  interviewId: uuid,
  status: z.string().max(40),
  startedAt: epochMs,
  endedAt: epochMs.nullable(),
  segments: z
    .array(z.strictObject({ ordinal: z.number().int().min(0), startMs: ms, endMs: ms.nullable() }))
    .max(1000),
  /** The session summary (signal aggregates, event counts), as the station computed it. */
  summary: json.nullable(),
  integrityFlags: z.array(z.string().max(80)).max(100),
});

export const answerItem = z.strictObject({
  ...base,
  kind: z.literal('answer'),
  sessionId: uuid,
  position: z.number().int().min(0),
  questionType: z.enum(['mcq', 'text', 'audio', 'video']),
  prompt: z.string().max(4000),
  status: z.string().max(40),
  text: z.string().max(200_000).nullable(),
  choice: z.number().int().nullable(),
  /** The answer's clip or take, when it has one (sent as a media upload). */
  mediaId: uuid.nullable(),
  startedMs: ms.nullable(),
  endedMs: ms.nullable(),
});

/** A score on an answer: a recruiter's, an MCQ's, or a scorer's suggestion with its criteria. */
export const scoreItem = z.strictObject({
  ...base,
  kind: z.literal('score'),
  answerId: uuid,
  scorerKind: z.string().max(40),
  score: z.number().int().min(0).max(100),
  rationale: z.string().max(8000).nullable(),
  model: z.string().max(120).nullable(),
  criteria: z.array(json).max(20).nullable(),
  createdAt: epochMs,
});

/** A recruiter's decision on an interview (evaluations). */
export const decisionItem = z.strictObject({
  ...base,
  kind: z.literal('decision'),
  interviewId: uuid,
  decision: z.string().max(40),
  overallScore: z.number().int().min(0).max(100).nullable(),
  notes: z.string().max(8000).nullable(),
  createdAt: epochMs,
});

export const eventItem = z.strictObject({
  ...base,
  kind: z.literal('event'),
  sessionId: uuid,
  type: z.string().max(60),
  severity: z.string().max(20),
  startMs: ms,
  endMs: ms.nullable(),
  thumbnailMediaId: uuid.nullable(),
  details: json.nullable(),
});

export const transcriptItem = z.strictObject({
  ...base,
  kind: z.literal('transcript'),
  sessionId: uuid,
  answerId: uuid.nullable(),
  model: z.string().max(120),
  language: z.string().max(20).nullable(),
  segments: z
    .array(
      z.strictObject({
        startMs: ms,
        endMs: ms,
        text: z.string().max(20_000),
        words: z
          .array(z.strictObject({ word: z.string().max(200), startMs: ms, endMs: ms }))
          .max(5000)
          .nullable(),
      }),
    )
    .max(5000),
});

/** Signal frames of one span of a session: JSON lines, gzip-compressed, in base64. */
export const signalBatchItem = z.strictObject({
  ...base,
  kind: z.literal('signal_batch'),
  sessionId: uuid,
  fromMs: ms,
  toMs: ms,
  frameCount: z.number().int().min(0).max(100_000),
  encoding: z.literal('jsonl+gzip+base64'),
  data: z.string().max(8_000_000),
});

/** A candidate erased on the station: the receiver erases them and everything of theirs. */
export const erasureItem = z.strictObject({
  ...base,
  kind: z.literal('erasure'),
  candidateId: uuid,
  requestedAt: epochMs,
});

export const syncItem = z.discriminatedUnion('kind', [
  interviewItem,
  candidateItem,
  sessionItem,
  answerItem,
  scoreItem,
  decisionItem,
  eventItem,
  transcriptItem,
  signalBatchItem,
  erasureItem,
]);
export type SyncItem = z.infer<typeof syncItem>;
export type SyncItemKind = SyncItem['kind'];

export const batchRequest = z.strictObject({
  items: z.array(syncItem).min(1).max(MAX_BATCH_ITEMS),
});

export const itemResult = z.strictObject({
  id: uuid,
  /** stored: new or a newer revision; duplicate: already held at this revision or newer. */
  status: z.enum(['stored', 'duplicate', 'rejected']),
  reason: z.string().max(300).optional(),
});
export const batchResponse = z.strictObject({ results: z.array(itemResult) });

// --- Media (tus) -------------------------------------------------------------------------

export const MEDIA_KINDS = ['recording_segment', 'answer_clip', 'thumbnail'] as const;

/** What each tus upload declares in its Upload-Metadata (values base64 as tus requires). */
export const uploadMetadata = z.strictObject({
  mediaId: uuid,
  sessionId: uuid,
  kind: z.enum(MEDIA_KINDS),
  contentType: z.string().max(100),
  sha256,
});
export type UploadMetadata = z.infer<typeof uploadMetadata>;

/** The receiver's word on one media file: the station may purge its copy once complete. */
export const mediaReceipt = z.strictObject({
  mediaId: uuid,
  state: z.enum(['complete', 'partial', 'absent']),
  byteSize: z.number().int().min(0).nullable(),
  sha256: sha256.nullable(),
});

/** The receiver's word on one session: every item and media file it holds for it. */
export const sessionReceipt = z.strictObject({
  sessionId: uuid,
  items: z.array(z.strictObject({ id: uuid, kind: z.string(), revision: z.number().int() })),
  media: z.array(mediaReceipt),
});

/** Every error the receiver answers with: a plain sentence, never a stack or a query. */
export const errorResponse = z.strictObject({ error: z.string().max(500) });
