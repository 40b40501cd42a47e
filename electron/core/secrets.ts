import {
  createHmac,
  randomBytes,
  randomInt,
  scrypt,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';

// scrypt cost parameters: N=2^15, r=8, p=1 (OWASP's minimum for scrypt), ~35 ms per hash here.
const COST = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

function derive(secret: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Hashes a password or PIN as `scrypt$N$r$p$salt$hash` (base64 parts). */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join(
    '$',
  );
}

/** Checks a secret against a stored hash in constant time; a malformed hash never matches. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(secret, Buffer.from(salt, 'base64'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: COST.maxmem,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

// Access codes avoid look-alike characters (0/O, 1/I/L) so they can be read off paper.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

// An interview code as people see it (XXXX-XXXX) or typed without its dash; undashed, only with
// letters and digits both, so a word such as "INTERNAL" is not taken for one.
const CODE_SHAPED =
  /\b[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}\b|\b(?=[A-Z]*\d)(?=\d*[A-Z])[A-HJKMNP-Z2-9]{8}\b/g;

/** Replaces everything shaped like an access code with [code] (logs, support bundles). */
export function redactAccessCodes(text: string): string {
  return text.replace(CODE_SHAPED, '[code]');
}

/** A new 8-character access code, shown as XXXX-XXXX. */
export function newAccessCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** Upper-cases and drops spaces and dashes, so `abcd-efgh` and `ABCD EFGH` match. */
export function normaliseAccessCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

/**
 * What the database keeps of an access code: HMAC-SHA256 under the station key of the
 * normalised code, as 64 hex digits. Looked up by equality, so `abcd-efgh` finds `ABCDEFGH`.
 */
export function hashAccessCode(stationKey: Buffer, code: string): string {
  return createHmac('sha256', stationKey).update(normaliseAccessCode(code)).digest('hex');
}

/** Formats a code for people: `ABCDEFGH` → `ABCD-EFGH`. */
export function formatAccessCode(code: string): string {
  return code.length === 8 ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

/** A random password of 4 groups of 4 letters and digits, easy to type once. */
export function newPassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 4; i++) group += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    groups.push(group.toLowerCase());
  }
  return groups.join('-');
}

/** A random numeric PIN. */
export function newPin(digits = 6): string {
  let pin = '';
  for (let i = 0; i < digits; i++) pin += String(randomInt(10));
  return pin;
}

/** A URL-safe random token (256 bits). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Compares two strings in constant time. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
