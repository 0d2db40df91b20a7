// What a model is given for a question, from the same retrieval as the extractive answer (read once): what the
// extractive reader would quote with abstention off (its top passage), then the next best-ranked sentences, each a
// stored text quoted verbatim, at most MAX_PASSAGES; and the extractive answer itself, the fallback.
import { z } from 'zod';
import { Answer, type ThreadTurn } from '../domain.js';
import { readQuestion } from '../qa/answer.js';
import type { DocumentStore } from '../store/port.js';
import { Passage } from './grounding.js';

export const MAX_PASSAGES = 8;

export const Evidence = z.object({ answer: Answer, passages: z.array(Passage) });
export type Evidence = z.infer<typeof Evidence>;

export function questionEvidence(store: DocumentStore, question: string, thread: readonly ThreadTurn[], max = MAX_PASSAGES): Evidence {
  const read = readQuestion(store, question, thread);
  const top = read.answer(false);
  const found = [
    ...(top.status === 'answered' ? top.citations.map((c) => ({ documentId: c.documentId, text: c.quote })) : []),
    ...read.ranked.map((r) => ({ documentId: r.hit.documentId, text: r.hit.text })),
  ];
  const seen = new Set<string>();
  const passages: Passage[] = [];
  for (const f of found) {
    if (passages.length >= max) break;
    if (seen.has(f.text)) continue;
    seen.add(f.text);
    const doc = store.get(f.documentId);
    passages.push({ documentId: f.documentId, source: doc?.source ?? 'unknown', title: doc?.title ?? '', ...(doc?.url ? { url: doc.url } : {}), ...(doc?.publishedAt ? { publishedAt: doc.publishedAt } : {}), text: f.text });
  }
  return { answer: read.answer(true), passages };
}
