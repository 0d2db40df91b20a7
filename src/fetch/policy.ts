// What the safe fetcher may do (FetchPolicy, built from FETCH_* settings by fetchPolicy() in config.ts) and what
// it gives back (Fetched).
import type { Resolve } from './guard.js';

export interface FetchPolicy {
  /** Host names, IPs or CIDRs for which the private-address rule is lifted (FETCH_ALLOW_HOSTS). */
  allowHosts: readonly string[];
  /** FETCH_MAX_BYTES, default 10 MB, counted AFTER decompression. */
  maxBytes: number;
  /** Connect and read (idle) timeout in ms (FETCH_TIMEOUT_MS), default 15 000. */
  timeoutMs: number;
  /** Most redirects followed, default 5. */
  maxRedirects: number;
  /** Sent as User-Agent. */
  userAgent: string;
  /**
   * The one injection point: resolves a host name to all its addresses. Default: the system resolver
   * (dns.lookup with all: true). Tests pass one so that a made-up name (rebind.test) resolves to 127.0.0.1.
   * Whatever it answers is still checked against the private-address rule before connecting.
   */
  resolve?: Resolve;
}

export const DEFAULT_USER_AGENT = 'briefbot/0.1 (+https://github.com/briefbot/briefbot)';

export const DEFAULT_FETCH_POLICY: FetchPolicy = Object.freeze({
  allowHosts: Object.freeze([]) as readonly string[],
  maxBytes: 10 * 1024 * 1024,
  timeoutMs: 15_000,
  maxRedirects: 5,
  userAgent: DEFAULT_USER_AGENT,
});

/** Validators of an earlier fetch of the same URL, for a conditional GET. */
export interface Conditional {
  etag?: string;
  lastModified?: string;
}

export interface Fetched {
  /** Final URL after redirects. */
  url: string;
  /** The final status: a 2xx (normally 200), or 304 when notModified. */
  status: number;
  /** A conditional GET was answered 304 (text is ''). */
  notModified: boolean;
  /** Media type without parameters, lower-case. */
  contentType?: string;
  etag?: string;
  lastModified?: string;
  /** Body decoded to a string with the right charset. */
  text: string;
}
