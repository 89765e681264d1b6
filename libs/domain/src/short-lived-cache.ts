/**
 * Values reused for a short time, for lookups whose results change rarely but must never be
 * stale for long (an API key with its role bindings). `invalidate` drops everything, and a load
 * that was under way when it was called is not kept: it may have read the state from before the
 * change that caused the invalidation.
 */
export class ShortLivedCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached value of `key`, or `load`'s; a null result (nothing found) is not cached. */
  async get(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const hit = this.peek(key);
    if (hit !== undefined) return hit;
    const token = this.token();
    const value = await load();
    if (value !== null) this.put(key, value, token);
    return value;
  }

  /** The value of `key` while it is fresh, without loading anything. */
  peek(key: string): V | undefined {
    const hit = this.entries.get(key);
    return hit && hit.until > this.now() ? hit.value : undefined;
  }

  /** Taken before computing a value for `put`, so an `invalidate` in between is noticed. */
  token(): number {
    return this.generation;
  }

  /** Keeps `value` unless the cache was invalidated since `token` was taken. */
  put(key: string, value: V, token: number): void {
    if (token !== this.generation) return;
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, until: this.now() + this.ttlMs });
  }

  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }
}
