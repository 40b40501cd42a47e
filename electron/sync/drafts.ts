/** What the serialisers (serialise.ts, signal-batches.ts) hand the outbox. */
import type { SyncItem } from '../../shared/sync-contract';

export type Unrevised<T> = T extends SyncItem ? Omit<T, 'revision'> : never;

/** One item to write, keyed by its local row, with the local session and candidate it is of. */
export interface ItemDraft {
  key: string;
  item: Unrevised<SyncItem>;
  sessionId: number | null;
  candidateId: number | null;
}

export interface MediaDraft {
  localMediaId: number;
  mediaId: string;
  sessionId: number;
  sessionUuid: string;
  candidateId: number | null;
  kind: 'recording_segment' | 'answer_clip' | 'thumbnail';
  contentType: string;
  relativePath: string;
}
