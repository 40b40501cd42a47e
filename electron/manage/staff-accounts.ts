import { asc, eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import { type USER_ROLES } from '../../shared/enums';
import { StationError } from '../core/errors';
import { hashSecret, newPassword } from '../core/secrets';
import { auditChange, found, type ManageContext } from './context';
import { assignedJobs } from './job-assignments';
import type { StaffAccountFields } from './schemas';

export interface StaffAccount {
  id: number;
  username: string;
  displayName: string;
  role: (typeof USER_ROLES)[number];
  /** Still on a one-time password: must choose their own at the next sign-in. */
  mustChangePassword: boolean;
  lockedUntil: number | null;
  /** Switched off by an admin: cannot sign in. */
  active: boolean;
  /** The jobs a recruiter is assigned to; empty for admins, who see every job. */
  jobIds: number[];
  createdAt: number;
}

/** A new account's or a reset's one-time password: returned once, stored only as a hash. */
export interface OneTimePassword {
  id: number;
  username: string;
  password: string;
}

export function listStaff(ctx: Pick<ManageContext, 'db' | 'now'>): StaffAccount[] {
  const jobsOf = assignedJobs(ctx);
  return ctx.db
    .select()
    .from(users)
    .orderBy(asc(users.username))
    .all()
    .map((u) => ({
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      mustChangePassword: u.mustChangePassword,
      lockedUntil: u.lockedUntil !== null && u.lockedUntil > ctx.now ? u.lockedUntil : null,
      active: u.deactivatedAt === null,
      jobIds: jobsOf.get(u.id) ?? [],
      createdAt: u.createdAt,
    }));
}

export async function createStaff(
  ctx: ManageContext,
  fields: StaffAccountFields,
): Promise<OneTimePassword> {
  const password = newPassword();
  const passwordHash = await hashSecret(password);
  const taken = ctx.db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.username, fields.username))
    .get();
  if (taken) {
    throw new StationError('CONFLICT', `The username “${fields.username}” is already taken.`);
  }
  const row = ctx.db
    .insert(users)
    .values({ ...fields, passwordHash, mustChangePassword: true })
    .returning({ id: users.id })
    .get();
  auditChange(
    ctx,
    'staff_created',
    { type: 'user', id: row.id },
    {
      username: fields.username,
      role: fields.role,
    },
  );
  return { id: row.id, username: fields.username, password };
}

function otherAccount(ctx: ManageContext, userId: number, doing: string) {
  const user = found(ctx.db.select().from(users).where(eq(users.id, userId)).get(), 'account');
  if (user.id === ctx.actor.actorId) {
    throw new StationError('BAD_REQUEST', `You cannot ${doing} your own account here.`);
  }
  return user;
}

/**
 * Gives an account a new one-time password and lifts any lock; the person chooses their
 * own password at the next sign-in.
 */
export async function resetStaffPassword(
  ctx: ManageContext,
  userId: number,
): Promise<OneTimePassword> {
  const user = otherAccount(ctx, userId, 'reset the password of');
  const password = newPassword();
  ctx.db
    .update(users)
    .set({
      passwordHash: await hashSecret(password),
      mustChangePassword: true,
      failedLogins: 0,
      lockedUntil: null,
    })
    .where(eq(users.id, userId))
    .run();
  auditChange(ctx, 'staff_password_reset', { type: 'user', id: userId });
  return { id: userId, username: user.username, password };
}

/**
 * Switches an account off (it cannot sign in; the caller ends its sign-ins) or on again. Only
 * another account: the admin doing it stays active, so an active admin always remains.
 */
export function setStaffActive(ctx: ManageContext, userId: number, active: boolean): void {
  otherAccount(ctx, userId, active ? 'switch on' : 'switch off');
  ctx.db
    .update(users)
    .set({ deactivatedAt: active ? null : ctx.now })
    .where(eq(users.id, userId))
    .run();
  auditChange(ctx, active ? 'staff_reactivated' : 'staff_deactivated', {
    type: 'user',
    id: userId,
  });
}

/** Lifts the lock that repeated wrong passwords put on an account. */
export function unlockStaff(ctx: ManageContext, userId: number): void {
  otherAccount(ctx, userId, 'unlock');
  ctx.db
    .update(users)
    .set({ failedLogins: 0, lockedUntil: null })
    .where(eq(users.id, userId))
    .run();
  auditChange(ctx, 'staff_unlocked', { type: 'user', id: userId });
}
