// What the poller needs from the network: one GET, conditional when validators are known, decoded to text.
// bin/ wires the SSRF-safe fetcher (src/fetch/); tests can pass their own.
export interface Conditional {
  etag?: string;
  lastModified?: string;
}

export interface FetchedText {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  /** A conditional GET answered 304: nothing changed, `text` is empty. */
  notModified: boolean;
  contentType?: string;
  etag?: string;
  lastModified?: string;
  text: string;
}

export type Fetcher = (url: string, conditional?: Conditional) => Promise<FetchedText>;
