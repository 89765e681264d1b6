import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomString(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** Id prefixes of the Confluent Cloud resources cflink serves. */
export const ID_PREFIX = {
  environment: 'env-',
  computePool: 'lfcp-',
  user: 'u-',
  serviceAccount: 'sa-',
  roleBinding: 'rb-',
  notificationSubscription: 'nsub-',
} as const;

export type IdKind = keyof typeof ID_PREFIX;

/** A new resource id such as `env-3k9x2ab` (7 random lower-case alphanumerics). */
export function newId(kind: IdKind): string {
  return ID_PREFIX[kind] + randomString(LOWER_ALNUM, 7);
}

export function isId(kind: IdKind, value: string): boolean {
  return value.startsWith(ID_PREFIX[kind]) && /^[a-z0-9]{1,32}$/.test(value.slice(ID_PREFIX[kind].length));
}

/** API keys are 16 upper-case alphanumerics, like Confluent Cloud's. */
export function newApiKeyId(): string {
  return randomString(UPPER_ALNUM, 16);
}

/** A 64-character secret (384 bits of entropy), shown to its owner once. */
export function newApiKeySecret(): string {
  return randomBytes(48).toString('base64url');
}

export function newUid(): string {
  return randomUUID();
}

/** Principal ids a statement may run as (users and service accounts). */
export function principalKind(id: string): 'user' | 'serviceAccount' | null {
  if (isId('user', id)) return 'user';
  if (isId('serviceAccount', id)) return 'serviceAccount';
  return null;
}
