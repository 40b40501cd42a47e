import { eq } from 'drizzle-orm';
import type { Db } from '../../db/open';
import { settings } from '../../db/schema';

/** Reads one station setting, or undefined when it was never set. */
export function readSetting<T>(db: Db, key: string): T | undefined {
  const row = db.select().from(settings).where(eq(settings.key, key)).get();
  return row ? (row.value as T) : undefined;
}

/** Removes one station setting, so its default applies again. */
export function clearSetting(db: Db, key: string): void {
  db.delete(settings).where(eq(settings.key, key)).run();
}

/** Writes one station setting. */
export function writeSetting(db: Db, key: string, value: unknown): void {
  db.insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value } })
    .run();
}
