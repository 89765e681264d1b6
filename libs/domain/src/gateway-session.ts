/**
 * What a SQL Gateway error means for a foreground query's result cursor. The gateway keeps a
 * query's session, operation and unread results in memory: when it restarted or expired the
 * session, the cursor cannot be continued by any worker, and the query has to end.
 */
const LOST = [/Session '[^']*' does not exist/, /Can not find the submitted operation/];

/** Whether the gateway no longer has the session (or the operation in it) an error names. */
export function gatewaySessionLost(message: string): boolean {
  return LOST.some((p) => p.test(message));
}

/** status.detail of a query whose gateway session was lost. */
export const LOST_SESSION_DETAIL =
  'The SQL Gateway no longer has this query’s session (the gateway restarted, or the session expired while no engine worker served it), so its remaining results cannot be fetched; submit the query again.';
