/** Test helpers for router tests: services on a test database, and callers as the station. */
import { TRPCError } from '@trpc/server';
import path from 'node:path';
import type { Db } from '../../db/open';
import { systemClock } from '../core/clock';
import { processAccessCodeKey } from '../core/access-code-key';
import { composeStation, type ComposeOptions } from '../station/compose-station';
import type { Services } from './services';
import { TEST_STAFF_PASSWORD } from '../domain/test-staff';
import { appRouter } from './router';
import { createCallerFactory, type Caller } from './trpc';

const createCaller = createCallerFactory(appRouter);

/**
 * Services on `db`, built by the station's own composition root with a test station's config:
 * no data folder, camera or transcription unless `extra` gives them; `extra` overrides any option.
 */
export function createTestServices(db: Db, extra: Partial<ComposeOptions> = {}): Services {
  return composeStation({
    db,
    dataDir: null,
    stationKey: processAccessCodeKey(),
    resourcesDir: path.resolve('resources'),
    clock: systemClock,
    config: { stationName: 'Test station', retentionDays: 30 },
    log: () => {},
    // A build machine's disk may hold less than a station's default floor.
    freeSpaceFloorBytes: 20 * 1024 * 1024,
    // Test data is seeded with old dates; a test of the purge asks for it.
    retentionPurge: false,
    ...extra,
  }).services;
}

/** A caller of the app router as the station's own renderer (or, untrusted, as a stranger). */
export function stationCaller(
  services: Services,
  opts: { trusted?: boolean; caller?: Caller } = {},
) {
  return createCaller({
    caller: opts.caller ?? { transport: 'internal' },
    trust: { isTrusted: () => opts.trusted ?? true },
    services,
    requestExit: () => {},
  });
}

/** Signs a test staff account in and returns its token. */
export async function signInStaff(
  services: Services,
  username: string,
  password = TEST_STAFF_PASSWORD,
): Promise<string> {
  return (await stationCaller(services).staff.login({ username, password })).token;
}

/** The tRPC code a call failed with (for `.catch(codeOf)`). */
export function codeOf(error: unknown): string {
  return error instanceof TRPCError ? error.code : String(error);
}
