/**
 * What the receiver's tests share: a receiver on a port, enrolled stations, contract-shaped
 * items, and a small tus 1.0.0 client on fetch (so a test can change the bytes of one PATCH or
 * stop half-way, which a full client would not let it do).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SyncItem, UploadMetadata } from '../../shared/sync-contract';
import {
  UPLOADS_PATH,
  batchResponse,
  enrolmentResponse,
  errorResponse,
  mediaReceipt,
  sessionReceipt,
} from '../../shared/sync-contract';
import { buildReceiver, type ReceiverOptions } from '../src/receiver';
import { scratchFolder } from './fresh-database';
import { issueEnrolmentCode } from '../src/stations';

export type Running = { app: FastifyInstance; url: string; storageDir: string };

export async function startReceiver(opts: Partial<ReceiverOptions> = {}): Promise<Running> {
  const storageDir = opts.storageDir ?? scratchFolder('store-');
  const app = await buildReceiver({ ...opts, storageDir });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url, storageDir };
}

export type Station = { stationId: string; credential: string; auth: Record<string, string> };

export async function enrol(r: Running, name = 'Station'): Promise<Station> {
  const { code } = await issueEnrolmentCode(r.app.receiver.database.db);
  const stationId = randomUUID();
  const res = await fetch(`${r.url}/v1/enrol`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, stationName: name, stationId }),
  });
  if (res.status !== 201) throw new Error(`enrolment failed: ${res.status}`);
  // Every answer is checked against the contract's own schema, not only the fields a test reads.
  const { credential } = enrolmentResponse.parse(await res.json());
  return { stationId, credential, auth: { authorization: `Bearer ${credential}` } };
}

export async function postBatch(r: Running, s: Station, items: unknown[]) {
  const res = await fetch(`${r.url}/v1/batches`, {
    method: 'POST',
    headers: { ...s.auth, 'content-type': 'application/json' },
    body: JSON.stringify({ items }),
  });
  const json: unknown = await res.json();
  if (res.status !== 200) {
    errorResponse.parse(json);
    return { status: res.status, body: { results: [] } };
  }
  return { status: res.status, body: batchResponse.parse(json) };
}

/** One candidate's interview with a session, an answer with a clip, a score and an event. */
export function sessionItems() {
  const candidateId = randomUUID();
  const interviewId = randomUUID();
  const sessionId = randomUUID();
  const answerId = randomUUID();
  const mediaId = randomUUID();
  const items: SyncItem[] = [
    {
      id: candidateId,
      revision: 1,
      kind: 'candidate',
      fullName: 'Ada Example',
      email: 'ada@example.org',
    },
    {
      id: interviewId,
      revision: 1,
      kind: 'interview',
      candidateId,
      jobTitle: 'Engineer',
      questionnaireTitle: 'Basics',
      status: 'completed',
      applicationStatus: 'interviewed',
      createdAt: 1_700_000_000_000,
    },
    {
      id: sessionId,
      revision: 1,
      kind: 'session',
      interviewId,
      status: 'completed',
      startedAt: 1_700_000_100_000,
      endedAt: 1_700_000_900_000,
      segments: [{ ordinal: 0, startMs: 0, endMs: 800_000 }],
      summary: { events: 1 },
      integrityFlags: [],
    },
    {
      id: answerId,
      revision: 1,
      kind: 'answer',
      sessionId,
      position: 0,
      questionType: 'text',
      prompt: 'Describe a project.',
      status: 'answered',
      text: 'I built a bridge.',
      choice: null,
      mediaId,
      startedMs: 1000,
      endedMs: 60_000,
    },
    {
      id: randomUUID(),
      revision: 1,
      kind: 'score',
      answerId,
      scorerKind: 'recruiter',
      score: 80,
      rationale: null,
      model: null,
      criteria: null,
      createdAt: 1_700_001_000_000,
    },
    {
      id: randomUUID(),
      revision: 1,
      kind: 'event',
      sessionId,
      type: 'face_missing',
      severity: 'warning',
      startMs: 5000,
      endMs: 7000,
      thumbnailMediaId: null,
      details: null,
    },
  ];
  return { candidateId, interviewId, sessionId, answerId, mediaId, items };
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function metadataHeader(meta: UploadMetadata): string {
  return Object.entries(meta)
    .map(([k, v]) => `${k} ${Buffer.from(String(v)).toString('base64')}`)
    .join(',');
}

const TUS = { 'tus-resumable': '1.0.0' };

/** Creates an upload; returns its absolute URL. */
export async function createUpload(
  base: string,
  s: Station,
  meta: UploadMetadata,
  length: number,
): Promise<string> {
  const res = await fetch(`${base}${UPLOADS_PATH}`, {
    method: 'POST',
    headers: {
      ...TUS,
      ...s.auth,
      'upload-length': String(length),
      'upload-metadata': metadataHeader(meta),
    },
  });
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
  return new URL(res.headers.get('location') ?? '', `${base}${UPLOADS_PATH}/`).pathname;
}

export async function patchUpload(
  base: string,
  s: Station,
  loc: string,
  offset: number,
  bytes: Uint8Array,
) {
  return fetch(`${base}${loc}`, {
    method: 'PATCH',
    headers: {
      ...TUS,
      ...s.auth,
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
    },
    // A copy: fetch's BodyInit wants an ArrayBuffer-backed view, not any Uint8Array.
    body: new Uint8Array(bytes),
  });
}

export async function headOffset(base: string, s: Station, loc: string): Promise<number> {
  const res = await fetch(`${base}${loc}`, { method: 'HEAD', headers: { ...TUS, ...s.auth } });
  if (res.status !== 200) throw new Error(`HEAD failed: ${res.status}`);
  return Number(res.headers.get('upload-offset'));
}

/** Uploads a whole file in chunks; returns the last PATCH's status. */
export async function uploadAll(
  base: string,
  s: Station,
  loc: string,
  bytes: Uint8Array,
  chunk = 64 * 1024,
) {
  let status = 0;
  for (let offset = 0; offset < bytes.length; offset += chunk) {
    const res = await patchUpload(base, s, loc, offset, bytes.subarray(offset, offset + chunk));
    status = res.status;
    if (status !== 204) return status;
  }
  return status;
}

/** GET a receipt; the answer must match the contract's media or session receipt. */
export async function getJson<T>(base: string, s: Station, route: string): Promise<T> {
  const res = await fetch(`${base}${route}`, { headers: s.auth });
  const json: unknown = await res.json();
  const schema = route.endsWith('/receipt') ? sessionReceipt : mediaReceipt;
  return (res.ok ? schema.parse(json) : errorResponse.parse(json)) as T;
}
