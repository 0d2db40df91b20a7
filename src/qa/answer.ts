// Question answering over the store: retrieve sentences (FTS5/BM25), re-rank them by how much of the
// question they cover (idf-weighted, with a little help from the sentence before and the title), whether
// they hold an answer of the expected type, and retrieval score; answer with the best one and its span,
// or abstain when nothing covers the question well enough.
import type { Answer, Citation, Document, ThreadTurn } from '../domain.js';
import type { DocumentStore, SentenceHit } from '../store/port.js';
import { cosine, termCounts, terms, words } from '../text/tokens.js';
import { notFoundText, shouldAbstain } from './abstain.js';
import { ACRONYM, findMismatch, initialisms, questionNames, type Mismatch } from './mismatch.js';
import { speechQuestion } from './attribution.js';
import { isOfKind, quantityKind } from './quantity.js';
import { alternatives, DEFAULT_LEXICON, type Lexicon } from './paraphrase.js';
import { answerSpeech, speechPassages } from './speech.js';
import { answerType, descriptionSpan, typedSpans, type AnswerType, type Span } from './question-type.js';

export interface QaOptions {
  /** Sentences fetched from the index before re-ranking. */
  retrieve: number;
  /** Minimum idf-weighted share of the question a sentence (with its context) must cover to be an answer. */
  minCoverage: number;
  /** Score penalty for a typed question (who/how many/when/where) whose best sentence has no answer of that type. */
  untypedPenalty: number;
  /** false: answer with the best passage whatever its signals (the evaluation's "abstention off"). */
  abstain: boolean;
  /** Paraphrases a question word is also found as (paraphrase.ts). */
  lexicon: Lexicon;
}

export const DEFAULT_QA: QaOptions = { retrieve: 40, minCoverage: 0.6, untypedPenalty: 0.25, abstain: true, lexicon: DEFAULT_LEXICON };

/**
 * Most index postings one query may touch. A term found in a fifth of a million sentences ("talks", "met")
 * costs the most to rank and tells the least, so the query keeps the rarest terms within this budget
 * (always at least two); re-ranking still weighs every term of the question. 10,000 rather than 20,000: at 100k
 * documents `npm run bench` gave ask p95 45.3 ms instead of 55.0 ms, with one fewer of its 160 answers holding the
 * expected text (115); the eval's stores are too small for the budget to bind.
 */
const POSTINGS_BUDGET = 10_000;

function retrievalTerms(qTerms: readonly WeightedTerm[]): string[] {
  const byRarity = [...qTerms].sort((a, b) => a.df - b.df);
  const kept: string[] = [];
  let postings = 0;
  for (const t of byRarity) {
    if (kept.length >= 2 && postings + t.df > POSTINGS_BUDGET) break;
    kept.push(t.term);
    postings += t.df;
  }
  return kept;
}

/** Documents read for who said what: those of the retrieved sentences, then those naming the speaker. */
const SPEECH_DOCUMENTS = 12;

const FOLLOW_UP = /\b(he|she|it|they|them|his|her|its|their|this|that|these|those|there|him)\b|^(and|also|what about|how about)\b/i;

interface WeightedTerm {
  term: string;
  weight: number;
  /** false for terms borrowed from earlier turns of a thread */
  own: boolean;
  /** sentences containing the term */
  df: number;
  /** Paraphrases that stand for it (each a list of terms that must all be present). */
  alts?: string[][];
}

/** Whether a set of a sentence's terms has the question term, or one of its paraphrases. */
function found(set: ReadonlySet<string>, t: WeightedTerm): boolean {
  return set.has(t.term) || (t.alts?.some((alt) => alt.every((x) => set.has(x))) ?? false);
}

/**
 * Question terms weighted by idf. A follow-up ("and what did Putin say about it?") borrows the previous
 * question's terms (and, more weakly, its answer's) so that "it" finds its referent; borrowed terms
 * help ranking but never make a sentence count as answering the question.
 */
async function questionTerms(store: DocumentStore, question: string, thread: readonly ThreadTurn[], lexicon: Lexicon): Promise<WeightedTerm[]> {
  // "how big", "how long": the adjective asks for a quantity; it is not something the answer must contain
  const own = new Set(terms(question.replace(/\bhow\s+(many|much|long|old|far|large|big|tall|often|high|wide|deep|heavy)\b/gi, ' ')));
  const previous = thread.at(-1);
  const borrowed = new Map<string, number>();
  if (previous && FOLLOW_UP.test(question)) {
    for (const t of terms(previous.answer ?? '')) if (!own.has(t)) borrowed.set(t, 0.15);
    for (const t of terms(previous.question)) if (!own.has(t)) borrowed.set(t, 0.4);
  }
  const alts = alternatives(own, lexicon);
  const all = [...own, ...borrowed.keys()];
  // paraphrases are searched for too, and weigh nothing of their own (they stand in for the question's word)
  const extra = [...new Set([...alts.values()].flat(2))].filter((t) => !own.has(t) && !borrowed.has(t));
  const [df, count] = await Promise.all([store.documentFrequency([...all, ...extra]), store.sentenceCount()]);
  const n = Math.max(1, count);
  return [
    ...all.map((term) => ({
      term,
      own: own.has(term),
      df: df.get(term) ?? 0,
      weight: Math.log((n + 1) / ((df.get(term) ?? 0) + 0.5)) * (borrowed.get(term) ?? 1),
      ...(alts.has(term) ? { alts: alts.get(term) } : {}),
    })),
    ...extra.map((term) => ({ term, own: false, df: df.get(term) ?? 0, weight: 0 })),
  ];
}

/** A retrieved sentence with the signals it was ranked by. */
export interface RankedSentence {
  hit: SentenceHit;
  /** idf-weighted share of the question's own terms in the sentence (context terms count half) */
  coverage: number;
  /** the same share over all terms, those borrowed from earlier turns included */
  fullCoverage: number;
  /** BM25 score relative to the best retrieved sentence */
  bm25Share: number;
  mismatch?: Mismatch;
  span?: Span;
  /** whether the question asks for a typed answer (who, how many, when, where) */
  typedQuestion: boolean;
  score: number;
}

/** Word offsets in `sentence` where a question word stands. */
function anchors(sentence: string, qTerms: ReadonlySet<string>): number[] {
  // compared as terms (stems), so "costing" anchors a question about the "cost"
  return [...sentence.matchAll(/[\p{L}\p{N}]+/gu)].filter((m) => terms(m[0]).some((t) => qTerms.has(t))).map((m) => m.index ?? 0);
}

/** Distance in characters from a span to the nearest question word (Infinity when none is in the sentence). */
function distance(span: Span, at: readonly number[]): number {
  return Math.min(...at.map((a) => (a < span.start ? span.start - a : Math.max(0, a - span.start - span.text.length))));
}

function nearest(spans: readonly Span[], at: readonly number[]): Span | undefined {
  if (at.length === 0) return spans[0];
  return [...spans].sort((a, b) => distance(a, at) - distance(b, at))[0];
}

/** `at`: where the question's words stand in the sentence (see anchors); `given`: words of the names the question gives. */
function findSpan(type: AnswerType, question: string, sentence: string, qWords: ReadonlySet<string>, given: ReadonlySet<string>, at: readonly number[]): Span | undefined {
  if (type === 'description') return descriptionSpan(question, sentence);
  let spans = typedSpans(type, sentence, qWords);
  // "how far did he fall": a distance, not his age
  const kind = type === 'number' ? quantityKind(question) : undefined;
  if (kind) spans = spans.filter((s) => isOfKind(kind, s, sentence));
  // a name the question already gives is its subject, not the answer ("Who met Putin?" is not answered by
  // "President Vladimir Putin")
  if (type === 'person' || type === 'place') spans = spans.filter((s) => !words(s.text).some((w) => given.has(w)));
  return nearest(spans, at);
}

/** What a hit is scored against besides itself: its document's title and sentences. */
interface HitContext {
  title: Set<string>;
  sentences: string[];
  terms: Set<string>;
  initialisms: Set<string>;
}

async function score(store: DocumentStore, hits: readonly SentenceHit[], qTerms: readonly WeightedTerm[], question: string, options: QaOptions): Promise<RankedSentence[]> {
  const total = qTerms.reduce((s, t) => s + t.weight, 0) || 1;
  const ownTotal = qTerms.reduce((s, t) => s + (t.own ? t.weight : 0), 0) || 1;
  const type = answerType(question);
  const qWords = new Set(words(question));
  const qStems = new Set(terms(question));
  const given = new Set(words(questionNames(question).join(' ')));
  // "EU" in the question is covered by "European Union" in the sentence: its term → the initialism
  const initialismOf = new Map(question.split(/[^\p{L}]+/u).filter((w) => ACRONYM.test(w)).map((w) => [terms(w)[0] ?? '', w] as const));
  const spells = (t: string, set: ReadonlySet<string> | undefined) => set?.has(initialismOf.get(t) ?? '') === true;
  const maxBm25 = Math.max(...hits.map((h) => h.score), 1e-9);
  const ids = [...new Set(hits.map((h) => h.documentId))];
  const [docs, texts] = await Promise.all([store.getMany(ids), store.sentencesOf(ids)]);
  const byId = new Map(docs.map((d) => [d.id, d]));
  const contexts = new Map<string, HitContext>(ids.map((id, i) => {
    const doc = byId.get(id);
    const sentences = texts[i]!.map((s) => s.text);
    const text = sentences.join(' ');
    // initialisms only matter when the question has one (most do not)
    const spelled = initialismOf.size ? initialisms(text) : new Set<string>();
    return [id, { title: new Set(doc && doc.titleOrigin !== 'first-sentence' ? terms(doc.title) : []), sentences, terms: new Set(terms(text)), initialisms: spelled }];
  }));
  return hits.map((hit) => {
    const own = new Set(terms(hit.text));
    const ctx = contexts.get(hit.documentId)!;
    const near = new Set([...ctx.title, ...terms(ctx.sentences[hit.index - 1] ?? ''), ...terms(ctx.sentences[hit.index - 2] ?? '')]);
    let covered = 0;
    let ownCovered = 0;
    const spelled = initialismOf.size ? initialisms(hit.text) : undefined;
    for (const t of qTerms) {
      const c = found(own, t) || spells(t.term, spelled) ? t.weight : found(near, t) || spells(t.term, ctx.initialisms) ? 0.5 * t.weight : 0;
      covered += c;
      if (t.own) ownCovered += c;
    }
    const coverage = ownCovered / ownTotal;
    const evidence = [ctx.sentences[hit.index - 2], ctx.sentences[hit.index - 1], hit.text].filter(Boolean).join(' ');
    const mismatch = findMismatch(question, hit.text, evidence, ctx.terms, ctx.initialisms);
    const at = anchors(hit.text, qStems);
    const span = findSpan(type, question, hit.text, qWords, given, at);
    const typed = type === 'other' || span !== undefined;
    // a full name ("Vladimir Putin") is a better who-answer than a lone capitalised word ("Armenian")
    // and an answer right next to the question's words is likelier than one across the sentence
    const close = span && distance(span, at) <= 25;
    const spanBonus = !span ? 0 : (type === 'person' && !span.text.includes(' ')) || !close ? 0.05 : 0.1;
    const fullCoverage = covered / total;
    const bm25Share = hit.score / maxBm25;
    const s = 0.35 * coverage + 0.35 * fullCoverage + 0.2 * bm25Share + spanBonus - (typed ? 0 : options.untypedPenalty);
    return { hit, coverage, fullCoverage, bm25Share, span, mismatch, typedQuestion: type !== 'other' && type !== 'description', score: s };
  });
}

function cite(doc: Document | undefined, hit: SentenceHit): Citation {
  return { documentId: hit.documentId, source: doc?.source ?? 'unknown', title: doc?.title ?? '', url: doc?.url, quote: hit.text };
}

/** Retrieved sentences, best first, with their signals. `within`: only from these documents (a digest's stories). */
export async function rankSentences(store: DocumentStore, question: string, thread: readonly ThreadTurn[], options: QaOptions = DEFAULT_QA, within?: ReadonlySet<string>): Promise<RankedSentence[]> {
  return ranking(store, question, await questionTerms(store, question, thread, options.lexicon), options, within);
}

async function ranking(store: DocumentStore, question: string, qTerms: readonly WeightedTerm[], options: QaOptions, within?: ReadonlySet<string>): Promise<RankedSentence[]> {
  let hits = await store.searchSentences(retrievalTerms(qTerms), within ? options.retrieve * 10 : options.retrieve);
  if (within) hits = hits.filter((h) => within.has(h.documentId)).slice(0, options.retrieve);
  return hits.length ? (await score(store, hits, qTerms, question, options)).sort((a, b) => b.score - a.score) : [];
}

/** `within`: answer only from these documents (a digest's stories). */
export async function answerQuestion(store: DocumentStore, question: string, thread: readonly ThreadTurn[], options: QaOptions = DEFAULT_QA, within?: ReadonlySet<string>): Promise<Answer> {
  return (await readQuestion(store, question, thread, options, within)).answer(options.abstain);
}

/** One question's retrieval, read once: its ranked sentences, and its answer with abstention on or off. */
export interface ReadQuestion {
  ranked: RankedSentence[];
  answer(abstain: boolean): Promise<Answer>;
}

export async function readQuestion(store: DocumentStore, question: string, thread: readonly ThreadTurn[], options: QaOptions = DEFAULT_QA, within?: ReadonlySet<string>): Promise<ReadQuestion> {
  const qTerms = await questionTerms(store, question, thread, options.lexicon);
  const ranked = await ranking(store, question, qTerms, options, within);
  const notFound: Answer = { question, status: 'not_found', text: notFoundText(question), citations: [], method: 'extractive' };
  // "what did X say": X's own words, or nothing (speech.ts)
  const speech = speechQuestion(question);
  if (speech) {
    const weights = new Map(qTerms.map((t) => [t.term, t.weight]));
    const naming = (await store.searchSentences(terms(speech.speaker.join(' ')), options.retrieve)).map((h) => h.documentId);
    const documents = [...new Set([...ranked.map((r) => r.hit.documentId), ...naming])].filter((d) => !within || within.has(d)).slice(0, SPEECH_DOCUMENTS);
    const best = (await speechPassages(store, speech, weights, documents))[0];
    return { ranked, answer: async (abstain) => (await answerSpeech(store, question, speech, weights, best, abstain)) ?? notFound };
  }
  return { ranked, answer: async (abstain) => (await extractiveAnswer(store, question, ranked, abstain, options.minCoverage)) ?? notFound };
}

/** The best-ranked sentence as the answer, with the same answer in other documents; undefined when it abstains. */
async function extractiveAnswer(store: DocumentStore, question: string, ranked: readonly RankedSentence[], abstain: boolean, minCoverage: number): Promise<Answer | undefined> {
  const best = ranked[0];
  if (!best || (abstain && shouldAbstain(best, minCoverage))) return undefined;
  // Corroboration: the same answer in another document is quoted and cited too: the same span, or,
  // without a span, a sentence that says much the same thing.
  const bestVector = termCounts(terms(best.hit.text));
  const others = ranked.filter(
    (r) => r.hit.documentId !== best.hit.documentId && r.score >= 0.85 * best.score
      && (best.span ? r.span?.text.toLowerCase() === best.span.text.toLowerCase() : cosine(bestVector, termCounts(terms(r.hit.text))) >= 0.4),
  );
  const chosen = [best, ...others.filter((r, i) => others.findIndex((o) => o.hit.documentId === r.hit.documentId) === i).slice(0, 2)];
  const docs = new Map((await store.getMany(chosen.map((r) => r.hit.documentId))).map((d) => [d.id, d]));
  const citations = chosen.map((r) => cite(docs.get(r.hit.documentId), r.hit));
  return { question, status: 'answered', text: best.hit.text, span: best.span?.text, citations, method: 'extractive' };
}
