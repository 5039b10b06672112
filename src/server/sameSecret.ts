import { createHash, timingSafeEqual } from 'node:crypto';

/** Compares a secret given by a caller with an expected one in constant time, whatever their lengths (digests of equal size). */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}
