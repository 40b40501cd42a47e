import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isNotNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { questions } from '../../db/schema';
import { MIGRATIONS_DIR } from '../../db/test-db';
import { openStation } from './open-station';
import { openFolderDatabase } from './station-database';

const resourcesDir = path.resolve('resources');

function withRubric(dataDir: string): number {
  const db = openFolderDatabase(dataDir, MIGRATIONS_DIR);
  try {
    return db.select().from(questions).where(isNotNull(questions.rubric)).all().length;
  } finally {
    db.$client.close();
  }
}

describe('seeded rubrics at start', () => {
  it('fills the rubrics of a station seeded before rubrics existed when it next starts', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'station-rubrics-'));
    const open = () =>
      openStation({ dataDir, resourcesDir, migrationsDir: MIGRATIONS_DIR, log: () => {} });
    await (await open()).close();
    expect(withRubric(dataDir)).toBe(18);

    // As a station seeded before migration 0009 looks: every rubric empty.
    const db = openFolderDatabase(dataDir, MIGRATIONS_DIR);
    db.update(questions).set({ rubric: null }).run();
    db.$client.close();
    expect(withRubric(dataDir)).toBe(0);

    await (await open()).close();
    expect(withRubric(dataDir)).toBe(18);
  });
});
