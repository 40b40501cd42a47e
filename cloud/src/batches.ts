/**
 * Stores a batch of items: each validated with the contract, then one idempotent upsert per
 * item (`ON CONFLICT (id) DO UPDATE … WHERE items.revision < excluded.revision`), so a batch
 * sent twice, replayed after a crash or raced by a retry changes nothing the second time.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { syncItem, type SyncItem } from '../../shared/sync-contract';
import { erasedRefs, items } from '../db/schema';
import type { ReceiverDb } from './database';
import { eraseCandidate } from './erasure';

export type ItemResult = {
  id: string;
  status: 'stored' | 'duplicate' | 'rejected';
  reason?: string;
};
type Tx = Parameters<Parameters<ReceiverDb['transaction']>[0]>[0];
type Refs = {
  candidateId: string | null;
  interviewId: string | null;
  sessionId: string | null;
  answerId: string | null;
};

export type BatchOutcome = { results: ItemResult[]; removedStorageKeys: string[] };

/** What one batch knows while it runs: erased ids, and the refs of rows it already stored. */
type BatchState = { erased: Set<string>; refsById: Map<string, Refs> };

/**
 * The whole batch is one transaction: an erasure in it and the items around it agree. Erased
 * ids are looked up once per batch, and a parent sent earlier in the same batch (a session's
 * interview, an answer's session) is resolved from memory rather than read back.
 */
export async function storeBatch(
  db: ReceiverDb,
  stationId: string,
  raw: { id: string }[],
): Promise<BatchOutcome> {
  const removedStorageKeys: string[] = [];
  const results = await db.transaction(async (tx) => {
    const out: ItemResult[] = [];
    const state: BatchState = { erased: await erasedAmong(tx, raw), refsById: new Map() };
    for (const candidate of raw) {
      const parsed = syncItem.safeParse(candidate);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        // The path and zod's message name the field, never its value (no personal data).
        const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
        out.push({
          id: candidate.id,
          status: 'rejected',
          reason: `Invalid input — ${issue?.message ?? 'not a sync item'}${where}.`.slice(0, 300),
        });
        continue;
      }
      const item = parsed.data;
      if (item.kind === 'erasure') {
        const outcome = await eraseCandidate(tx, stationId, item);
        removedStorageKeys.push(...outcome.storageKeys);
        for (const id of outcome.erasedIds) state.erased.add(id);
        state.refsById.clear();
        out.push({ id: item.id, status: outcome.status });
        continue;
      }
      out.push(await upsertItem(tx, stationId, item, state));
    }
    return out;
  });
  return { results, removedStorageKeys };
}

/** Every id a batch names (its items' own and their references) that an erasure removed. */
async function erasedAmong(tx: Tx, raw: { id: string }[]): Promise<Set<string>> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const named = new Set<string>();
  for (const item of raw as Record<string, unknown>[]) {
    for (const key of ['id', 'candidateId', 'interviewId', 'sessionId', 'answerId']) {
      const value = item[key];
      if (typeof value === 'string' && uuid.test(value)) named.add(value);
    }
  }
  const rows = await tx
    .select({ id: erasedRefs.id })
    .from(erasedRefs)
    .where(inArray(erasedRefs.id, [...named]));
  return new Set(rows.map((r) => r.id));
}

async function upsertItem(
  tx: Tx,
  stationId: string,
  item: Exclude<SyncItem, { kind: 'erasure' }>,
  state: BatchState,
): Promise<ItemResult> {
  const refs = await resolveRefs(tx, stationId, item, state.refsById);
  const named = [item.id, refs.candidateId, refs.interviewId, refs.sessionId, refs.answerId];
  if (named.some((id) => id !== null && state.erased.has(id))) {
    return { id: item.id, status: 'rejected', reason: 'Its candidate was erased.' };
  }
  const now = new Date();
  const stored = await tx
    .insert(items)
    .values({
      id: item.id,
      stationId,
      kind: item.kind,
      revision: item.revision,
      ...refs,
      body: item,
      receivedAt: now,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: items.id,
      set: {
        kind: sql`excluded.kind`,
        revision: sql`excluded.revision`,
        candidateId: sql`excluded.candidate_id`,
        interviewId: sql`excluded.interview_id`,
        sessionId: sql`excluded.session_id`,
        answerId: sql`excluded.answer_id`,
        body: sql`excluded.body`,
        updatedAt: now,
      },
      // Only a newer revision from the same station replaces a row; anything else is left.
      setWhere: sql`"items"."revision" < excluded.revision and "items"."station_id" = excluded.station_id`,
    })
    .returning({ id: items.id });
  state.refsById.set(item.id, refs);
  if (stored.length > 0) return { id: item.id, status: 'stored' };
  const held = await tx
    .select({ stationId: items.stationId })
    .from(items)
    .where(eq(items.id, item.id));
  if (held[0] && held[0].stationId !== stationId) {
    return { id: item.id, status: 'rejected', reason: 'This id belongs to another station.' };
  }
  return { id: item.id, status: 'duplicate' };
}

/**
 * The item's own references, completed from a parent this station already sent (a score knows
 * its answer; the answer's row knows the session, interview and candidate).
 */
async function resolveRefs(
  tx: Tx,
  stationId: string,
  item: Exclude<SyncItem, { kind: 'erasure' }>,
  known: Map<string, Refs>,
): Promise<Refs> {
  const refs: Refs = { candidateId: null, interviewId: null, sessionId: null, answerId: null };
  let parent: string | null = null;
  switch (item.kind) {
    case 'candidate':
      refs.candidateId = item.id;
      return refs;
    case 'interview':
      return { ...refs, candidateId: item.candidateId, interviewId: item.id };
    case 'session':
      refs.interviewId = item.interviewId;
      refs.sessionId = item.id;
      parent = item.interviewId;
      break;
    case 'decision':
      refs.interviewId = item.interviewId;
      parent = item.interviewId;
      break;
    case 'answer':
      refs.sessionId = item.sessionId;
      refs.answerId = item.id;
      parent = item.sessionId;
      break;
    case 'score':
      refs.answerId = item.answerId;
      parent = item.answerId;
      break;
    case 'transcript':
      refs.sessionId = item.sessionId;
      refs.answerId = item.answerId;
      parent = item.sessionId;
      break;
    case 'event':
    case 'signal_batch':
      refs.sessionId = item.sessionId;
      parent = item.sessionId;
      break;
  }
  const above = known.get(parent) ?? (await readRefs(tx, stationId, parent));
  return {
    candidateId: above?.candidateId ?? null,
    interviewId: refs.interviewId ?? above?.interviewId ?? null,
    sessionId: refs.sessionId ?? above?.sessionId ?? null,
    answerId: refs.answerId,
  };
}

async function readRefs(tx: Tx, stationId: string, id: string): Promise<Refs | undefined> {
  const rows = await tx
    .select({
      candidateId: items.candidateId,
      interviewId: items.interviewId,
      sessionId: items.sessionId,
      answerId: items.answerId,
    })
    .from(items)
    .where(and(eq(items.id, id), eq(items.stationId, stationId)));
  return rows[0];
}
