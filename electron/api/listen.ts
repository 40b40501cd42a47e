/**
 * Turns a listener API into an async iterable for a tRPC subscription. The unsubscribe
 * function runs when the client stops (abort signal) or the generator is returned, so a
 * subscription never leaves a listener behind.
 */
export async function* listen<T>(
  subscribe: (push: (value: T) => void) => () => void,
  signal: AbortSignal | undefined,
): AsyncGenerator<T> {
  const queue: T[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = subscribe((value) => {
    queue.push(value);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener('abort', onAbort);
  try {
    while (!signal?.aborted) {
      const next = queue.shift();
      if (next !== undefined) {
        yield next;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    unsubscribe();
  }
}
