import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API key secrets are stored as `sha256$<salt>$<digest>`. Generated secrets carry 384 bits of
 * entropy, so a salted SHA-256 resists offline guessing while keeping per-request
 * authentication cheap; the configured bootstrap secret must therefore be long and random
 * outside local development.
 */
export function hashSecret(secret: string, salt = randomBytes(16).toString('base64url')): string {
  return `sha256$${salt}$${createHash('sha256').update(`${salt}:${secret}`).digest('base64url')}`;
}

export function verifySecret(secret: string, stored: string): boolean {
  const [scheme, salt, digest] = stored.split('$');
  if (scheme !== 'sha256' || !salt || !digest) return false;
  const expected = Buffer.from(hashSecret(secret, salt));
  const actual = Buffer.from(stored);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
