import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ShortLivedCache } from './short-lived-cache';

describe('short-lived cache', () => {
  const counting = (value: string | null) => {
    const loader = { calls: 0, load: async () => (loader.calls++, value) };
    return loader;
  };

  it('reuses a value until its time is up, then loads again', async () => {
    let now = 1_000;
    const cache = new ShortLivedCache<string>(2_000, 10, () => now);
    const loader = counting('row');
    assert.equal(await cache.get('k', loader.load), 'row');
    now += 1_999;
    assert.equal(await cache.get('k', loader.load), 'row');
    assert.equal(loader.calls, 1);
    now += 1;
    await cache.get('k', loader.load);
    assert.equal(loader.calls, 2);
  });

  it('does not cache a miss, so a new key works at once', async () => {
    const cache = new ShortLivedCache<string>(2_000, 10);
    const loader = counting(null);
    await cache.get('k', loader.load);
    await cache.get('k', loader.load);
    assert.equal(loader.calls, 2);
  });

  it('invalidate drops every value', async () => {
    const cache = new ShortLivedCache<string>(60_000, 10);
    const loader = counting('row');
    await cache.get('a', loader.load);
    cache.invalidate();
    await cache.get('a', loader.load);
    assert.equal(loader.calls, 2);
  });

  it('does not keep a load that was under way when invalidated (it may predate the change)', async () => {
    const cache = new ShortLivedCache<string>(60_000, 10);
    let release!: () => void;
    const slow = () => new Promise<string>((resolve) => (release = () => resolve('old')));
    const pending = cache.get('k', slow);
    cache.invalidate();
    release();
    assert.equal(await pending, 'old');
    const loader = counting('new');
    assert.equal(await cache.get('k', loader.load), 'new');
  });

  it('holds at most maxEntries values', async () => {
    const cache = new ShortLivedCache<string>(60_000, 2);
    const loader = counting('row');
    for (const k of ['a', 'b', 'c', 'a']) await cache.get(k, loader.load);
    // 'c' found the cache full and cleared it, so 'a' was loaded again.
    assert.equal(loader.calls, 4);
  });

  it('peek reads without loading; put keeps nothing computed across an invalidate', () => {
    let now = 0;
    const cache = new ShortLivedCache<string>(1_000, 10, () => now);
    assert.equal(cache.peek('k'), undefined);
    cache.put('k', 'v', cache.token());
    assert.equal(cache.peek('k'), 'v');
    now += 1_000;
    assert.equal(cache.peek('k'), undefined, 'expired');
    const token = cache.token();
    cache.invalidate();
    cache.put('k', 'stale', token);
    assert.equal(cache.peek('k'), undefined);
  });
});
