/** Enrolment codes, station credentials and the check every station request goes through. */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { enrolmentRequest } from '../../shared/sync-contract';
import { enrolmentCodes, stations } from '../db/schema';
import { newCredential, newEnrolmentCode, normaliseCode, sha256Hex } from './credentials';
import type { ReceiverDb } from './database';

export const DEFAULT_CODE_TTL_MS = 24 * 60 * 60 * 1000;

/** Issues a one-time code; only its hash is stored, so it is printed once and never again. */
export async function issueEnrolmentCode(
  db: ReceiverDb,
  ttlMs = DEFAULT_CODE_TTL_MS,
): Promise<{ code: string; expiresAt: Date }> {
  const code = newEnrolmentCode();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ttlMs);
  await db.insert(enrolmentCodes).values({
    codeSha256: sha256Hex(normaliseCode(code)),
    createdAt: now,
    expiresAt,
  });
  return { code, expiresAt };
}

/**
 * Trades a code for a credential. The code is spent by one conditional UPDATE, so two stations
 * racing with the same code cannot both win. Enrolling again with the same station id re-keys it.
 */
export async function enrolStation(
  db: ReceiverDb,
  req: z.infer<typeof enrolmentRequest>,
): Promise<{ stationId: string; credential: string } | null> {
  const credential = newCredential();
  const now = new Date();
  return db.transaction(async (tx) => {
    const spent = await tx
      .update(enrolmentCodes)
      .set({ usedAt: now, usedByStationId: req.stationId })
      .where(
        and(
          eq(enrolmentCodes.codeSha256, sha256Hex(normaliseCode(req.code))),
          isNull(enrolmentCodes.usedAt),
          gt(enrolmentCodes.expiresAt, now),
        ),
      )
      .returning({ code: enrolmentCodes.codeSha256 });
    if (spent.length === 0) return null;
    const values = {
      id: req.stationId,
      name: req.stationName,
      credentialSha256: sha256Hex(credential),
      enrolledAt: now,
      revokedAt: null,
    };
    await tx
      .insert(stations)
      .values(values)
      .onConflictDoUpdate({ target: stations.id, set: values });
    return { stationId: req.stationId, credential };
  });
}

/** The station a bearer credential belongs to, or null when unknown or revoked. */
export async function stationForCredential(
  db: ReceiverDb,
  credential: string,
): Promise<string | null> {
  const rows = await db
    .select({ id: stations.id })
    .from(stations)
    .where(and(eq(stations.credentialSha256, sha256Hex(credential)), isNull(stations.revokedAt)));
  return rows[0]?.id ?? null;
}

export async function revokeStation(db: ReceiverDb, stationId: string): Promise<boolean> {
  const rows = await db
    .update(stations)
    .set({ revokedAt: new Date() })
    .where(eq(stations.id, stationId))
    .returning({ id: stations.id });
  return rows.length > 0;
}
