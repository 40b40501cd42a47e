/**
 * A session's signal frames as contract items: JSON lines, gzip-compressed, in base64, one
 * batch per minute of the session clock (a batch stays well under the contract's size limit).
 */
import { gzipSync } from 'node:zlib';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { signalFrames } from '../../db/schema';
import type { ItemDraft } from './drafts';
import type { StationIds } from './stable-ids';

/** Signal frames go in batches of this span of the session clock. */
export const SIGNAL_SPAN_MS = 60_000;

export function signalBatches(
  db: Db,
  ids: StationIds,
  of: { sessionId: number; sessionUuid: string; candidateId: number | null },
): ItemDraft[] {
  const { sessionId, sessionUuid, candidateId } = of;
  const frames = db
    .select()
    .from(signalFrames)
    .where(eq(signalFrames.sessionId, sessionId))
    .orderBy(asc(signalFrames.tMs))
    .all();
  const spans = new Map<number, (typeof frames)[number][]>();
  for (const frame of frames) {
    const span = Math.floor(frame.tMs / SIGNAL_SPAN_MS);
    const list = spans.get(span) ?? [];
    list.push(frame);
    spans.set(span, list);
  }
  return [...spans.entries()].map(([span, list]) => {
    const lines = list.map(({ sessionId: _omit, ...frame }) => JSON.stringify(frame)).join('\n');
    const fromMs = span * SIGNAL_SPAN_MS;
    return {
      key: `signal_batch:${sessionId}:${span}`,
      sessionId,
      candidateId,
      item: {
        kind: 'signal_batch' as const,
        id: ids.of('signal_batch', `${sessionId}:${span}`),
        sessionId: sessionUuid,
        fromMs,
        toMs: fromMs + SIGNAL_SPAN_MS,
        frameCount: list.length,
        encoding: 'jsonl+gzip+base64' as const,
        data: gzipSync(`${lines}\n`).toString('base64'),
      },
    };
  });
}
