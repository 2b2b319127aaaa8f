import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * Key format: `sus_<key id, 32 hex>_<secret, 43 base64url chars = 256 random bits>`.
 *
 * The id finds the row; the secret is checked against its sha256. A fast unsalted hash is
 * right here (unlike for passwords) because the secret is 256 random bits: nobody can guess or
 * precompute it, so slowing each check down would only cost every API call.
 */
const KEY_FORMAT = /^sus_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

export interface NewApiKeySecret {
  id: string;
  /** The whole key, shown to the administrator once. */
  key: string;
  secretSha256: Buffer;
}

export function newApiKeySecret(): NewApiKeySecret {
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `sus_${id.replace(/-/g, '')}_${secret}`, secretSha256: sha256(secret) };
}

/** Splits a presented key; null when it is not one of ours (so we never query the database for junk). */
export function parseApiKey(key: string): { id: string; secret: string } | null {
  const match = KEY_FORMAT.exec(key);
  if (!match) return null;
  const hex = match[1]!;
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { id, secret: match[2]! };
}

export function secretMatches(secret: string, expectedSha256: Buffer): boolean {
  const actual = sha256(secret);
  return actual.length === expectedSha256.length && timingSafeEqual(actual, expectedSha256);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
