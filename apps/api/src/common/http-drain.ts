import type { Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import type { ApiReply } from './http';

/**
 * Stops an API replica without cutting off a request: it stops accepting connections, answers
 * every request already sent (each answer then closes its connection, so no client reuses it),
 * and closes idle connections once they have had a moment to deliver a request already on its
 * way. `http.Server#close` would close idle keep-alive connections at once, resetting a request a
 * client had just written to one.
 */
export class HttpDrain {
  private draining = false;

  /** onRequest hook: once draining, every answer asks the client to close the connection. */
  readonly onRequest = (reply: ApiReply): void => {
    if (this.draining) reply.header('Connection', 'close');
  };

  /** Resolves once every connection has ended; after `timeoutMs` the rest are closed. */
  async drain(server: Server, idleGraceMs = 1000, timeoutMs = 25_000): Promise<void> {
    this.draining = true;
    const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
    const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs);
    // A connection answered with Connection: close ends by itself; one idle from before the
    // drain is closed after the grace period, in which a request already sent on it is read.
    const sweep = setInterval(() => server.closeIdleConnections(), idleGraceMs);
    try {
      await closed;
    } finally {
      clearTimeout(deadline);
      clearInterval(sweep);
    }
  }
}
