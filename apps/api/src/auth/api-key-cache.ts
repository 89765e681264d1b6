import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ApiKeysRepository, type PresentedKey } from '#db';
import { ShortLivedCache } from '#domain';

/**
 * How long this process reuses an API key's row with its owner's role bindings. A change made
 * through this process applies at once (KeyCacheInvalidation); one made through another API
 * replica or outside the API (the scheduler purging an environment) within this time.
 */
export const KEY_CACHE_MS = 2_000;
const MAX_KEYS = 10_000;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The authentication lookup of ApiKeysRepository, reused for KEY_CACHE_MS (the secret is still checked every time). */
@Injectable()
export class ApiKeyCache {
  private readonly cache = new ShortLivedCache<PresentedKey>(KEY_CACHE_MS, MAX_KEYS);

  constructor(private readonly apiKeys: ApiKeysRepository) {}

  authenticate(id: string): Promise<PresentedKey | null> {
    return this.cache.get(id, () => this.apiKeys.authenticate(id));
  }

  invalidate(): void {
    this.cache.invalidate();
  }
}

/**
 * Any change may delete a key or a binding (a key, a principal, a binding, an environment with
 * its keys), so every mutating request drops the cache when it arrives and again once its
 * response is written: the client that revoked a key, and anyone it tells, sees it revoked.
 */
@Injectable()
export class KeyCacheInvalidation implements NestMiddleware {
  constructor(private readonly keys: ApiKeyCache) {}

  use(req: Request, res: Response, next: NextFunction): void {
    if (MUTATING.has(req.method)) {
      const invalidate = () => this.keys.invalidate();
      invalidate();
      res.once('finish', invalidate);
      res.once('close', invalidate);
    }
    next();
  }
}
