import type { Db } from '../../../db/open';

/**
 * Which rows of the database are about one candidate, found from the schema itself: the
 * candidate's row, then every row whose foreign key points at a row already found (their
 * interviews, then those interviews' consents, sessions, answers, media, events, frames,
 * transcripts, scores, …), until nothing new turns up. A table added later is included by its
 * foreign keys without anyone remembering to list it here. The audit log names its subject
 * by type and id rather than by a foreign key, and is matched on those.
 */

/** Tables about the station and its staff: never followed from a candidate's rows. */
const STATION_TABLES = new Set(['users', 'settings', 'sync_outbox', '__drizzle_migrations']);
/** Parents kept alongside as context (the job applied for, the questions answered). */
const CONTEXT_TABLES = new Set(['jobs', 'questionnaires', 'questions']);
/** Columns that hold a credential (the access code's hash) rather than data about anyone. */
const CREDENTIAL_COLUMN = /(^|_)(access_code|token|password|secret|pin)(_|$)|_hash$/;
const BATCH = 500;

interface ForeignKey {
  column: string;
  parent: string;
  parentColumn: string;
}

export interface TableSelection {
  table: string;
  /** The WHERE clause and its one JSON parameter picking this table's rows. */
  where: string;
  param: string;
  /** Columns written out: every column but credentials. */
  columns: string[];
  kind: 'personal' | 'context';
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function tableNames(db: Db): string[] {
  return (
    db.$client
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[]
  ).filter((name) => !STATION_TABLES.has(name));
}

function foreignKeys(db: Db, table: string): ForeignKey[] {
  const rows = db.$client.prepare(`PRAGMA foreign_key_list(${quote(table)})`).all() as {
    table: string;
    from: string;
    to: string | null;
  }[];
  return rows.map((r) => ({ column: r.from, parent: r.table, parentColumn: r.to ?? 'id' }));
}

function columnsOf(db: Db, table: string): string[] {
  const rows = db.$client.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string }[];
  return rows.map((r) => r.name);
}

/** Every table's selection of rows about `candidateId`, in the order they were reached. */
export function selectPersonalRows(db: Db, candidateId: number): TableSelection[] {
  const tables = tableNames(db);
  const keys = new Map(tables.map((t) => [t, foreignKeys(db, t)]));
  const where = new Map<string, string>([
    ['candidates', 'id IN (SELECT value FROM json_each(@p))'],
  ]);
  const params = new Map<string, string>([['candidates', JSON.stringify([candidateId])]]);
  // Each pass follows the keys into tables found so far, with the ids found so far; passes go
  // on until nothing changes (a row reached through a table found late is still reached).
  for (let changed = true; changed;) {
    changed = false;
    for (const table of tables) {
      if (table === 'candidates' || CONTEXT_TABLES.has(table) || table === 'audit_log') continue;
      const links = (keys.get(table) ?? []).filter((k) => where.has(k.parent));
      if (links.length === 0) continue;
      const clause = links
        .map(
          (k, i) =>
            `${quote(k.column)} IN (SELECT value FROM json_each(json_extract(@p, '$[${i}]')))`,
        )
        .join(' OR ');
      const param = JSON.stringify(
        links.map((k) => [...valuesOf(db, k.parent, k.parentColumn, where, params)]),
      );
      if (where.get(table) === clause && params.get(table) === param) continue;
      where.set(table, clause);
      params.set(table, param);
      changed = true;
    }
  }
  const personal = [...where.keys()].map((table) =>
    selection(db, table, where.get(table) ?? '0', params.get(table) ?? '[]', 'personal'),
  );
  return [
    ...personal,
    auditSelection(db, where, params),
    ...contextSelections(db, keys, where, params),
  ];
}

/** The values of `column` over the rows chosen for `table`. */
function valuesOf(
  db: Db,
  table: string,
  column: string,
  where: Map<string, string>,
  params: Map<string, string>,
): Set<number | string> {
  if (!where.has(table)) return new Set();
  const sql = `SELECT ${quote(column)} FROM ${quote(table)} WHERE ${where.get(table) ?? '0'}`;
  return new Set(
    db.$client
      .prepare(sql)
      .pluck()
      .all({ p: params.get(table) }) as (number | string)[],
  );
}

function selection(
  db: Db,
  table: string,
  clause: string,
  param: string,
  kind: TableSelection['kind'],
): TableSelection {
  const columns = columnsOf(db, table).filter((c) => !CREDENTIAL_COLUMN.test(c));
  return { table, where: clause, param, columns, kind };
}

function auditSelection(
  db: Db,
  where: Map<string, string>,
  params: Map<string, string>,
): TableSelection {
  const subjects = ['candidates', 'interviews', 'sessions'].map((table) => [
    ...valuesOf(db, table, 'id', where, params),
  ]);
  const clause =
    "(subject_type = 'candidate' AND subject_id IN (SELECT value FROM json_each(json_extract(@p, '$[0]'))))" +
    " OR (subject_type = 'interview' AND subject_id IN (SELECT value FROM json_each(json_extract(@p, '$[1]'))))" +
    " OR (subject_type = 'session' AND subject_id IN (SELECT value FROM json_each(json_extract(@p, '$[2]'))))";
  return selection(db, 'audit_log', clause, JSON.stringify(subjects), 'personal');
}

/** The jobs, questionnaires and questions the candidate's rows point at. */
function contextSelections(
  db: Db,
  keys: Map<string, ForeignKey[]>,
  where: Map<string, string>,
  params: Map<string, string>,
): TableSelection[] {
  const wanted = new Map<string, Set<number | string>>();
  for (const table of where.keys()) {
    for (const key of keys.get(table) ?? []) {
      if (!CONTEXT_TABLES.has(key.parent)) continue;
      const sql = `SELECT DISTINCT ${quote(key.column)} FROM ${quote(table)} WHERE ${where.get(table) ?? '0'}`;
      const values = db.$client
        .prepare(sql)
        .pluck()
        .all({ p: params.get(table) }) as (number | string)[];
      const set = wanted.get(key.parent) ?? new Set();
      for (const value of values) if (value !== null) set.add(value);
      wanted.set(key.parent, set);
    }
  }
  return [...wanted].map(([table, ids]) =>
    selection(
      db,
      table,
      'id IN (SELECT value FROM json_each(@p))',
      JSON.stringify([...ids]),
      'context',
    ),
  );
}

/**
 * The selected rows, a batch at a time by rowid: no statement stays open between batches, so
 * the running station's own writes on this connection are never blocked by an export.
 */
export function* rowBatches(
  db: Db,
  selection: TableSelection,
): Generator<Record<string, unknown>[]> {
  const columns = selection.columns.map(quote).join(', ');
  const sql =
    `SELECT rowid AS __rowid, ${columns} FROM ${quote(selection.table)} ` +
    `WHERE (${selection.where}) AND rowid > @after ORDER BY rowid LIMIT ${BATCH}`;
  const statement = db.$client.prepare(sql);
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const rows = statement.all({ p: selection.param, after }) as (Record<string, unknown> & {
      __rowid: number;
    })[];
    if (rows.length === 0) return;
    after = rows[rows.length - 1]?.__rowid ?? after;
    yield rows.map(({ __rowid: _rowid, ...row }) => row);
    if (rows.length < BATCH) return;
  }
}
