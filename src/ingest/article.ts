// From cleaned lines to a NewDocument: title, dateline and body separated; missing metadata derived
// honestly (title from a heading or the first sentence, date from a dateline, else unknown) — never invented.
import { NewDocument, type NewDocument as NewDocumentType } from '../domain.js';
import { UserError } from '../errors.js';
import { findDateline, parseDate } from '../text/dates.js';
import { splitSentences } from '../text/sentences.js';
import { cleanLines } from './clean.js';

export interface ArticleMetadata {
  title?: string;
  source?: string;
  url?: string;
  publishedAt?: string;
}

const ENDS_SENTENCE = /[.!?…:;"”’']$/;

function isHeading(line: string): boolean {
  const words = line.split(/\s+/).length;
  return words <= 20 && !ENDS_SENTENCE.test(line) && !parseDate(line);
}

function shorten(sentence: string, maxWords = 14): string {
  const words = sentence.replace(/[.!?]+$/, '').split(/\s+/);
  return words.length <= maxWords ? words.join(' ') : `${words.slice(0, maxWords).join(' ')}…`;
}

/** Builds a document from raw article text and whatever metadata is known. */
export function buildArticle(raw: string, meta: ArticleMetadata, fallbackSource: string, origin?: string): NewDocumentType {
  let lines = cleanLines(raw).map((l) => l.replace(/^#{1,6}\s+/, ''));
  let title = meta.title?.trim();
  let titleOrigin: NewDocumentType['titleOrigin'] = 'metadata';
  const first = lines[0];
  if (first !== undefined && (isHeading(first) || (title !== undefined && first === title))) {
    // the first line is the headline: use it when no title was given, and keep it out of the body either way
    if (!title) {
      title = first;
      titleOrigin = 'heading';
    }
    lines = lines.slice(1);
  }
  const dateline = findDateline(lines);
  const publishedAt = meta.publishedAt ? (parseDate(meta.publishedAt) ?? meta.publishedAt) : dateline;
  // drop the dateline and in-body sub-headings: they are not sentences
  const body = lines.filter((l) => !(l.length <= 60 && parseDate(l) === dateline && dateline) && !(l.split(/\s+/).length <= 10 && !ENDS_SENTENCE.test(l)));
  const text = body.join('\n\n');
  if (!text.trim()) throw new UserError('BAD_INPUT_FILE', 'no article text after removing boilerplate');
  if (!title) {
    title = shorten(splitSentences(text)[0] ?? text);
    titleOrigin = 'first-sentence';
  }
  return NewDocument.parse({
    source: meta.source?.trim() || fallbackSource,
    title,
    titleOrigin,
    url: meta.url,
    publishedAt,
    text,
    origin,
  });
}
