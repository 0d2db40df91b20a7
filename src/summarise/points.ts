// Extractive key points for one story: sentences ranked by centrality (similarity to the story's centroid),
// by how many outlets support them and by position; redundancy removed with MMR. Every point cites every
// document that carries a matching sentence, quoting that sentence.
import type { Citation, Document, KeyPoint } from '../domain.js';
import { cosine, terms, Vectoriser, type TermVector } from '../text/vectors.js';
import { addInto } from '../text/vectors.js';

export interface Candidate {
  doc: Document;
  index: number;
  text: string;
  terms: string[];
  /** Multiplier for the sentence's form: position in its article, dangling pronouns, first person, topic. */
  form: number;
  vector: TermVector;
  /** Other documents' best matching sentence, by document id. */
  support: Map<string, { doc: Document; text: string; sim: number }>;
  /** The outlets reporting the point, as credited (PointOptions.outletOf): copies of one text count once. */
  sources: Set<string>;
  score: number;
}

export interface PointOptions {
  maxPoints: number;
  minPoints: number;
  /** Cosine similarity at which a sentence of another document counts as reporting the same point. */
  supportThreshold: number;
  /** MMR trade-off between relevance (1) and novelty (0). */
  lambda: number;
  /** Terms of the requested topic: points that mention them rank higher. */
  topicTerms?: readonly string[];
  /**
   * The outlet a document's sentences are credited to (default: its source). A brief credits a near copy (wire
   * copy) to its original's outlet, so that two copies of one text are not two outlets agreeing.
   */
  outletOf?: (doc: Document) => string;
}

export const DEFAULT_POINTS: PointOptions = { maxPoints: 6, minPoints: 3, supportThreshold: 0.25, lambda: 0.7 };

const DANGLING_START = /^(he|she|it|they|this|that|these|those|his|her|its|their|but|and|so|also|however)\b/i;
// First person belongs to quotes: "I mean, he's a good kid" is colour, not a key point.
const FIRST_PERSON = /\b(I|I'm|I've|me|my|we|we're|our|us)\b/;

function usable(text: string): boolean {
  const n = text.split(/\s+/).length;
  return n >= 6 && n <= 80;
}

export function candidates(sentencesByDoc: Map<Document, { index: number; text: string }[]>, options: PointOptions = DEFAULT_POINTS): Candidate[] {
  const vectoriser = new Vectoriser();
  const all: { doc: Document; index: number; text: string; ts: string[] }[] = [];
  for (const [doc, sentences] of sentencesByDoc) {
    for (const s of sentences) {
      const ts = terms(s.text);
      vectoriser.addDocument(ts);
      all.push({ doc, index: s.index, text: s.text, ts });
    }
  }
  const centroid: TermVector = new Map();
  const vectors = all.map((s) => vectoriser.vector(s.ts));
  for (const v of vectors) addInto(centroid, v);
  const topic = new Set(options.topicTerms ?? []);
  const outletOf = options.outletOf ?? ((d: Document) => d.source);
  const out: Candidate[] = [];
  all.forEach((s, i) => {
    if (!usable(s.text)) return;
    const vector = vectors[i]!;
    const support = new Map<string, { doc: Document; text: string; sim: number }>();
    all.forEach((o, j) => {
      if (o.doc.id === s.doc.id) return;
      const sim = cosine(vector, vectors[j]!);
      const prev = support.get(o.doc.id);
      if (sim >= options.supportThreshold && (!prev || sim > prev.sim)) support.set(o.doc.id, { doc: o.doc, text: o.text, sim });
    });
    const sources = new Set([outletOf(s.doc), ...[...support.values()].map((x) => outletOf(x.doc))]);
    const centrality = cosine(vector, centroid);
    const position = 1 / (1 + 0.3 * s.index);
    const topicHit = topic.size === 0 ? 1 : s.ts.some((t) => topic.has(t)) ? 1.5 : 0.6;
    const dangling = (DANGLING_START.test(s.text) ? 0.75 : 1) * (FIRST_PERSON.test(s.text) ? 0.7 : 1);
    const form = (0.5 + 0.5 * position) * topicHit * dangling;
    const score = centrality * (1 + 0.6 * (sources.size - 1)) * form;
    out.push({ doc: s.doc, index: s.index, text: s.text, terms: s.ts, form, vector, support, sources, score });
  });
  return out.sort((a, b) => b.score - a.score);
}

/** How much `a` repeats `b`: 1 when one is the other's supporting quote, else their cosine similarity. */
function overlap(a: Candidate, b: Candidate): number {
  if (a.support.get(b.doc.id)?.text === b.text || b.support.get(a.doc.id)?.text === a.text) return 1;
  return cosine(a.vector, b.vector);
}

/** Picks up to `max` candidates by maximal marginal relevance. */
export function selectMmr(pool: readonly Candidate[], max: number, lambda: number, exclude: readonly Candidate[] = []): Candidate[] {
  const chosen: Candidate[] = [];
  const top = pool[0]?.score ?? 0;
  const remaining = [...pool];
  while (chosen.length < max && remaining.length > 0) {
    let bestIdx = -1;
    let best = -Infinity;
    remaining.forEach((c, i) => {
      const redundancy = Math.max(0, ...[...chosen, ...exclude].map((o) => overlap(c, o)));
      const value = lambda * (c.score / (top || 1)) - (1 - lambda) * redundancy;
      if (value > best) {
        best = value;
        bestIdx = i;
      }
    });
    const [pick] = remaining.splice(bestIdx, 1);
    // a sentence that mostly repeats a chosen one adds nothing, however central
    if (pick && Math.max(0, ...[...chosen, ...exclude].map((o) => overlap(pick, o))) < 0.5) chosen.push(pick);
  }
  return chosen;
}

function cite(doc: Document, quote: string): Citation {
  return { documentId: doc.id, source: doc.source, title: doc.title, url: doc.url, quote };
}

export function toKeyPoint(c: Candidate): KeyPoint {
  const citations = [cite(c.doc, c.text), ...[...c.support.values()].sort((a, b) => b.sim - a.sim).map((s) => cite(s.doc, s.text))];
  return { text: c.text, citations, onlyIn: c.sources.size === 1 ? [...c.sources][0] : undefined };
}

