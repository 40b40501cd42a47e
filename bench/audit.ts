/**
 * npm run bench:audit — prints (never asserts) how the admins' audit log copes with 100,000
 * entries in a real SQLite file: the first page, a page deep in the log (reached by its
 * cursor), filtered pages (one staff member's rare entries, one interview, one week, one
 * action), the list of actions, the CSV export of everything, and pruning by retention.
 * Budget: every page under 50 ms. BENCH_SMOKE=1: 2,000 entries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openFolderDatabase } from '../electron/station/station-database';
import { performance } from 'node:perf_hooks';
import { users } from '../db/schema';
import { writeSetting } from '../electron/core/setting-store';
import {
  AUDIT_RETENTION_KEY,
  AuditLogService,
  type AuditFilter,
} from '../electron/manage/audit-log';
import { announceSmoke, smokeOr } from './smoke';

const ENTRIES = smokeOr(2_000, 100_000);
const RUNS = smokeOr(1, 15);
const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 1);
const ACTIONS = [
  'check_in',
  'consent_given',
  'answer_submitted',
  'session_started',
  'review_opened',
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function time(what: () => unknown): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const start = performance.now();
    what();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

announceSmoke();
const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-audit-'));
try {
  // Encrypted at rest, as a new station's database is.
  const db = openFolderDatabase(dir, path.resolve('db', 'migrations'));
  const adminId = db
    .insert(users)
    .values({ username: 'admin', displayName: 'Bench Admin', role: 'admin', passwordHash: 'x' })
    .returning({ id: users.id })
    .get().id;
  // A year of entries, oldest first as a station writes them; every 2,000th is the admin's.
  const insert = db.$client.prepare(
    'INSERT INTO audit_log (at, actor_kind, actor_id, action, subject_type, subject_id, details) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const filled = performance.now();
  db.$client.transaction(() => {
    for (let i = 0; i < ENTRIES; i += 1) {
      const at = NOW - 365 * DAY + Math.floor((i / ENTRIES) * 365 * DAY);
      const admin = i % 2000 === 0;
      insert.run(
        at,
        admin ? 'admin' : 'candidate',
        admin ? adminId : null,
        admin ? 'setting_changed' : (ACTIONS[i % ACTIONS.length] ?? 'check_in'),
        'interview',
        (i % 5000) + 1,
        JSON.stringify({ position: i % 12, sessionId: i % 7000 }),
      );
    }
  })();
  const fillMs = performance.now() - filled;

  const log = new AuditLogService(db, { now: () => NOW });
  const page = (filter: AuditFilter) => () => log.page(filter, null, 50);
  // The cursor of the page halfway down the log, found by walking there once.
  let cursor = log.page({}, null, 50).nextCursor;
  const depth = Math.floor(ENTRIES / 2 / 50);
  for (let i = 1; i < depth && cursor; i += 1) cursor = log.page({}, cursor, 50).nextCursor;
  const deepCursor = cursor;

  const figures: [string, number][] = [
    ['first page (50 rows)', time(page({}))],
    [
      `page ${depth + 1} of ${Math.ceil(ENTRIES / 50)} by its cursor`,
      time(() => log.page({}, deepCursor, 50)),
    ],
    [
      `one admin's entries (${Math.ceil(ENTRIES / 2000)} in all)`,
      time(page({ actorKind: 'admin', actorId: adminId })),
    ],
    ['one interview', time(page({ interviewId: 4321 }))],
    ['one week in the middle', time(page({ from: NOW - 180 * DAY, to: NOW - 173 * DAY }))],
    ['one action', time(page({ action: 'review_opened' }))],
    ['the list of actions', time(() => log.actions())],
  ];
  const exportStart = performance.now();
  const csv = log.exportCsv({ actorKind: 'admin', actorId: adminId }, {});
  const exportMs = performance.now() - exportStart;
  writeSetting(db, AUDIT_RETENTION_KEY, 90);
  const pruneStart = performance.now();
  const pruned = log.prune();
  const pruneMs = performance.now() - pruneStart;

  console.log(
    `audit log: ${ENTRIES.toLocaleString('en')} entries written in ${fillMs.toFixed(0)} ms`,
  );
  for (const [what, ms] of figures)
    console.log(`  ${what.padEnd(38)} ${ms.toFixed(2)} ms (median of ${RUNS})`);
  console.log(
    `  CSV export of everything               ${exportMs.toFixed(0)} ms, ${(csv.length / 1024 / 1024).toFixed(1)} MiB`,
  );
  console.log(
    `  pruning to 90 days                     ${pruneMs.toFixed(0)} ms, ${pruned.toLocaleString('en')} entries deleted`,
  );
  db.$client.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
