/**
 * Fixed-window rate limiting, the arithmetic only. A window opens with the first request that
 * counts in it and lasts `seconds`; the store (Redis) keeps one counter per window with that
 * expiry, so every API replica sees the same count and the same clock. A request is admitted
 * only when every window has room, and only admitted requests are counted, so a client that
 * keeps hammering is not locked out past the end of the windows it filled.
 */
export interface WindowRule {
  /** Requests allowed per window (at least 1). */
  limit: number;
  seconds: number;
}

/** A window's state as read before the request: its count and the time until it closes. */
export interface WindowState {
  count: number;
  /** Milliseconds until the window closes; negative when it has not opened yet. */
  ttlMs: number;
}

export interface RateDecision {
  admitted: boolean;
  /** What the X-RateLimit-* headers report: the window with the least room left. */
  limit: number;
  remaining: number;
  /** Seconds until that window closes (relative, as Confluent's X-RateLimit-Reset). */
  resetSeconds: number;
  /** When refused: seconds until every full window has closed. */
  retryAfterSeconds?: number;
  /** When refused: the rule that refused it (the one that frees last). */
  exceeded?: WindowRule;
}

/** The windows in force; a limit of 0 switches that window off. */
export function windowRules(perSecond: number, perMinute: number): WindowRule[] {
  return [
    { limit: perSecond, seconds: 1 },
    { limit: perMinute, seconds: 60 },
  ].filter((r) => r.limit > 0);
}

/** Whole seconds until a window closes, at least 1 (a closing window still refuses for now). */
export function secondsUntilReset(rule: WindowRule, state: WindowState): number {
  if (state.ttlMs < 0) return rule.seconds;
  return Math.max(1, Math.ceil(state.ttlMs / 1000));
}

/** Whether a request fits; the store admits (and counts) it by the same rule: count < limit everywhere. */
export function admits(rules: readonly WindowRule[], states: readonly WindowState[]): boolean {
  return rules.every((rule, i) => states[i].count < rule.limit);
}

export function decide(rules: readonly WindowRule[], states: readonly WindowState[]): RateDecision {
  if (rules.length === 0 || rules.length !== states.length) {
    throw new Error('decide needs one state per rule and at least one rule');
  }
  const admitted = admits(rules, states);
  const views = rules.map((rule, i) => ({
    rule,
    remaining: Math.max(0, rule.limit - states[i].count - (admitted ? 1 : 0)),
    reset: secondsUntilReset(rule, states[i]),
  }));
  // Least room first; on a tie the window that closes last, since it binds longer.
  const shown = views.reduce((a, b) =>
    b.remaining < a.remaining || (b.remaining === a.remaining && b.reset > a.reset) ? b : a,
  );
  const decision: RateDecision = {
    admitted,
    limit: shown.rule.limit,
    remaining: shown.remaining,
    resetSeconds: shown.reset,
  };
  if (!admitted) {
    const full = views.filter((v, i) => states[i].count >= v.rule.limit);
    const last = full.reduce((a, b) => (b.reset > a.reset ? b : a));
    decision.retryAfterSeconds = last.reset;
    decision.exceeded = last.rule;
  }
  return decision;
}
