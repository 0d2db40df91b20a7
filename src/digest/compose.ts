// What a digest says: the stories with documents new since the channel's last digest, ranked by how many
// outlets cover them and by recency, with the same citations as /brief; a quiet day is said out loud.
import type { Brief, Document, Subscription } from '../domain.js';
import type { DocumentStore } from '../store/port.js';
import { utcMinute } from '../render/text.js';
import { briefOfDocuments } from '../summarise/brief.js';
import { terms } from '../text/tokens.js';

export interface DigestWindow {
  from: string;
  to: string;
}

/** A digest covers what is new since the channel's last one; a first digest covers the last 24 hours. */
export function windowStart(lastWindowEnd: string | undefined, now: Date): string {
  return lastWindowEnd ?? new Date(now.getTime() - 24 * 3_600_000).toISOString();
}

export interface DigestOptions {
  maxStories: number;
  windowDocs: number;
  now: Date;
}

async function matchesTopic(store: DocumentStore, docs: readonly Document[], topic: string, limit: number): Promise<Document[]> {
  const ids = new Set(await store.searchDocuments(terms(topic), limit * 4));
  return docs.filter((d) => ids.has(d.id));
}

export async function composeDigest(store: DocumentStore, sub: Pick<Subscription, 'topic'>, window: DigestWindow, options: DigestOptions): Promise<Brief> {
  let docs = await store.ingestedBetween(window.from, window.to, options.windowDocs);
  if (sub.topic) docs = await matchesTopic(store, docs, sub.topic, options.windowDocs);
  const request = { topic: sub.topic || undefined, since: window.from };
  if (docs.length === 0) {
    return { generatedAt: options.now.toISOString(), request, stories: [], method: 'extractive', notes: [`Nothing new since ${utcMinute(window.from)}.`] };
  }
  const brief = await briefOfDocuments(store, docs, request, { maxStories: options.maxStories, windowDocs: options.windowDocs, now: options.now });
  const multi = brief.stories.filter((s) => new Set(s.documents.map((d) => d.source)).size > 1);
  if (multi.length === 0) {
    const headlines = brief.stories.map((s) => s.headline).join('; ');
    brief.notes.unshift(`No story covered by several outlets today; ${brief.stories.length} single-source item${brief.stories.length === 1 ? '' : 's'}: ${headlines}.`);
  }
  return brief;
}
