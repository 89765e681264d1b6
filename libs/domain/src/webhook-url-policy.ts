import { isIP } from 'node:net';

/**
 * Where webhooks may be delivered (server-side request forgery guard). A subscription's URL is
 * checked when it is written, and every address its host resolves to is checked again when a
 * delivery connects, so a name that later resolves inside the network is refused too.
 */
export interface WebhookTargetPolicy {
  /** Plain http:// URLs (otherwise https:// only). */
  allowHttp: boolean;
  /** Loopback, private (RFC 1918, ULA), link-local and other non-public addresses. */
  allowPrivateNetworks: boolean;
}

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'reserved';

function ipv4Octets(ip: string): number[] {
  return ip.split('.').map(Number);
}

function classifyIpv4(ip: string): AddressClass {
  const [a, b] = ipv4Octets(ip);
  if (ip === '169.254.169.254') return 'metadata';
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 100 && b >= 64 && b <= 127) return 'private'; // carrier-grade NAT
  if (a === 169 && b === 254) return 'link-local';
  if (a === 0 || a >= 224 || (a === 192 && b === 0) || (a === 198 && (b === 18 || b === 19))) return 'reserved';
  return 'public';
}

/** IPv6 as eight 16-bit groups (`::` expanded, a dotted IPv4 tail folded in). */
function ipv6Groups(ip: string): number[] {
  let text = ip.toLowerCase().split('%')[0];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = ipv4Octets(v4[1]);
    text = text.slice(0, -v4[1].length) + `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const fill = tail === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...fill, ...right];
}

function classifyIpv6(ip: string): AddressClass {
  const g = ipv6Groups(ip);
  if (g.slice(0, 7).every((x) => x === 0)) return g[7] === 1 ? 'loopback' : 'reserved';
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) addresses carry an IPv4 one.
  const mapped = g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  if (mapped || nat64) {
    return classifyIpv4(`${g[6] >> 8}.${g[6] & 0xff}.${g[7] >> 8}.${g[7] & 0xff}`);
  }
  if (g[0] === 0xfd00 && g[1] === 0xec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254) return 'metadata';
  if ((g[0] & 0xfe00) === 0xfc00) return 'private';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  // Multicast and the documentation prefix.
  if ((g[0] & 0xff00) === 0xff00 || (g[0] === 0x2001 && g[1] === 0xdb8)) return 'reserved';
  return 'public';
}

/** What kind of address an IP literal is; null when it is not one. */
export function classifyAddress(ip: string): AddressClass | null {
  const family = isIP(ip.split('%')[0]);
  if (family === 4) return classifyIpv4(ip);
  if (family === 6) return classifyIpv6(ip);
  return null;
}

/** Why a resolved address may not be connected to, or null when it may. */
export function addressProblem(ip: string, policy: WebhookTargetPolicy): string | null {
  const kind = classifyAddress(ip);
  if (kind === null) return `${ip} is not an IP address`;
  if (kind === 'public') return null;
  // The cloud metadata service hands out credentials: never a webhook target.
  if (kind === 'metadata') return `${ip} is a cloud metadata address, never a webhook target`;
  if (kind === 'reserved') return `${ip} is a reserved address`;
  if (policy.allowPrivateNetworks) return null;
  return `${ip} is a ${kind} address; webhooks go to public addresses unless the operator sets CFLINK_WEBHOOK_ALLOW_PRIVATE_NETWORKS=true`;
}

const LOCAL_NAMES = /(^|\.)(localhost|localdomain|internal|local)$/i;

/** Why `raw` cannot be a webhook URL under `policy`, or null when it can (its names are checked again on delivery). */
export function webhookUrlProblem(raw: string, policy: WebhookTargetPolicy): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL such as https://hooks.example.com/cflink';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    return policy.allowHttp
      ? 'must use https:// or http://'
      : 'must use https:// (http:// only when the operator allows it)';
  }
  if (url.username || url.password) return 'must not carry credentials; receivers verify the signature instead';
  if (url.hash) return 'must not have a #fragment';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (classifyAddress(host) !== null) return addressProblem(host, policy);
  if (!policy.allowPrivateNetworks && (LOCAL_NAMES.test(host) || !host.includes('.'))) {
    return `host ${host} names a local machine; webhooks go to public hosts unless the operator sets CFLINK_WEBHOOK_ALLOW_PRIVATE_NETWORKS=true`;
  }
  return null;
}
