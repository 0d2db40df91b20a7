// Unit tests for the address rule of the safe fetcher: which IPs are private, and how FETCH_ALLOW_HOSTS lifts it.
import { describe, expect, it } from 'vitest';
import { addressRange, isAllowedAddress, isValidAllowEntry } from '../../src/fetch/addresses.js';

describe('isAllowedAddress: private ranges are refused', () => {
  it.each([
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['ff02::1', 'multicast'],
    // IPv4-mapped, IPv4-compatible, NAT64 and 6to4 forms of private IPv4 addresses
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::7f00:1', 'IPv4-compatible'],
    ['::808:808', 'IPv4-compatible'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['64:ff9b:1::1', 'NAT64 local-use'],
    ['2002:7f00:1::1', 'loopback'],
    ['2001::1', 'Teredo'],
  ])('%s is refused (%s)', (ip, range) => {
    expect(isAllowedAddress(ip, [])).toBe(false);
    expect(addressRange(ip)).toBe(range);
  });

  it('refuses ::a.b.c.d written with a private IPv4 address (ipaddr.js reads it as IPv4-mapped: refused either way)', () => {
    expect(isAllowedAddress('::127.0.0.1', [])).toBe(false);
    expect(isAllowedAddress('::10.0.0.1', [])).toBe(false);
  });

  it('refuses what is not an IP address at all', () => {
    expect(isAllowedAddress('not-an-ip', [])).toBe(false);
    expect(isAllowedAddress('', [])).toBe(false);
    expect(isAllowedAddress('127.0.0.1.example.com', [])).toBe(false);
  });

  it('allows public unicast addresses, including public ones behind NAT64 and 6to4', () => {
    for (const ip of ['93.184.216.34', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '64:ff9b::5db8:d822', '2002:5db8:d822::1', '::ffff:93.184.216.34']) {
      expect(isAllowedAddress(ip, []), ip).toBe(true);
      expect(addressRange(ip), ip).toBe('public');
    }
  });
});

describe('isAllowedAddress: FETCH_ALLOW_HOSTS lifts the rule only for what it names', () => {
  it('an IP entry allows that address only, in any spelling (mapped, zero-compressed)', () => {
    expect(isAllowedAddress('127.0.0.2', ['127.0.0.1'])).toBe(false);
    expect(isAllowedAddress('10.0.0.1', ['127.0.0.1'])).toBe(false);
    expect(isAllowedAddress('127.0.0.1', ['127.0.0.1'])).toBe(true);
    expect(isAllowedAddress('::ffff:127.0.0.1', ['127.0.0.1'])).toBe(true);
    expect(isAllowedAddress('0:0:0:0:0:0:0:1', ['::1'])).toBe(true);
  });

  it('a CIDR entry allows the addresses inside it, not its neighbours', () => {
    expect(isAllowedAddress('10.1.0.1', ['10.0.0.0/16'])).toBe(false);
    expect(isAllowedAddress('192.168.0.1', ['10.0.0.0/8'])).toBe(false);
    expect(isAllowedAddress('10.0.200.7', ['10.0.0.0/16'])).toBe(true);
    expect(isAllowedAddress('fd00::5', ['fd00::/8'])).toBe(true);
    expect(isAllowedAddress('fe80::1', ['fd00::/8'])).toBe(false);
  });

  it('a host-name entry allows that host (as written in the URL, any case, trailing dot) and no other', () => {
    expect(isAllowedAddress('10.0.0.5', ['intranet.local'])).toBe(false);
    expect(isAllowedAddress('10.0.0.5', ['intranet.local'], 'evil.test')).toBe(false);
    expect(isAllowedAddress('10.0.0.5', ['intranet.local'], 'sub.intranet.local')).toBe(false);
    expect(isAllowedAddress('10.0.0.5', ['intranet.local'], 'intranet.local')).toBe(true);
    expect(isAllowedAddress('10.0.0.5', ['Intranet.Local'], 'INTRANET.local.')).toBe(true);
  });

  it('ignores malformed entries instead of allowing everything', () => {
    expect(isAllowedAddress('10.0.0.1', ['', '*', '0.0.0.0/0x', '10.0.0.0/99'])).toBe(false);
  });
});

describe('isValidAllowEntry (for FETCH_ALLOW_HOSTS)', () => {
  it('rejects wildcards, URLs and bad CIDRs', () => {
    for (const e of ['*', 'http://x.test/', '10.0.0.0/33', 'a b', 'host:80', '']) expect(isValidAllowEntry(e), e).toBe(false);
  });
  it('accepts host names, IPs and CIDRs', () => {
    for (const e of ['intranet.local', 'localhost', '127.0.0.1', '::1', '10.0.0.0/8', 'fd00::/8']) expect(isValidAllowEntry(e), e).toBe(true);
  });
});
