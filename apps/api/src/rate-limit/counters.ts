import { Injectable } from '@nestjs/common';
import type { WindowRule, WindowState } from '#domain';
import { RedisService } from './redis.service';

/**
 * One atomic step for a set of fixed windows: read every counter; when all have room (the rule
 * of `admits` in #domain) count the request in each, opening a window with its expiry on first
 * use. Returns each window's count before the request and its remaining life in ms.
 */
const HIT = `
local admit = true
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[2 * i - 1]) then admit = false end
end
local out = {}
for i, key in ipairs(KEYS) do
  out[2 * i - 1] = tonumber(redis.call('GET', key) or '0')
  if admit then
    redis.call('INCR', key)
    if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[2 * i]) end
  end
  out[2 * i] = redis.call('PTTL', key)
end
return out
`;

/** Redis-backed window counters; `null` when Redis is unavailable (callers fail open). */
@Injectable()
export class WindowCounters {
  constructor(private readonly redis: RedisService) {}

  /** Counts a request in the windows `keys[i]` of `rules[i]` if all have room. */
  async hit(what: string, keys: string[], rules: readonly WindowRule[]): Promise<WindowState[] | null> {
    const args = rules.flatMap((r) => [r.limit, r.seconds * 1000]);
    const raw = await this.redis.attempt(what, (r) => r.eval(HIT, keys.length, ...keys, ...args) as Promise<number[]>);
    return raw && states(raw);
  }

  /** A window's state without counting anything. */
  async peek(what: string, key: string): Promise<WindowState | null> {
    const raw = await this.redis.attempt(what, (r) => r.multi().get(key).pttl(key).exec());
    if (!raw || raw.some(([err]) => err)) return null;
    return { count: Number(raw[0][1] ?? 0), ttlMs: Number(raw[1][1]) };
  }
}

function states(raw: number[]): WindowState[] {
  const out: WindowState[] = [];
  for (let i = 0; i < raw.length; i += 2) out.push({ count: Number(raw[i]), ttlMs: Number(raw[i + 1]) });
  return out;
}
