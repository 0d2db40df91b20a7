// A local feed host for source tests: serves whatever the test puts at a path, honours ETag/If-None-Match,
// and records every request. Listens on 127.0.0.1:0.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Served {
  /** Text is sent as UTF-8; bytes as they are (a feed in another charset). */
  body: string | Buffer;
  type?: string;
  status?: number;
  etag?: string;
}

export interface FeedServer {
  url: string;
  set(path: string, served: Served): void;
  requests: { path: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

export async function startFeedServer(): Promise<FeedServer> {
  const paths = new Map<string, Served>();
  const requests: FeedServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push({ path, headers: req.headers });
    const served = paths.get(path);
    if (!served) {
      res.writeHead(404).end('not here');
      return;
    }
    if (served.etag && req.headers['if-none-match'] === served.etag) {
      res.writeHead(304, { etag: served.etag }).end();
      return;
    }
    res.writeHead(served.status ?? 200, { 'content-type': served.type ?? 'application/rss+xml; charset=utf-8', ...(served.etag ? { etag: served.etag } : {}) });
    res.end(served.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    set: (path, served) => void paths.set(path, served),
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface Item {
  guid: string;
  title: string;
  link?: string;
  date?: string;
  content?: string;
  description?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An RSS 2.0 feed; `content` goes in content:encoded (full text), `description` alone is a summary. */
export function rss(title: string, items: readonly Item[]): string {
  const body = items.map((i) => `<item><guid>${esc(i.guid)}</guid><title>${esc(i.title)}</title>${i.link ? `<link>${esc(i.link)}</link>` : ''}${i.date ? `<pubDate>${i.date}</pubDate>` : ''}${i.description ? `<description>${esc(i.description)}</description>` : ''}${i.content ? `<content:encoded><![CDATA[${i.content}]]></content:encoded>` : ''}</item>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${esc(title)}</title><link>https://example.org/</link><description>test</description>${body}</channel></rss>`;
}

/** An article's HTML with paragraphs long enough to be read as one. */
export function articleHtml(paragraphs: readonly string[]): string {
  return paragraphs.map((p) => `<p>${p}</p>`).join('\n');
}
