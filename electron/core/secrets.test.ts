import { describe, expect, it } from 'vitest';
import {
  formatAccessCode,
  hashSecret,
  newAccessCode,
  newPassword,
  newPin,
  newToken,
  normaliseAccessCode,
  sameSecret,
  verifySecret,
} from './secrets';

const CODE_ALPHABET = /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]+$/;

describe('hashSecret / verifySecret', () => {
  it('verifies the secret it hashed and refuses any other', async () => {
    const stored = await hashSecret('482913');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(stored).not.toContain('482913');
    await expect(verifySecret('482913', stored)).resolves.toBe(true);
    await expect(verifySecret('482914', stored)).resolves.toBe(false);
    await expect(verifySecret('', stored)).resolves.toBe(false);
  });

  it('salts every hash, so two stations with the same PIN store different hashes', async () => {
    const [a, b] = await Promise.all([hashSecret('same-pin'), hashSecret('same-pin')]);
    expect(a).not.toBe(b);
    await expect(verifySecret('same-pin', a)).resolves.toBe(true);
    await expect(verifySecret('same-pin', b)).resolves.toBe(true);
  });

  it('treats look-alike Unicode forms of a password as the same password', async () => {
    // NFKC: a full-width digit typed on some keyboards is the ordinary digit.
    const stored = await hashSecret('pin-1234');
    await expect(verifySecret('pin-１234', stored)).resolves.toBe(true);
  });

  it.each([
    ['an empty string', ''],
    ['plain text', 'not a hash'],
    ['another scheme', 'bcrypt$10$abc$def$ghi$jkl'],
    ['missing parts', 'scrypt$32768$8$1$c2FsdA=='],
  ])('never matches a malformed stored hash (%s)', async (_label, stored) => {
    await expect(verifySecret('anything', stored)).resolves.toBe(false);
  });

  it('does not match a hash whose key was truncated', async () => {
    const stored = await hashSecret('secret');
    const truncated = stored.slice(0, -8);
    await expect(verifySecret('secret', truncated)).resolves.toBe(false);
  });
});

describe('access codes', () => {
  it('are 8 characters without look-alikes (0/O, 1/I/L)', () => {
    for (let i = 0; i < 200; i++) {
      const code = newAccessCode();
      expect(code).toHaveLength(8);
      expect(code).toMatch(CODE_ALPHABET);
    }
  });

  it('are not repeated', () => {
    const codes = new Set(Array.from({ length: 500 }, () => newAccessCode()));
    expect(codes.size).toBe(500);
  });

  it('normalise what people type: lower case, spaces and dashes', () => {
    expect(normaliseAccessCode('abcd-efgh')).toBe('ABCDEFGH');
    expect(normaliseAccessCode(' ABCD EFGH ')).toBe('ABCDEFGH');
    expect(normaliseAccessCode('ab-cd ef\tgh')).toBe('ABCDEFGH');
  });

  it('format as XXXX-XXXX for people and round-trip through normalise', () => {
    expect(formatAccessCode('ABCDEFGH')).toBe('ABCD-EFGH');
    expect(formatAccessCode('SHORT')).toBe('SHORT');
    const code = newAccessCode();
    expect(normaliseAccessCode(formatAccessCode(code))).toBe(code);
  });
});

describe('other generated secrets', () => {
  it('passwords are four dash-separated groups of four, readable off paper', () => {
    expect(newPassword()).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(newPassword()).not.toMatch(/[01ilo]/);
  });

  it('PINs are digits of the requested length', () => {
    expect(newPin()).toMatch(/^\d{6}$/);
    expect(newPin(8)).toMatch(/^\d{8}$/);
  });

  it('tokens are URL-safe and 256 bits', () => {
    const token = newToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken()).not.toBe(token);
  });

  it('sameSecret compares exactly', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret('', '')).toBe(true);
  });
});
