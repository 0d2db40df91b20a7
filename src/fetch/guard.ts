// Where the private-address rule is enforced for the safe fetcher: on the URL (scheme, credentials, literal IPs)
// and inside the `lookup` Node's http/https use to connect, so the addresses checked are the ones connected to
// (DNS rebinding gets no second answer), on every redirect hop.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import type { UserError } from '../errors.js';
import { addressRange, isAllowedAddress } from './addresses.js';
import { fetchRefused as refused, shown } from './messages.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
/** Resolves a host name to every address it has (see FetchPolicy.resolve). */
export type Resolve = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemResolve: Resolve = async (hostname) =>
  (await dnsLookup(hostname, { all: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/** The refusal for a private address: names the host, the address and its range, and how to allow it. */
export function privateAddressRefusal(url: URL, host: string, ip: string): UserError {
  const range = addressRange(ip);
  const what = `${range === 'invalid' ? 'not a valid address' : `a private address (${range})`}, not on the public internet`;
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  const subject = isIP(bare) ? `${host} is ${what}` : `${host} resolves to ${ip}, ${what}`;
  return refused(url, `${subject}. Add ${bare} to FETCH_ALLOW_HOSTS to allow it.`);
}

/** Parses a URL the fetcher may try: http: or https:, without credentials. Throws FETCH_REFUSED otherwise. */
export function checkedUrl(input: string | URL, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(input, base);
  } catch {
    throw refused(JSON.stringify(shown(input)), 'it is not a valid URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw refused(url, `only http: and https: URLs can be fetched, not ${url.protocol} URLs.`);
  }
  if (url.username || url.password) {
    const bare = new URL(url.href);
    bare.username = '';
    bare.password = '';
    throw refused(bare, 'URLs with a user name or password in them are not fetched.');
  }
  return url;
}

/** Refuses a URL whose host is a literal IP outside the rule (Node connects to those without any lookup). */
export function checkLiteralHost(url: URL, allowHosts: readonly string[]): void {
  const bare = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare) && !isAllowedAddress(bare, allowHosts, url.hostname)) throw privateAddressRefusal(url, url.hostname, bare);
}

/**
 * A `lookup` for http.request: resolves the name once, refuses it if ANY of its addresses is private (unless
 * FETCH_ALLOW_HOSTS allows it), and hands Node exactly the addresses it checked, so the connection goes to one of them.
 */
export function guardedLookup(url: URL, allowHosts: readonly string[], resolve: Resolve = systemResolve): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
    const answer = async (): Promise<ResolvedAddress[]> => {
      const addresses = await resolve(hostname);
      const bad = addresses.find((a) => !isAllowedAddress(a.address, allowHosts, hostname));
      if (bad) throw privateAddressRefusal(url, hostname, bad.address);
      const usable = addresses.filter((a) => family === 0 || a.family === family);
      if (usable.length === 0) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
      return usable;
    };
    // the callback runs outside the promise chain, so nothing it throws is taken for a lookup failure
    answer().then(
      (usable) =>
        setImmediate(() => {
          const first = usable[0] as ResolvedAddress;
          if (options.all) callback(null, usable.map((a) => ({ address: a.address, family: a.family })));
          else callback(null, first.address, first.family);
        }),
      (err: NodeJS.ErrnoException) => setImmediate(() => callback(err, '', 0)),
    );
  };
}
