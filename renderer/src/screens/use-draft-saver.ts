import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../errors';
import { useTRPCClient } from '../trpc';

export type Draft = { text: string } | { choice: number };
export type SaveStatus =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved'; at: number }
  | { state: 'failed'; message: string };

// Typing is saved at most this long after the last keystroke (the promise is ≤ 2 s).
const SAVE_DELAY_MS = 700;

/**
 * Autosaves an answer: batches keystrokes for a moment, saves at once on flush (blur,
 * submit, time running out), and never sends two saves for the same question at once.
 */
export function useDraftSaver(token: string, position: number) {
  const client = useTRPCClient();
  const [status, setStatus] = useState<SaveStatus>({ state: 'idle' });
  const pending = useRef<Draft | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<Promise<void> | null>(null);

  const flush = useCallback(async (): Promise<void> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    await inFlight.current;
    const draft = pending.current;
    if (!draft) return;
    pending.current = null;
    setStatus({ state: 'saving' });
    const save = client.candidate.saveDraft
      .mutate({ token, position, ...draft })
      .then((result) => setStatus({ state: 'saved', at: result.savedAt }))
      .catch((error: unknown) => setStatus({ state: 'failed', message: messageOf(error) }));
    inFlight.current = save;
    await save;
    inFlight.current = null;
  }, [client, token, position]);

  const queue = useCallback(
    (draft: Draft, immediately = false) => {
      pending.current = draft;
      if (immediately) {
        void flush();
        return;
      }
      if (!timer.current) timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS);
    },
    [flush],
  );

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  return { queue, flush, status };
}
