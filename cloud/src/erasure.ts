/**
 * A candidate erased on the station is erased here: every item of theirs (their interviews,
 * those interviews' sessions and decisions, the sessions' answers, scores, events, transcripts
 * and signal batches) and their media rows, in the caller's transaction. The files go once the
 * transaction has committed (the caller removes the storage keys returned). The tombstone and
 * the erased ids stay, so a late item or upload cannot bring any of it back.
 */
import { and, eq, inArray, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { erasureItem } from '../../shared/sync-contract';
import { erasedRefs, erasures, items, media } from '../db/schema';
import type { ReceiverDb } from './database';

type Tx = Parameters<Parameters<ReceiverDb['transaction']>[0]>[0];

export type ErasureOutcome = {
  status: 'stored' | 'duplicate';
  storageKeys: string[];
  /** The candidate, interview, session and answer ids now refused. */
  erasedIds: string[];
};

export async function eraseCandidate(
  tx: Tx,
  stationId: string,
  item: z.infer<typeof erasureItem>,
): Promise<ErasureOutcome> {
  const candidateId = item.candidateId;
  const tombstone = await tx
    .insert(erasures)
    .values({
      candidateId,
      itemId: item.id,
      stationId,
      requestedAt: new Date(item.requestedAt),
      erasedAt: new Date(),
    })
    .onConflictDoNothing()
    .returning({ id: erasures.candidateId });
  if (tombstone.length === 0) return { status: 'duplicate', storageKeys: [], erasedIds: [] };

  const own = eq(items.stationId, stationId);
  const interviewIds = await idsOf(
    tx,
    and(own, eq(items.kind, 'interview'), eq(items.candidateId, candidateId)),
  );
  const sessionIds = interviewIds.length
    ? await idsOf(tx, and(own, eq(items.kind, 'session'), inArray(items.interviewId, interviewIds)))
    : [];
  const answerIds = sessionIds.length
    ? await idsOf(tx, and(own, eq(items.kind, 'answer'), inArray(items.sessionId, sessionIds)))
    : [];

  const refs = [candidateId, ...interviewIds, ...sessionIds, ...answerIds];
  await tx
    .insert(erasedRefs)
    .values(refs.map((id) => ({ id, candidateId })))
    .onConflictDoNothing();
  await tx
    .delete(items)
    .where(
      and(
        own,
        or(
          eq(items.id, candidateId),
          eq(items.candidateId, candidateId),
          interviewIds.length ? inArray(items.interviewId, interviewIds) : undefined,
          sessionIds.length ? inArray(items.sessionId, sessionIds) : undefined,
          answerIds.length ? inArray(items.answerId, answerIds) : undefined,
        ),
      ),
    );
  const removed = sessionIds.length
    ? await tx
        .delete(media)
        .where(and(eq(media.stationId, stationId), inArray(media.sessionId, sessionIds)))
        .returning({ storageKey: media.storageKey })
    : [];
  return {
    status: 'stored',
    erasedIds: refs,
    storageKeys: removed.flatMap((m) => (m.storageKey ? [m.storageKey] : [])),
  };
}

async function idsOf(tx: Tx, where: ReturnType<typeof and>): Promise<string[]> {
  const rows = await tx.select({ id: items.id }).from(items).where(where);
  return rows.map((r) => r.id);
}
