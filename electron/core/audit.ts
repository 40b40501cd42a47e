import type { Db } from '../../db/open';
import { auditLog } from '../../db/schema';

export interface AuditEntry {
  actorKind: 'station' | 'candidate' | 'recruiter' | 'admin';
  actorId?: number | null;
  action: string;
  subjectType?: string;
  subjectId?: number;
  details?: Record<string, unknown>;
}

/**
 * Detail keys that name a credential: a sign-in or check-in token, a password (the `current`
 * and `next` of a password change), a PIN, a secret, an access code. The audit log is read by
 * every admin and exported with backups, so a credential in it would outlive its sign-in.
 */
const CREDENTIAL_KEYS = new Set([
  'token',
  'password',
  'pin',
  'secret',
  'current',
  'next',
  'accesscode',
]);
const CREDENTIAL_SUFFIXES = ['token', 'password', 'secret', 'pin', 'accesscode'];

function isCredentialKey(key: string): boolean {
  const name = key.toLowerCase().replace(/[^a-z]/g, '');
  return CREDENTIAL_KEYS.has(name) || CREDENTIAL_SUFFIXES.some((end) => name.endsWith(end));
}

/**
 * A copy of audit details without any credential-named key, at any depth (a whole procedure
 * input passed as a filter once carried the staff token into the log).
 */
export function withoutCredentials(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCredentials);
  if (value === null || typeof value !== 'object') return value;
  const kept: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (!isCredentialKey(key)) kept[key] = withoutCredentials(inner);
  }
  return kept;
}

/** Appends one line to the audit log; credential-named detail keys are never written. */
export function recordAudit(db: Db, at: number, entry: AuditEntry): void {
  const { details, ...rest } = entry;
  db.insert(auditLog)
    .values({
      at,
      ...rest,
      ...(details === undefined
        ? {}
        : { details: withoutCredentials(details) as Record<string, unknown> }),
    })
    .run();
}
