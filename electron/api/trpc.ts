import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { StationError } from '../core/errors';
import { MAX_INPUT_DEPTH, nestsDeeperThan } from './input-depth';
import type { Services } from './services';

/** Who is on the other end of a call, as the transport saw it. */
export type Caller =
  | { transport: 'ipc'; webContentsId: number; frameUrl: string }
  | { transport: 'ws'; secretOk: boolean; connectionId: string }
  | { transport: 'internal' };

/**
 * The attempt source of a caller, for limits that count per page (wrong check-in codes): the
 * transport's own name for the page or connection, never anything the page sends. An
 * Electron window keeps its webContents id across restarts of the station (ids count from 1
 * in each run), so its pause survives one; a WebSocket is a new source when it reconnects,
 * which the station-wide ceiling allows for.
 */
export function attemptSource(caller: Caller): string {
  switch (caller.transport) {
    case 'ipc':
      return `ipc:${caller.webContentsId}`;
    case 'ws':
      return `ws:${caller.connectionId}`;
    case 'internal':
      return 'internal';
  }
}

/** Decides whether a caller is our own renderer. Each transport host supplies one. */
export interface CallerTrust {
  isTrusted(caller: Caller): boolean;
}

export interface Context {
  caller: Caller;
  trust: CallerTrust;
  services: Services;
  /** Ends the station process (the admin PIN has been checked before this is called). */
  requestExit: () => void;
}

/** What a procedure says about itself; read from the router by tests. */
export interface ProcedureMeta {
  /** Staff-only: needs a recruiter or admin sign-in (set by recruiterProcedure). */
  staff?: boolean;
}

const builder = initTRPC.context<Context>().meta<ProcedureMeta>();
const t = builder.create({
  errorFormatter({ shape, error }) {
    const zodError = error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      // A readable sentence instead of the raw zod JSON, so screens can show it as is.
      message: zodError
        ? describeZodError(zodError)
        : error.code === 'INTERNAL_SERVER_ERROR'
          ? 'Something went wrong on the station. Everything saved so far is kept; please try again.'
          : shape.message,
      data: {
        ...shape.data,
        // Internal errors keep their stack and cause in the station log, never on screen.
        stack: undefined,
        fields: zodError ? zodError.issues.map((i) => i.path.join('.')) : undefined,
        // A wrong interview code says how many more the screen may try before it pauses.
        triesLeft: triesLeftOf(error.cause),
      },
    };
  },
});

function triesLeftOf(cause: unknown): number | undefined {
  const left = cause instanceof StationError ? cause.details?.triesLeft : undefined;
  return typeof left === 'number' ? left : undefined;
}

function describeZodError(error: ZodError): string {
  const parts = error.issues.map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'input';
    return `${where}: ${issue.message}`;
  });
  return `Invalid input — ${parts.join('; ')}`;
}

export const router = t.router;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/**
 * Every procedure starts here: the caller must be our own renderer. The check lives in a
 * middleware, not in createContext, because a throw in createContext can leave the
 * renderer's call hanging in the IPC adapter.
 */
export const stationProcedure = t.procedure.use(async ({ ctx, next, getRawInput }) => {
  if (!ctx.trust.isTrusted(ctx.caller)) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'This caller is not the station.' });
  }
  if (nestsDeeperThan(await getRawInput(), MAX_INPUT_DEPTH)) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'This request is nested too deeply.' });
  }
  const result = await next();
  // Services refuse with StationError; give it its own tRPC code so the message reaches the
  // screen instead of being masked as an internal error.
  if (!result.ok && result.error.cause instanceof StationError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.message, cause });
  }
  return result;
});
