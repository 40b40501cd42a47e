import { expect, test } from './fixtures/test';
import { TRPCClientError } from '@trpc/client';
import { appRouter, type AppRouter } from '../electron/api/router';
import { connectClient, staffSignInToken, startAnswering } from './fixtures/client';
import { openStationDb } from './fixtures/data';
import { demoCode, adminLogin } from './fixtures/station';
import { candidateCases, staffCases, type Tokens } from './invalid-cases/station-cases';
import { manageCases } from './invalid-cases/manage-cases';
import { privacyCases } from './invalid-cases/privacy-cases';
import { reviewCases } from './invalid-cases/review-cases';
import { settingsCases } from './invalid-cases/settings-cases';
import { syncCases } from './invalid-cases/sync-cases';
import { auditCases } from './invalid-cases/audit-cases';
import { fairnessCases } from './invalid-cases/fairness-cases';
import { evaluationCases } from './invalid-cases/evaluation-cases';
import { screeningCases } from './invalid-cases/screening-cases';

// The running session's heartbeat rewrites these every second by design.
const HEARTBEAT_COLUMNS = ['phase_elapsed_ms', 'last_heartbeat_at', 'clock_ms'];

/** Every row of every table, so "changes nothing" can be checked exactly. */
function snapshot(dataDir: string): string {
  const db = openStationDb(dataDir);
  const tables = db.$client
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[];
  const dump = tables.map((table) => {
    const rows = (db.$client.prepare(`SELECT * FROM "${table}"`).all() as object[]).map((row) =>
      table === 'sessions'
        ? Object.fromEntries(Object.entries(row).filter(([c]) => !HEARTBEAT_COLUMNS.includes(c)))
        : row,
    );
    return [table, rows];
  });
  db.$client.close();
  return JSON.stringify(dump);
}

// At run time the router keeps its procedures flat, keyed by path ('candidate.checkIn').
const flat = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
const mutations = Object.entries(flat)
  .filter(([, procedure]) => procedure._def.type === 'mutation')
  .map(([path]) => path)
  .sort();

// Wrong for every mutation: nothing, an empty object, wrong types everywhere.
const generic: unknown[] = [
  undefined,
  null,
  {},
  { token: 42, code: 7, sessionId: 'one', position: -1, pin: 'abc', noticeVersion: null },
];

/** Inputs that pass the token check (a real token) but are wrong further in. */
const deeper = (tokens: Tokens): Record<string, unknown[]> => ({
  ...candidateCases(tokens.candidate),
  ...staffCases(tokens.staff),
  ...reviewCases(tokens.staff),
  ...manageCases(tokens.staff),
  ...settingsCases(tokens.staff),
  ...auditCases(tokens.staff),
  ...privacyCases(tokens.staff),
  ...fairnessCases(tokens),
  ...evaluationCases(tokens.staff),
  ...screeningCases(tokens.staff),
  ...syncCases(tokens.staff),
});

test('invalid input to every mutation is refused with a clear error and changes nothing', async ({
  dataDir,
  startStation,
}) => {
  const station = await startStation();
  const { client, close } = connectClient(station.url);
  // A live session, so a real token exists and calls get past the token check.
  const candidate = await startAnswering(client, demoCode(station));
  // An admin's token: admins may call every staff procedure, so only the input is wrong.
  const staff = await staffSignInToken(station.url, adminLogin(station));
  const before = snapshot(dataDir);

  const cases = deeper({ candidate, staff });
  // A new mutation must come with its own invalid cases here.
  expect(Object.keys(cases).sort()).toEqual(mutations);
  const procedures = client as unknown as Record<
    string,
    Record<string, { mutate(input: unknown): Promise<unknown> }>
  >;
  for (const path of mutations) {
    const [domain = '', name = ''] = path.split('.');
    const procedure = procedures[domain]?.[name];
    for (const input of [...generic, ...(cases[path] ?? [])]) {
      const error = await procedure?.mutate(input).then(
        () => null,
        (e: unknown) => e,
      );
      const what = `${path} with ${JSON.stringify(input)?.slice(0, 80)}`;
      expect(error, `${what} was accepted`).toBeInstanceOf(TRPCClientError);
      const failure = error as TRPCClientError<AppRouter>;
      expect(failure.data?.code, what).toBe('BAD_REQUEST');
      expect(failure.message, what).toMatch(/^Invalid input — \S/);
    }
  }
  close();
  expect(snapshot(dataDir)).toBe(before);
});
