// The extractive brief: the stories in a window of the store (recent documents, or those about a topic),
// each with a headline, key points with citations, what several outlets agree on and what only one reports.
import { createHash } from 'node:crypto';
import type { Brief, BriefRequest, Document, Story } from '../domain.js';
import { groupByStory, type Cluster } from '../stories/cluster.js';
import type { DocumentStore } from '../store/port.js';
import { echo } from '../render/echo.js';
import { cosine, terms, Vectoriser } from '../text/vectors.js';
import { candidates, DEFAULT_POINTS, selectMmr, toKeyPoint, type Candidate } from './points.js';

export interface BriefOptions {
  maxStories: number;
  /** How many documents (most recent, or best matching the topic) a brief considers. */
  windowDocs: number;
  now: Date;
}

/** A persistent story keeps its id; documents never stored are named by their ids. */
function storyId({ storyId: persistent, documents: docs }: Cluster): string {
  if (persistent) return persistent;
  return `s_${createHash('sha256').update(docs.map((d) => d.id).sort().join(',')).digest('hex').slice(0, 12)}`;
}

function headline(cluster: Cluster): string {
  // A stated or heading title beats one derived from a first sentence; among those, the most central.
  const rank = { metadata: 2, heading: 2, 'first-sentence': 0 } as const;
  const v = new Vectoriser();
  const titles = cluster.documents.map((d) => terms(d.title));
  titles.forEach((t) => v.addDocument(t));
  let best = cluster.documents[0]!;
  let bestScore = -Infinity;
  cluster.documents.forEach((d, i) => {
    const score = rank[d.titleOrigin] + cosine(v.vector(titles[i]!), cluster.centroid);
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  });
  return best.title;
}

/**
 * Key points compare every sentence of a story with every other, so a story drawn from dozens of articles
 * is summarised from its most central ones, one per outlet first; all its articles are still listed.
 */
const MAX_SUMMARISED_DOCS = 8;

function summarisedDocuments(cluster: Cluster, outletOf: (d: Document) => string): Document[] {
  const { documents, vectors, centroid } = cluster;
  if (documents.length <= MAX_SUMMARISED_DOCS) return documents;
  const byCentrality = documents.map((d, i) => ({ d, c: cosine(vectors[i]!, centroid) })).sort((a, b) => b.c - a.c).map((x) => x.d);
  const seen = new Set<string>();
  const firstPerOutlet = byCentrality.filter((d) => !seen.has(outletOf(d)) && seen.add(outletOf(d)));
  return [...new Set([...firstPerOutlet, ...byCentrality])].slice(0, MAX_SUMMARISED_DOCS);
}

/**
 * The outlet each document is credited to: its own, or for a near copy (wire copy, `copyOf`) the outlet of its copy
 * group's first document, so that copies of one text count as one outlet, in agreement as in "only in". A group
 * whose first document is gone is credited to its earliest document here.
 */
export async function outletCredits(store: DocumentStore, docs: readonly Document[]): Promise<(d: Document) => string> {
  const byId = new Map(docs.map((d) => [d.id, d]));
  const groupOutlet = new Map<string, string>();
  const earliestFirst = [...docs].sort((a, b) => a.ingestedAt.localeCompare(b.ingestedAt) || a.id.localeCompare(b.id));
  const missing = [...new Set(docs.map((d) => d.copyOf).filter((id): id is string => !!id && !byId.has(id)))];
  for (const d of await store.getMany(missing)) byId.set(d.id, d);
  for (const d of earliestFirst) {
    if (!d.copyOf || groupOutlet.has(d.copyOf)) continue;
    groupOutlet.set(d.copyOf, (byId.get(d.copyOf) ?? d).source);
  }
  return (d) => (d.copyOf ? groupOutlet.get(d.copyOf) ?? d.source : d.source);
}

async function summariseStory(store: DocumentStore, cluster: Cluster, topicTerms: readonly string[] | undefined, outletOf: (d: Document) => string): Promise<Story> {
  const docs = cluster.documents;
  const summarised = summarisedDocuments(cluster, outletOf);
  const texts = await store.sentencesOf(summarised.map((d) => d.id));
  const sentences = new Map(summarised.map((d, i) => [d, texts[i]!] as const));
  const pool = candidates(sentences, { ...DEFAULT_POINTS, topicTerms, outletOf });
  const { maxPoints, minPoints, lambda } = DEFAULT_POINTS;
  // Keep weak tail points out once the minimum is reached.
  const strong = pool.filter((c, i) => i < minPoints || c.score >= 0.3 * (pool[0]?.score ?? 0));
  const keyPoints = selectMmr(strong, maxPoints, lambda);
  const multi = pool.filter((c) => c.sources.size > 1);
  const agreement = selectMmr(multi, 4, lambda);
  const differences: Candidate[] = [];
  const sources = new Set(docs.map(outletOf));
  if (sources.size > 1) {
    for (const source of sources) {
      const own = pool.filter((c) => c.sources.size === 1 && c.sources.has(source));
      differences.push(...selectMmr(own, 2, lambda, [...keyPoints.filter((k) => k.sources.size > 1), ...differences]));
    }
  }
  const dates = docs.map((d) => d.publishedAt).filter((d): d is string => !!d).sort();
  return {
    id: storyId(cluster),
    headline: headline(cluster),
    documents: docs.map((d) => ({ documentId: d.id, source: d.source, title: d.title, url: d.url, publishedAt: d.publishedAt })),
    keyPoints: keyPoints.map(toKeyPoint),
    agreement: agreement.map(toKeyPoint),
    differences: differences.map(toKeyPoint),
    timespan: { from: dates[0], to: dates[dates.length - 1] },
  };
}

function latest(c: Cluster): string {
  return c.documents.map((d) => d.publishedAt ?? d.ingestedAt).sort().at(-1) ?? '';
}

export async function buildBrief(store: DocumentStore, request: BriefRequest, options: BriefOptions): Promise<Brief> {
  const topic = request.topic?.trim() || undefined;
  const generatedAt = options.now.toISOString();
  const topicTerms = topic ? terms(topic) : undefined;
  let docs: Document[];
  if (topicTerms) {
    docs = await store.getMany(await store.searchDocuments(topicTerms, options.windowDocs));
    if (request.since) docs = docs.filter((d) => (d.publishedAt ?? d.ingestedAt) >= request.since!);
  } else {
    docs = await store.recent({ since: request.since, limit: options.windowDocs });
  }
  if (docs.length === 0) {
    const since = request.since ? ` since ${request.since.slice(0, 10)}` : '';
    const note = topic ? `Nothing in the store about “${echo(topic)}”${since}.`
      : request.since ? `Nothing in the store${since}.` : 'The store is empty: ingest some articles first.';
    return { generatedAt, request, stories: [], method: 'extractive', notes: [note] };
  }
  return briefOfDocuments(store, docs, request, options);
}

/** The brief of a given set of documents (a topic's matches, a digest's new documents). */
export async function briefOfDocuments(store: DocumentStore, docs: readonly Document[], request: BriefRequest, options: BriefOptions): Promise<Brief> {
  const generatedAt = options.now.toISOString();
  const topicTerms = request.topic?.trim() ? terms(request.topic) : undefined;
  const notes: string[] = [];
  const clusters = groupByStory(docs)
    .map((c) => ({ c, outlets: new Set(c.documents.map((d) => d.source)).size, last: latest(c) }))
    .sort((a, b) => b.outlets - a.outlets || b.c.documents.length - a.c.documents.length || b.last.localeCompare(a.last));
  const outletOf = await outletCredits(store, docs);
  const stories = await Promise.all(clusters.slice(0, options.maxStories).map(({ c }) => summariseStory(store, c, topicTerms, outletOf)));
  if (clusters.length > stories.length) notes.push(`${clusters.length - stories.length} more stories not shown.`);
  return { generatedAt, request, stories, method: 'extractive', notes };
}
