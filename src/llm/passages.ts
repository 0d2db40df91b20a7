// The passages a model is given for a question: what the extractive reader would quote (its top passage, with
// abstention off), then the next best-ranked sentences, each a stored text quoted verbatim, at most MAX_PASSAGES.
import type { ThreadTurn } from '../domain.js';
import { answerQuestion, DEFAULT_QA, rankSentences } from '../qa/answer.js';
import type { DocumentStore } from '../store/port.js';
import type { Passage } from './grounding.js';

export const MAX_PASSAGES = 8;

export function evidencePassages(store: DocumentStore, question: string, thread: readonly ThreadTurn[], max = MAX_PASSAGES): Passage[] {
  const top = answerQuestion(store, question, thread, { ...DEFAULT_QA, abstain: false });
  const found = [
    ...(top.status === 'answered' ? top.citations.map((c) => ({ documentId: c.documentId, text: c.quote })) : []),
    ...rankSentences(store, question, thread).map((r) => ({ documentId: r.hit.documentId, text: r.hit.text })),
  ];
  const seen = new Set<string>();
  const out: Passage[] = [];
  for (const f of found) {
    if (out.length >= max) break;
    if (seen.has(f.text)) continue;
    seen.add(f.text);
    const doc = store.get(f.documentId);
    out.push({ documentId: f.documentId, source: doc?.source ?? 'unknown', title: doc?.title ?? '', ...(doc?.url ? { url: doc.url } : {}), ...(doc?.publishedAt ? { publishedAt: doc.publishedAt } : {}), text: f.text });
  }
  return out;
}
