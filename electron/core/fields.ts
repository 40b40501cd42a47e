/**
 * Field schemas every router shares: record ids, sign-in and check-in tokens, list limits.
 * A procedure's own fields (a job, a question…) stay with the records they describe.
 */
import { z } from 'zod';

/** A row id. (zod's int() already stops at Number.MAX_SAFE_INTEGER.) */
export const id = z.number().int().positive();

/** A staff sign-in or a candidate's check-in token. */
export const token = z.string().min(20).max(100);

/** How many rows a list returns at most. */
export const limit = z.number().int().min(1).max(1000);
