/** A webhook receiver for the notification tests: records every request and answers with queued statuses. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The HTTP status the receiver answered. */
  status: number;
}

/** A webhook receiver answering each request to a path with that path's next queued status (200 once they run out). */
export async function startReceiver() {
  const received: Received[] = [];
  const answers = new Map<string, number[]>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const path = req.url ?? '';
      res.statusCode = answers.get(path)?.shift() ?? 200;
      received.push({ path, headers: req.headers, body, status: res.statusCode });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const answer = (path: string, ...statuses: number[]) => answers.set(path, statuses);
  return { url, received, answer, close: () => new Promise((r) => server.close(r)) };
}
