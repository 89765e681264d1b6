import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ApiKeysRepository, type PresentedKey } from '#db';
import { ShortLivedCache } from '#domain';
import type { ApiReply, ApiRequest } from '../common/http';
import type { Caller } from './caller';

/**
 * How long this process reuses an API key's row with its owner's role bindings, and a caller
 * admitted with the same credentials from the same address. A change made through this process
 * applies at once (KeyCacheInvalidation); one made through another API replica or outside the
 * API (the scheduler purging an environment) within this time.
 */
export const KEY_CACHE_MS = 2_000;
const MAX_KEYS = 10_000;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Mutations under these paths never change an API key or a role binding (statements, compute pools). */
const KEYS_UNTOUCHED = ['/sql/v1/', '/fcpm/v2/compute-pools'];

/**
 * The authentication lookup of ApiKeysRepository, reused for KEY_CACHE_MS; and the callers
 * admitted recently, by client address and the exact Authorization header they sent, so a
 * client repeating its requests skips the secret's hash and the failed-authentication
 * throttle's Redis round trip (it was admitted past both with these credentials moments ago).
 * The header is kept only as its SHA-256 digest, in this process's memory, for KEY_CACHE_MS.
 */
@Injectable()
export class ApiKeyCache {
  private readonly cache = new ShortLivedCache<PresentedKey>(KEY_CACHE_MS, MAX_KEYS);
  private readonly callers = new ShortLivedCache<Caller>(KEY_CACHE_MS, MAX_KEYS);

  constructor(private readonly apiKeys: ApiKeysRepository) {}

  authenticate(id: string): Promise<PresentedKey | null> {
    return this.cache.get(id, () => this.apiKeys.authenticate(id));
  }

  /** The caller admitted with `authorization` from `address` within KEY_CACHE_MS, if any. */
  admitted(address: string, authorization: string): Caller | undefined {
    return this.callers.peek(callerKey(address, authorization));
  }

  /** Taken before authenticating, for `admit`: an invalidation in between discards the caller. */
  admissionToken(): number {
    return this.callers.token();
  }

  admit(address: string, authorization: string, caller: Caller, token: number): void {
    this.callers.put(callerKey(address, authorization), caller, token);
  }

  /** A failed authentication: nobody skips the throttle until admitted again. */
  forgetAdmitted(): void {
    this.callers.invalidate();
  }

  invalidate(): void {
    this.cache.invalidate();
    this.callers.invalidate();
  }
}

/** The admitted-callers key: the secret in the header is never a map key in the clear. */
function callerKey(address: string, authorization: string): string {
  return `${address} ${createHash('sha256').update(authorization).digest('base64')}`;
}

/**
 * A change may delete a key or a binding (a key, a principal, a binding, an environment with
 * its keys), so a mutating request drops the cache when it arrives and again once its response
 * is written: the client that revoked a key, and anyone it tells, sees it revoked. Statement
 * and compute pool changes cannot, and keep it.
 */
@Injectable()
export class KeyCacheInvalidation {
  constructor(private readonly keys: ApiKeyCache) {}

  /** onRequest hook (http-app.ts). */
  onRequest(req: ApiRequest, reply: ApiReply): void {
    if (MUTATING.has(req.method) && !KEYS_UNTOUCHED.some((p) => req.url.startsWith(p))) {
      const invalidate = () => this.keys.invalidate();
      invalidate();
      reply.raw.once('finish', invalidate);
      reply.raw.once('close', invalidate);
    }
  }
}
