// "What did X say (about Y)?": answered with X's own words. The articles retrieved for the question (and those
// naming X) are read for who said what (attribution.ts); X's quotations and reported speech are ranked by how much
// of the rest of the question (Y) they, or the sentence introducing them, cover. Words someone else said are not an
// answer, and neither is X speaking about something else: then the reader says it does not know.
import type { Answer, Citation } from '../domain.js';
import type { DocumentStore } from '../store/port.js';
import { terms } from '../text/tokens.js';
import { attributeSpeakers, samePerson, type SpeechQuestion } from './attribution.js';

/** Idf weights of the question's terms (own and borrowed from a thread), as the reader ranks with. */
export type TermWeights = ReadonlyMap<string, number>;

/**
 * Share of the topic's weight a passage must cover to answer (its introducing sentence counting half; for "call"
 * and "describe" questions, the rest of its article three quarters). Chosen on the news dev set, between the best
 * passage of the unanswerable questions (0.20 at most) and that of the answerable ones (0.44 at least).
 */
export const SPEECH_MIN_TOPIC = 0.35;
/** Sentences of one person's words quoted at most. */
const MAX_SENTENCES = 3;
const SPEECH_WORDS = new Set(terms('say said tell told call called describe described write wrote ask asked add added warn reply respond announce according'));

export interface SpeechPassage {
  documentId: string;
  /** Index of the first sentence. */
  index: number;
  sentences: string[];
  coverage: number;
}

/** X's passages in the candidate documents (retrieval order), best first. */
export async function speechPassages(store: DocumentStore, q: SpeechQuestion, weights: TermWeights, documentIds: readonly string[]): Promise<SpeechPassage[]> {
  const speakerTerms = new Set(terms(q.speaker.join(' ')));
  const topic = [...weights].filter(([t]) => !speakerTerms.has(t) && !SPEECH_WORDS.has(t) && terms(q.topic).includes(t));
  // a follow-up ("and what did Putin say about it?") has its topic in the thread's earlier turns
  const ranking = topic.length ? topic : [...weights].filter(([t]) => !speakerTerms.has(t) && !SPEECH_WORDS.has(t));
  const total = ranking.reduce((s, [, w]) => s + w, 0);
  const out: (SpeechPassage & { order: number })[] = [];
  const texts = await store.sentencesOf(documentIds);
  documentIds.forEach((documentId, rank) => {
    const sentences = texts[rank]!.map((s) => s.text);
    const speakers = attributeSpeakers(sentences);
    const article = q.describes ? new Set(terms(sentences.join(' '))) : new Set<string>();
    for (let i = 0; i < sentences.length; i++) {
      const who = speakers[i];
      if (!who || !samePerson(q, who) || (i > 0 && speakers[i - 1] === who)) continue;
      let end = i + 1;
      while (end < sentences.length && end - i < MAX_SENTENCES && speakers[end] === who) end++;
      const own = new Set(terms(sentences.slice(i, end).join(' ')));
      const before = new Set(terms(sentences[i - 1] ?? ''));
      const covered = ranking.reduce((s, [t, w]) => s + (own.has(t) ? w : article.has(t) ? 0.75 * w : before.has(t) ? 0.5 * w : 0), 0);
      out.push({ documentId, index: i, sentences: sentences.slice(i, end), coverage: total > 0 ? covered / total : 1, order: rank * 1000 + i });
    }
  });
  return out.sort((a, b) => b.coverage - a.coverage || a.order - b.order).map(({ order: _order, ...p }) => p);
}

/**
 * The answer to a speech question from X's best passage (speechPassages' first), or undefined when X says nothing
 * on it. `abstain` false: the best passage whatever its coverage (the evaluation's "abstention off").
 */
export async function answerSpeech(store: DocumentStore, question: string, q: SpeechQuestion, weights: TermWeights, best: SpeechPassage | undefined, abstain = true): Promise<Answer | undefined> {
  const ownTopic = terms(q.topic).some((t) => weights.has(t) && !SPEECH_WORDS.has(t));
  if (!best || (abstain && ownTopic && best.coverage < SPEECH_MIN_TOPIC)) return undefined;
  const doc = await store.get(best.documentId);
  const text = best.sentences.join(' ');
  const citation: Citation = { documentId: best.documentId, source: doc?.source ?? 'unknown', title: doc?.title ?? '', url: doc?.url, quote: text };
  return { question, status: 'answered', text, citations: [citation], method: 'extractive' };
}
