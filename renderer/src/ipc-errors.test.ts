import { createTRPCClient, TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { describe, expect, it } from 'vitest';
import type { AppRouter } from '../../electron/api/router';
import { normaliseIpcErrors } from './ipc-errors';

const shape = {
  code: -32001,
  message: 'Your check-in has ended. Please enter your interview code again.',
  data: { code: 'UNAUTHORIZED', httpStatus: 401 },
};

/** Fails every call the way electron-trpc-experimental does: the shape hidden on `cause`. */
const doublyWrapped: TRPCLink<AppRouter> = () => () =>
  observable((observer) => {
    const inner = Object.assign(new Error(shape.message), { shape, data: shape.data });
    observer.error(new TRPCClientError(shape.message, { cause: inner }));
  });

describe('normaliseIpcErrors', () => {
  it('puts the error code where the screens read it, as over the WebSocket', async () => {
    const client = createTRPCClient<AppRouter>({ links: [normaliseIpcErrors, doublyWrapped] });
    const error = await client.station.info.query().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCClientError);
    const failure = error as TRPCClientError<AppRouter>;
    expect(failure.data?.code).toBe('UNAUTHORIZED');
    expect(failure.message).toBe(shape.message);
  });

  it('leaves errors that already carry their data alone', async () => {
    const plain: TRPCLink<AppRouter> = () => () =>
      observable((observer) => observer.error(TRPCClientError.from({ error: shape as never })));
    const client = createTRPCClient<AppRouter>({ links: [normaliseIpcErrors, plain] });
    const error = (await client.station.info
      .query()
      .catch((e: unknown) => e)) as TRPCClientError<AppRouter>;
    expect(error.data?.code).toBe('UNAUTHORIZED');
  });
});
