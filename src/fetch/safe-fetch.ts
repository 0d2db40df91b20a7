// safeFetch: GET an http(s) URL for the bot (feeds, pages, URLs a chat user gives) without letting it reach the
// bot's own network (SSRF), with size, redirect and time limits, conditional GET and charset-aware decoding.
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { UserError } from '../errors.js';
import { isAllowedAddress } from './addresses.js';
import { readBody } from './body.js';
import { decodeBody, parseContentType } from './charset.js';
import { checkedUrl, checkLiteralHost, guardedLookup, privateAddressRefusal } from './guard.js';
import { fetchFailed, fetchRefused } from './messages.js';
import type { Conditional, Fetched, FetchPolicy } from './policy.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** One request and its response, on a connection of its own. */
interface Exchange {
  res: IncomingMessage;
  /** The error the exchange was cut with (timeout, abort, a tripwire refusal), if it was. */
  cutReason(): Error | undefined;
  close(): void;
}

/**
 * Fetches `url` under `policy`: http(s) only; every address checked at connection time on every hop (FETCH_ALLOW_HOSTS
 * lifts the rule); at most maxRedirects redirects; the body at most maxBytes after decompression; timeoutMs to connect
 * and between any two reads. Throws UserError FETCH_REFUSED or FETCH_FAILED, or the signal's reason when aborted.
 */
export async function safeFetch(url: string, policy: FetchPolicy, conditional?: Conditional, signal?: AbortSignal): Promise<Fetched> {
  signal?.throwIfAborted();
  let current = checkedUrl(url);
  const headers = requestHeaders(current, policy, conditional);
  const seen = new Set([withoutHash(current)]);
  try {
    for (let redirects = 0; ; redirects++) {
      checkLiteralHost(current, policy.allowHosts);
      const ex = await open(current, policy, headers, signal);
      const { res } = ex;
      const status = res.statusCode ?? 0;
      if (REDIRECTS.has(status)) {
        ex.close();
        current = nextHop(current, status, res.headers.location, seen, redirects, policy.maxRedirects);
        continue;
      }
      const found = { url: current.href, status, ...validators(res), ...mediaType(res) };
      if (status === 304) {
        ex.close();
        return { ...found, notModified: true, text: '' };
      }
      if (status < 200 || status > 299) {
        ex.close();
        throw fetchFailed(current, `the server answered HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''}.`);
      }
      try {
        const body = await readBody(res, current, policy.maxBytes, ex.cutReason);
        return { ...found, notModified: false, text: decodeBody(body, parseContentType(res.headers['content-type']).charset) };
      } finally {
        ex.close();
      }
    }
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    if (e instanceof UserError) throw e;
    throw fetchFailed(current, networkError(e, current));
  }
}

function requestHeaders(url: URL, policy: FetchPolicy, conditional: Conditional | undefined): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = { 'user-agent': policy.userAgent, 'accept-encoding': 'gzip, deflate, br', accept: '*/*' };
  const add = (name: string, value: string | undefined) => {
    if (value === undefined) return;
    // a validator is sent back as stored: one with a line break or other control character would inject headers
    if (/[^\t\x20-\x7e\x80-\xff]/.test(value)) throw fetchRefused(url, `the stored ${name} has characters not allowed in an HTTP header.`);
    headers[name.toLowerCase()] = value;
  };
  add('If-None-Match', conditional?.etag);
  add('If-Modified-Since', conditional?.lastModified);
  return headers;
}

function withoutHash(url: URL): string {
  return url.href.replace(/#.*$/, '');
}

/** The URL a redirect leads to, after the scheme, loop and count checks. */
function nextHop(from: URL, status: number, location: string | undefined, seen: Set<string>, redirects: number, max: number): URL {
  if (!location) throw fetchFailed(from, `the server answered ${status} without a Location to redirect to.`);
  const next = checkedUrl(location, from);
  if (seen.has(withoutHash(next))) throw fetchFailed(from, `a redirect loop (back to ${next.href}).`);
  if (redirects >= max) throw fetchFailed(from, `more than ${max} redirects.`);
  seen.add(withoutHash(next));
  return next;
}

function validators(res: IncomingMessage): { etag?: string; lastModified?: string } {
  const out: { etag?: string; lastModified?: string } = {};
  if (res.headers.etag) out.etag = res.headers.etag;
  if (res.headers['last-modified']) out.lastModified = res.headers['last-modified'];
  return out;
}

function mediaType(res: IncomingMessage): { contentType?: string } {
  const { type } = parseContentType(res.headers['content-type']);
  return type ? { contentType: type } : {};
}

/** Sends the GET and waits for the response head, with the connect timer, the idle timer and the abort signal. */
function open(url: URL, policy: FetchPolicy, headers: OutgoingHttpHeaders, signal: AbortSignal | undefined): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const host = url.hostname;
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let cut: Error | undefined;
    let res: IncomingMessage | undefined;
    // agent: false: a connection of its own, never a pooled socket that was checked under another policy
    const req = request(url, { method: 'GET', headers, agent: false, lookup: guardedLookup(url, policy.allowHosts, policy.resolve) });
    const stop = (err: Error) => {
      cut ??= err;
      res?.destroy(err);
      req.destroy(err);
    };
    const connectTimer = setTimeout(
      () => stop(fetchFailed(url, `timed out after ${policy.timeoutMs} ms connecting to ${host} (FETCH_TIMEOUT_MS).`)),
      policy.timeoutMs,
    );
    const onAbort = () => stop(signal?.reason instanceof Error ? signal.reason : new DOMException('The fetch was aborted.', 'AbortError'));
    signal?.addEventListener('abort', onAbort, { once: true });
    const close = () => {
      clearTimeout(connectTimer);
      signal?.removeEventListener('abort', onAbort);
      res?.destroy();
      req.destroy();
    };

    req.on('socket', (socket) => {
      socket.once('connect', () => {
        clearTimeout(connectTimer);
        // tripwire: the lookup already refused private addresses; this catches any path that skipped it
        const ip = socket.remoteAddress;
        if (ip === undefined || !isAllowedAddress(ip, policy.allowHosts, host)) return stop(privateAddressRefusal(url, host, ip ?? '?'));
        socket.setTimeout(policy.timeoutMs);
      });
      socket.on('timeout', () => stop(fetchFailed(url, `${host} sent nothing for ${policy.timeoutMs} ms (FETCH_TIMEOUT_MS).`)));
    });
    req.on('response', (r) => {
      res = r;
      resolve({ res: r, cutReason: () => cut, close });
    });
    req.on('error', (e) => {
      close();
      reject(cut ?? e);
    });
    req.end();
  });
}

/** A network error in words for chat (no OpenSSL dumps). */
function networkError(e: unknown, url: URL): string {
  const err = e as NodeJS.ErrnoException;
  const code = typeof err.code === 'string' ? err.code : '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `the host ${url.hostname} was not found.`;
  if (code === 'ECONNREFUSED') return `${url.host} refused the connection.`;
  if (code === 'ECONNRESET') return `${url.host} closed the connection.`;
  if (code === 'EPROTO' || code.startsWith('ERR_SSL_')) return `the secure (TLS) connection to ${url.host} failed.`;
  if (/CERT|SIGNATURE|ALTNAME/.test(code)) return `the certificate of ${url.host} was not accepted (${code}).`;
  return `${(err.message ?? String(e)).replace(/\.$/, '')}.`;
}
