import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import type { AppRouter } from '../../electron/api/router';

interface WrappedError {
  data?: unknown;
  cause?: { shape?: unknown };
}

/**
 * electron-trpc-experimental bundles its own @trpc/client, so an error arriving over IPC is
 * wrapped twice and `error.data` (the code screens read) sits on `error.cause`. This link
 * rebuilds such errors as our own TRPCClientError, so IPC and WebSocket errors look alike.
 */
export const normaliseIpcErrors: TRPCLink<AppRouter> =
  () =>
  ({ next, op }) =>
    observable((observer) => {
      const subscription = next(op).subscribe({
        next: (value) => observer.next(value),
        complete: () => observer.complete(),
        error: (error) => {
          const wrapped = error as WrappedError;
          const shape = wrapped.data === undefined ? wrapped.cause?.shape : undefined;
          observer.error(
            shape && typeof shape === 'object' && 'code' in shape && 'message' in shape
              ? TRPCClientError.from<AppRouter>({ error: shape as never })
              : error,
          );
        },
      });
      return () => subscription.unsubscribe();
    });
