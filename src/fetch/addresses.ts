// The private-address rule of the safe fetcher: classifies an IP (ipaddr.js knows the special ranges) and decides
// whether the bot may connect to it, given FETCH_ALLOW_HOSTS. Deny by default: only public unicast is allowed.
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Readable names for ipaddr.js's range names; the ones not listed are shown as ipaddr.js names them. */
const RANGE_LABELS: Record<string, string> = {
  linkLocal: 'link-local',
  carrierGradeNat: 'carrier-grade NAT',
  uniqueLocal: 'unique-local',
  deprecatedSiteLocal: 'site-local',
  rfc6145: 'IPv4-translated',
  teredo: 'Teredo',
};

/** The 6to4 prefix (RFC 3056) carries an IPv4 address in bits 16–47; the NAT64 well-known prefix (RFC 6052) in its last 32. */
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');

/** The IPv4 address an IPv6 address stands for (IPv4-mapped, NAT64 well-known prefix, 6to4), if any. */
function embeddedIPv4(addr: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  if (addr.isIPv4MappedAddress()) return addr.toIPv4Address();
  const p = addr.parts;
  if (addr.match(NAT64_WELL_KNOWN)) return ipv4FromWords(p[6], p[7]);
  if (addr.range() === '6to4') return ipv4FromWords(p[1], p[2]);
  return undefined;
}

function ipv4FromWords(hi = 0, lo = 0): ipaddr.IPv4 {
  return new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
}

/** Parses a strictly written IP (as DNS answers and WHATWG URLs give them); undefined for anything else. */
function parseIp(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  const bare = ip.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare.replace(/%.*$/, '')) === 0) return undefined;
  const addr = ipaddr.parse(bare);
  if (addr.kind() === 'ipv6') return embeddedIPv4(addr as ipaddr.IPv6) ?? addr;
  return addr;
}

/**
 * 'public' for a public unicast address, else the name of its special range ('loopback', 'private', 'link-local',
 * 'unique-local', 'carrier-grade NAT', 'multicast', 'unspecified', 'IPv4-compatible', …), or 'invalid'.
 * IPv6 forms of an IPv4 address (::ffff:a.b.c.d, 64:ff9b::/96, 2002::/16) are classified as that IPv4 address.
 */
export function addressRange(ip: string): string {
  const addr = parseIp(ip);
  if (!addr) return 'invalid';
  const range = addr.range();
  if (range === 'unicast') {
    // ::a.b.c.d (IPv4-compatible, deprecated by RFC 4291): never a legitimate public destination
    if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).parts.slice(0, 6).every((w) => w === 0)) return 'IPv4-compatible';
    return 'public';
  }
  if (range === 'rfc6052') return 'NAT64 local-use'; // 64:ff9b:1::/48; the well-known /96 was unwrapped above
  return RANGE_LABELS[range] ?? range;
}

function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

/** An entry of FETCH_ALLOW_HOSTS: a host name, an IP address or a CIDR block. */
export function isValidAllowEntry(entry: string): boolean {
  const e = entry.trim();
  if (isIP(e) !== 0) return true;
  const slash = e.indexOf('/');
  if (slash > 0) {
    if (isIP(e.slice(0, slash)) === 0) return false;
    try {
      ipaddr.parseCIDR(e);
      return true;
    } catch {
      return false;
    }
  }
  return /^[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*\.?$/i.test(e);
}

/** Whether `entry` (an IP or CIDR of FETCH_ALLOW_HOSTS) covers `addr`; host-name and malformed entries cover nothing. */
function entryCovers(entry: string, addr: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  if (!isValidAllowEntry(entry)) return false;
  try {
    if (entry.includes('/')) {
      const [range, bits] = ipaddr.parseCIDR(entry.trim());
      return range.kind() === addr.kind() && addr.match(range, bits);
    }
    const allowed = parseIp(entry);
    return allowed !== undefined && allowed.kind() === addr.kind() && allowed.toNormalizedString() === addr.toNormalizedString();
  } catch {
    return false;
  }
}

/**
 * Whether the fetcher may connect to `ip`: yes for a public unicast address; for any other, only when FETCH_ALLOW_HOSTS
 * (`allowHosts`) names `host` (the host name as written in the URL), or names the IP itself, or a CIDR block holding it.
 */
export function isAllowedAddress(ip: string, allowHosts: readonly string[], host?: string): boolean {
  const addr = parseIp(ip);
  if (!addr) return false;
  if (addressRange(ip) === 'public') return true;
  if (host !== undefined) {
    const name = normalizeHost(host);
    if (name !== '' && allowHosts.some((e) => isValidAllowEntry(e) && normalizeHost(e) === name)) return true;
  }
  return allowHosts.some((e) => entryCovers(e, addr));
}
