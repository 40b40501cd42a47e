/** Credentials and enrolment codes: random, shown once, stored only as SHA-256 hashes. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A station's bearer credential: 256 random bits. */
export function newCredential(): string {
  return `isc_${randomBytes(32).toString('base64url')}`;
}

// No 0/O, 1/I/L: an admin may read the code aloud or type it from a screen.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A one-time enrolment code such as `K7QD-M2XP-9RTA-WC4H` (about 79 bits). */
export function newEnrolmentCode(): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** Codes are compared case- and dash-insensitively, so a typed code need not be exact. */
export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function bearerToken(header: string | null | undefined): string | null {
  const match = /^Bearer ([A-Za-z0-9_.~+/=-]{16,512})$/.exec(header ?? '');
  return match?.[1] ?? null;
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(sha256Hex(a), 'hex');
  const y = Buffer.from(sha256Hex(b), 'hex');
  return timingSafeEqual(x, y);
}
