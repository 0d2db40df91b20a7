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

export async function questionEvidence(store: DocumentStore, question: string, thread: readonly ThreadTurn[], max = MAX_PASSAGES): Promise<Evidence> {
  const read = await readQuestion(store, question, thread);
  const top = await read.answer(false);
  const found = [
    ...(top.status === 'answered' ? top.citations.map((c) => ({ documentId: c.documentId, text: c.quote })) : []),
    ...read.ranked.map((r) => ({ documentId: r.hit.documentId, text: r.hit.text })),
  ];
  const seen = new Set<string>();
  const chosen = found.filter((f) => !seen.has(f.text) && seen.add(f.text)).slice(0, max);
  const docs = new Map((await store.getMany(chosen.map((f) => f.documentId))).map((d) => [d.id, d]));
  const passages: Passage[] = [];
  for (const f of chosen) {
    const doc = docs.get(f.documentId);
    passages.push({ documentId: f.documentId, source: doc?.source ?? 'unknown', title: doc?.title ?? '', ...(doc?.url ? { url: doc.url } : {}), ...(doc?.publishedAt ? { publishedAt: doc.publishedAt } : {}), text: f.text });
  }
  return { answer: await read.answer(true), passages };
}
