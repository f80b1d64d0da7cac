/**
 * The SSRF policy for webhook endpoints: which URLs may be registered and which addresses an
 * attempt may connect to. Addresses are parsed and matched by Node's `net.isIP` and
 * `net.BlockList` (no hand-written parser); the tables below only say which ranges are which.
 */
import { BlockList, isIP } from 'node:net';
import type { EndpointPolicy, HostResolver, UrlCheck } from '#domain/ports.ts';
import { lazily } from '#domain/lazy.ts';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'shared' // 100.64/10, carrier-grade NAT
  | 'unspecified'
  | 'multicast'
  | 'reserved'
  | 'invalid';

type Range = [base: string, bits: number, cls: AddressClass];

/** IPv4 ranges, first match wins; anything else is public. */
const V4_RANGES: Range[] = [
  ['0.0.0.0', 8, 'unspecified'], // "this network"
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'], // includes the cloud metadata service 169.254.169.254
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.0.2.0', 24, 'reserved'], // TEST-NET-1
  ['192.88.99.0', 24, 'reserved'], // 6to4 relay anycast
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['198.51.100.0', 24, 'reserved'], // TEST-NET-2
  ['203.0.113.0', 24, 'reserved'], // TEST-NET-3
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // includes 255.255.255.255
];

/** The two 16-bit groups of an IPv4 address, in hex, for building IPv6 prefixes that embed it. */
const v4Groups = (v4: string) => {
  const [a, b, c, d] = v4.split('.').map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
};

/**
 * IPv6 ranges, first match wins; anything else is reserved. NAT64 (64:ff9b::/96) and 6to4
 * (2002::/16) embed an IPv4 address, so each IPv4 range appears again inside both prefixes.
 */
const v6Ranges = (): Range[] => [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'reserved'], // ::a.b.c.d, the deprecated IPv4-compatible form
  ...V4_RANGES.map(([base, bits, cls]): Range => [`64:ff9b::${v4Groups(base).join(':')}`, 96 + bits, cls]),
  ['64:ff9b::', 96, 'public'], // NAT64 of a public IPv4 address
  ...V4_RANGES.map(([base, bits, cls]): Range => [`2002:${v4Groups(base).join(':')}::`, 16 + bits, cls]),
  ['fc00::', 7, 'private'], // unique local (incl. fd00:ec2::254, the EC2 metadata service)
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // site-local (deprecated)
  ['ff00::', 8, 'multicast'],
  ['2001:db8::', 32, 'reserved'], // documentation
  ['2001::', 23, 'reserved'], // IETF assignments, incl. Teredo 2001::/32
  ['2000::', 3, 'public'], // global unicast
];

const table = (ranges: Range[], family: 'ipv4' | 'ipv6') =>
  ranges.map(([base, bits, cls]) => {
    const list = new BlockList();
    list.addSubnet(base, bits, family);
    return { list, cls };
  });
// Built on the first check, not at the cold start of every function that can send a webhook.
const tables = lazily(() => {
  const mapped = new BlockList();
  mapped.addSubnet('::ffff:0:0', 96, 'ipv6');
  return { v4: table(V4_RANGES, 'ipv4'), v6: table(v6Ranges(), 'ipv6'), mapped };
});

/** What kind of address `ip` is; only `public` addresses may receive webhooks (and loopback locally). */
export function classifyAddress(ip: string): AddressClass {
  const host = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (host.includes('%')) return 'invalid'; // zone ids only make sense on link-local addresses
  const family = isIP(host);
  const { v4, v6, mapped } = tables();
  if (family === 4) return v4.find((r) => r.list.check(host, 'ipv4'))?.cls ?? 'public';
  if (family !== 6) return 'invalid';
  // ::ffff:a.b.c.d is the IPv4 address itself; BlockList matches it against IPv4 ranges.
  if (mapped.check(host, 'ipv6')) return v4.find((r) => r.list.check(host, 'ipv6'))?.cls ?? 'public';
  return v6.find((r) => r.list.check(host, 'ipv6'))?.cls ?? 'reserved';
}

/**
 * Checks an endpoint URL: absolute http(s), no credentials, and every address its host resolves
 * to public. Outside local mode the scheme must be https. In local mode http and https to
 * loopback (localhost, 127.0.0.1, [::1]) are allowed too, so people can try webhooks on a laptop.
 * Called at registration and again before every attempt (DNS can change), and the attempt then
 * connects to an address this check approved.
 */
export async function checkWebhookUrl(raw: string, opts: { localMode: boolean; resolve: (host: string) => Promise<string[]> }): Promise<UrlCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, code: 'webhook-url-invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, code: 'webhook-url-https' };
  if (url.username || url.password || !url.hostname) return { ok: false, code: 'webhook-url-invalid' };
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = [...new Set(await opts.resolve(host))];
    } catch {
      addresses = [];
    }
    if (addresses.length === 0) return { ok: false, code: 'webhook-url-unresolvable', params: { host } };
  }
  const classes = addresses.map(classifyAddress);
  if (opts.localMode && classes.every((c) => c === 'loopback')) return { ok: true, url, addresses };
  if (url.protocol !== 'https:') return { ok: false, code: 'webhook-url-https' };
  const bad = addresses.find((_, i) => classes[i] !== 'public');
  if (bad !== undefined) return { ok: false, code: 'webhook-url-blocked', params: { address: bad } };
  return { ok: true, url, addresses };
}

/** The deployment's policy: `checkWebhookUrl` with its resolver and mode. */
export const endpointPolicy = (resolver: HostResolver, localMode: boolean): EndpointPolicy => ({
  check: (url) => checkWebhookUrl(url, { localMode, resolve: (h) => resolver.resolve(h) }),
});
