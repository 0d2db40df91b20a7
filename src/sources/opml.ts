// OPML 2.0, the list format every feed reader exchanges: read (nested outlines with an xmlUrl, any depth) and
// write (one outline per source, its name as text and title). Parsed with fast-xml-parser, validated with zod.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';
import type { Source } from '../domain.js';
import { UserError } from '../errors.js';

export interface OpmlFeed {
  url: string;
  name?: string;
}

const Outline: z.ZodType<{ xmlUrl?: string; text?: string; title?: string; outline?: unknown }> = z.looseObject({
  xmlUrl: z.string().optional(),
  text: z.string().optional(),
  title: z.string().optional(),
  outline: z.unknown().optional(),
});

const asArray = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The feeds an OPML file lists (http(s) xmlUrl only), in document order, each once. */
export function readOpml(xml: string): OpmlFeed[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new UserError('BAD_INPUT_FILE', `not an OPML file: ${valid.err.msg} (line ${valid.err.line})`);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', processEntities: true, htmlEntities: true }).parse(xml) as unknown;
  const body = z.object({ opml: z.object({ body: z.looseObject({ outline: z.unknown().optional() }) }) }).safeParse(doc);
  if (!body.success) throw new UserError('BAD_INPUT_FILE', 'not an OPML file: no <opml><body>');
  const feeds = new Map<string, OpmlFeed>();
  const walk = (nodes: unknown): void => {
    for (const raw of asArray(nodes)) {
      const o = Outline.safeParse(raw);
      if (!o.success) continue;
      const url = o.data.xmlUrl?.trim();
      if (url && /^https?:\/\//i.test(url) && !feeds.has(url)) {
        const name = (o.data.title ?? o.data.text)?.trim();
        feeds.set(url, { url, ...(name ? { name } : {}) });
      }
      walk(o.data.outline);
    }
  };
  walk(body.data.opml.body.outline);
  return [...feeds.values()];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function writeOpml(sources: readonly Source[], now: Date): string {
  const outlines = sources.map((s) => {
    const name = esc(s.name ?? new URL(s.url).hostname);
    return `    <outline type="rss" text="${name}" title="${name}" xmlUrl="${esc(s.url)}"/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    `  <head><title>briefbot sources</title><dateCreated>${now.toUTCString()}</dateCreated></head>`,
    '  <body>',
    ...outlines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
