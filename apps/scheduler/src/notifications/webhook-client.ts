import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { addressProblem, webhookUrlProblem, type WebhookTargetPolicy } from '#domain';

/**
 * Resolves like the system resolver, then refuses when any address of the name is not allowed
 * (fail closed): the connection goes to an address this check saw, so a name cannot resolve to
 * a public address here and an internal one at connect time.
 */
export function guardedLookup(policy: WebhookTargetPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { all: true, family: options.family as number | undefined }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses as LookupAddress[];
      const problem = list.map((a) => addressProblem(a.address, policy)).find((p) => p !== null);
      if (problem || list.length === 0) {
        return callback(new Error(`refused: ${hostname} resolves to ${problem ?? 'no address'}`), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

/**
 * POSTs `body` to a webhook and resolves with the HTTP status of its answer (redirects are not
 * followed); rejects when the URL or its addresses are not allowed, or no answer comes in time.
 */
export function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  policy: WebhookTargetPolicy,
  timeoutMs: number,
): Promise<number> {
  const problem = webhookUrlProblem(url, policy);
  if (problem) return Promise.reject(new Error(`refused: the URL ${problem}`));
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(policy),
        agent: false,
        timeout: timeoutMs,
      },
      (res) => {
        res.resume(); // the answer's body is not read, only its status
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.on('close', () => clearTimeout(timer));
    req.end(body);
  });
}
