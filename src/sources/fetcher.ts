// What the poller needs from the network: one GET, conditional when validators are known, decoded to text.
// The app wires the SSRF-safe fetcher (src/fetch/); tests can pass their own.
import type { Conditional, Fetched } from '../fetch/policy.js';

export type { Conditional };
export type FetchedText = Fetched;
export type Fetcher = (url: string, conditional?: Conditional) => Promise<FetchedText>;
