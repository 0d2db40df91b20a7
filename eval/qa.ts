// Questions: every context in one fresh store, every question asked against the whole store.
// Scored per item, then summarised for the bot and for the "always refuse" / "never refuse" baselines.
import type { Answer } from '../src/domain.js';
import { answerQuestion, DEFAULT_QA, rankSentences, readQuestion } from '../src/qa/answer.js';
import { compileLexicon, NEWS_LEXICON, type Lexicon } from '../src/qa/paraphrase.js';
import { validateQuestion } from '../src/qa/question.js';
import { terms } from '../src/text/tokens.js';
import { freshBot, toDocuments, type EvalBot } from './bot.js';
import { abstentionDiagnostic, signals, type AbstentionDiagnostic, type AbstentionItem } from './abstention.js';
import type { QaItem } from './data.js';
import { groundingStudy, type GroundingStudy } from './grounding.js';
import { bestSpanScores, containsGold } from './squad.js';

/** Why an item counts as wrong, for tracing failures; `ok` when it is right. */
export type QaOutcome =
  | 'ok'
  | 'answered_wrong_document' // answerable, answered, but from another context than the gold one
  | 'answered_wrong_sentence' // answerable, answered from the gold context, but the sentence lacks every gold answer
  | 'refused_answerable' // answerable, but the bot said not_found
  | 'answered_unanswerable' // unanswerable, but the bot answered
  | 'error';

export interface QaItemResult {
  id: string;
  isImpossible: boolean;
  status: Answer['status'] | 'error';
  text: string;
  span?: string;
  correct: boolean;
  outcome: QaOutcome;
  /** Whether a citation points at the document made from this question's own context. */
  citesGoldContext: boolean;
  em: number;
  f1: number;
  /** What the bot answers with abstention switched off (minCoverage -Infinity): its own top-ranked sentence. */
  neverRefuse?: { status: Answer['status']; text: string; span?: string; correct: boolean; em: number; f1: number };
  /** What a store search alone (best BM25 sentence, never refusing) would have answered, and whether it holds a gold answer. */
  topSentence?: string;
  topSentenceCorrect: boolean;
  error?: string;
}

export interface QaSystemRow {
  name: string;
  /** Answerable questions answered with a sentence containing a gold answer, over answerable questions. */
  answerableTop1: number;
  spanEm: number | null;
  spanF1: number | null;
  /** Unanswerable questions refused, over unanswerable questions. */
  unanswerableRefused: number;
  /** (answerable correct + unanswerable refused) over all questions. */
  accuracy: number;
  note?: string;
}

export interface SweepPoint {
  minCoverage: number;
  isDefault: boolean;
  answerableTop1: number;
  unanswerableRefused: number;
  accuracy: number;
}

/** One paraphrase group left out (paraphrase.ts): overall accuracy and ceiling without it; `group` '(all)' is the full lexicon, '(none)' none. */
export interface LexiconRow {
  group: string;
  accuracy: number;
  ceiling: number;
}

export interface QaEvaluation {
  /** The LLM grounding check on this set's gold sentences, without a model. */
  grounding: GroundingStudy;
  /** What each paraphrase group buys (leave-one-out). */
  lexicon: LexiconRow[];
  items: QaItemResult[];
  /** Diagnostic: the bot's results as its abstention threshold (QaOptions.minCoverage) varies. */
  sweep: SweepPoint[];
  counts: { questions: number; answerable: number; unanswerable: number; contexts: number; documents: number; rejectedContexts: number };
  rows: QaSystemRow[];
  outcomes: Record<QaOutcome, string[]>;
  abstention: AbstentionDiagnostic;
}

export function normaliseContext(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** `source`: the outlet the contexts are stored as (the SQuAD paragraphs are Wikipedia's). */
export async function evaluateQa(items: readonly QaItem[], log: (line: string) => void, source = 'wikipedia'): Promise<QaEvaluation> {
  const contexts = [...new Set(items.map((q) => normaliseContext(q.context)))];
  const { documents, rejected } = toDocuments(contexts.map((text) => ({ text, source })));
  if (rejected.length) log(`qa: ${rejected.length} context(s) rejected by buildArticle: ${rejected.map((r) => r.reason).join('; ')}`);

  const { bot, store, config } = await freshBot();
  const results: QaItemResult[] = [];
  const abstentionItems: AbstentionItem[] = [];
  let sweep: SweepPoint[] = [];
  let lexicon: LexiconRow[] = [];
  try {
    const added = await store.add(documents.map((d) => d.doc));
    // which stored document each context became (the store may merge identical texts)
    const docIdOfContext = new Map<string, string>();
    const ids = [...added.added.map((d) => ({ text: d.text, id: d.id })), ...added.duplicates.map((d) => ({ text: d.input.text, id: d.existingId }))];
    const idByText = new Map(ids.map((x) => [x.text, x.id]));
    for (const { index, doc } of documents) {
      const id = idByText.get(doc.text);
      const ctx = contexts[index];
      if (id !== undefined && ctx !== undefined) docIdOfContext.set(ctx, id);
    }

    for (const q of items) {
      const goldDoc = docIdOfContext.get(normaliseContext(q.context));
      const top = (await store.searchSentences(terms(q.question), 1))[0];
      const topSentenceCorrect = !q.is_impossible && top !== undefined && containsGold(top.text, q.answers);
      let ranked: Awaited<ReturnType<typeof rankSentences>> = [];
      let open: Answer | undefined;
      try {
        const read = await readQuestion(store, validateQuestion(q.question, config.QUESTION_MAX_CHARS), []);
        ranked = read.ranked;
        // abstention off: the passage the bot ranks first, whatever its coverage or contradictions
        open = await read.answer(false);
      } catch {
        // an invalid question: counted below through answer()
      }
      const first = ranked[0];
      const firstCorrect = !q.is_impossible && open?.status === 'answered' && containsGold(open.text, q.answers);
      const neverRefuse = open?.status === 'answered'
        ? { status: 'answered' as const, text: open.text, span: open.span, correct: firstCorrect, ...(!q.is_impossible && open.span ? bestSpanScores(open.span, q.answers) : { em: 0, f1: 0 }) }
        : { status: 'not_found' as const, text: '', correct: false, em: 0, f1: 0 };
      const articleTerms = first ? new Set(terms((await store.sentences(first.hit.documentId)).map((s) => s.text).join(' '))) : new Set<string>();
      abstentionItems.push({ signals: signals(q.question, ranked, articleTerms), answerable: !q.is_impossible, topCorrect: firstCorrect });
      let answer: Answer;
      try {
        answer = await bot.answer(q.question);
      } catch (err) {
        results.push({
          id: q.id, isImpossible: q.is_impossible, status: 'error', text: '', correct: false, outcome: 'error', citesGoldContext: false,
          em: 0, f1: 0, neverRefuse, topSentence: top?.text, topSentenceCorrect, error: err instanceof Error ? err.message : String(err),
        });
        continue;
      }
      // the answer text is the first citation's sentence; the others only corroborate it
      const citesGoldContext = goldDoc !== undefined && answer.citations[0]?.documentId === goldDoc;
      const answered = answer.status === 'answered';
      let outcome: QaOutcome;
      let em = 0;
      let f1 = 0;
      if (q.is_impossible) {
        outcome = answered ? 'answered_unanswerable' : 'ok';
      } else if (!answered) {
        outcome = 'refused_answerable';
      } else {
        outcome = containsGold(answer.text, q.answers) ? 'ok' : citesGoldContext ? 'answered_wrong_sentence' : 'answered_wrong_document';
        if (answer.span) ({ em, f1 } = bestSpanScores(answer.span, q.answers));
      }
      results.push({
        id: q.id, isImpossible: q.is_impossible, status: answer.status, text: answer.text, span: answer.span,
        correct: outcome === 'ok', outcome, citesGoldContext, em, f1, neverRefuse, topSentence: top?.text, topSentenceCorrect,
      });
    }
    sweep = await thresholdSweep({ bot, store, config }, items);
    lexicon = await lexiconStudy({ bot, store, config }, items);
  } finally {
    await bot.close();
  }

  const answerable = results.filter((r) => !r.isImpossible);
  const unanswerable = results.filter((r) => r.isImpossible);
  const frac = (n: number, d: number): number => (d === 0 ? 0 : n / d);
  const count = (rs: readonly QaItemResult[], f: (r: QaItemResult) => boolean): number => rs.filter(f).length;

  const botAnswerableCorrect = count(answerable, (r) => r.correct);
  const botRefused = count(unanswerable, (r) => r.correct);
  const bmCorrect = count(answerable, (r) => r.topSentenceCorrect);
  const rows: QaSystemRow[] = [
    {
      name: 'briefbot answer()',
      answerableTop1: frac(botAnswerableCorrect, answerable.length),
      spanEm: frac(answerable.reduce((a, r) => a + r.em, 0), answerable.length),
      spanF1: frac(answerable.reduce((a, r) => a + r.f1, 0), answerable.length),
      unanswerableRefused: frac(botRefused, unanswerable.length),
      accuracy: frac(botAnswerableCorrect + botRefused, results.length),
    },
    {
      name: 'always refuse',
      answerableTop1: 0, spanEm: 0, spanF1: 0, unanswerableRefused: 1,
      accuracy: frac(unanswerable.length, results.length),
    },
    {
      name: 'never refuse (the bot\'s top passage, abstention off)',
      answerableTop1: frac(count(answerable, (r) => r.neverRefuse?.correct === true), answerable.length),
      spanEm: frac(answerable.reduce((a, r) => a + (r.neverRefuse?.em ?? 0), 0), answerable.length),
      spanF1: frac(answerable.reduce((a, r) => a + (r.neverRefuse?.f1 ?? 0), 0), answerable.length),
      unanswerableRefused: frac(count(unanswerable, (r) => r.neverRefuse?.status === 'not_found'), unanswerable.length),
      accuracy: frac(count(results, (r) => (r.isImpossible ? r.neverRefuse?.status === 'not_found' : r.neverRefuse?.correct === true)), results.length),
      note: 'answerQuestion with abstain: false: the passage the bot ranks first (its top sentence, or for "what did X say" X\'s best-matching words), with no threshold and no contradiction check (not_found only when nothing is found at all)',
    },
    {
      name: 'never refuse: best BM25 sentence of the store',
      answerableTop1: frac(bmCorrect, answerable.length),
      spanEm: null, spanF1: null, unanswerableRefused: 0,
      accuracy: frac(bmCorrect, results.length),
      note: 'store.searchSentences(terms(question), 1): retrieval alone, no abstention, no span',
    },
  ];

  const outcomes: Record<QaOutcome, string[]> = {
    ok: [], answered_wrong_document: [], answered_wrong_sentence: [], refused_answerable: [], answered_unanswerable: [], error: [],
  };
  for (const r of results) outcomes[r.outcome].push(r.id);

  return {
    items: results,
    counts: {
      questions: results.length, answerable: answerable.length, unanswerable: unanswerable.length,
      contexts: contexts.length, documents: documents.length, rejectedContexts: rejected.length,
    },
    rows,
    outcomes,
    sweep,
    lexicon,
    grounding: groundingStudy(items),
    abstention: abstentionDiagnostic(abstentionItems),
  };
}

/** The bot's results at several abstention thresholds (a diagnostic of the abstention trade-off, not a tuning loop). */
async function thresholdSweep({ store, config }: EvalBot, items: readonly QaItem[]): Promise<SweepPoint[]> {
  const thresholds = [...new Set([0.3, 0.4, 0.5, 0.6, 0.7, 0.8, DEFAULT_QA.minCoverage])].sort((a, b) => a - b);
  const nAnswerable = items.filter((q) => !q.is_impossible).length;
  const nUnanswerable = items.length - nAnswerable;
  return Promise.all(thresholds.map(async (minCoverage) => {
    let answerableOk = 0;
    let refused = 0;
    for (const q of items) {
      let a: Answer;
      try {
        a = await answerQuestion(store, validateQuestion(q.question, config.QUESTION_MAX_CHARS), [], { ...DEFAULT_QA, minCoverage });
      } catch {
        continue;
      }
      if (q.is_impossible) refused += a.status === 'not_found' ? 1 : 0;
      else answerableOk += a.status === 'answered' && containsGold(a.text, q.answers) ? 1 : 0;
    }
    return {
      minCoverage,
      isDefault: minCoverage === DEFAULT_QA.minCoverage,
      answerableTop1: nAnswerable ? answerableOk / nAnswerable : 0,
      unanswerableRefused: nUnanswerable ? refused / nUnanswerable : 0,
      accuracy: items.length ? (answerableOk + refused) / items.length : 0,
    };
  }));
}

/** Accuracy and ceiling with the full news lexicon, with none, and with each group left out in turn. */
async function lexiconStudy({ store, config }: EvalBot, items: readonly QaItem[]): Promise<LexiconRow[]> {
  const measure = async (group: string, lexicon: Lexicon): Promise<LexiconRow> => {
    let right = 0;
    let top = 0;
    for (const q of items) {
      let question: string;
      try {
        question = validateQuestion(q.question, config.QUESTION_MAX_CHARS);
      } catch {
        continue;
      }
      const read = await readQuestion(store, question, [], { ...DEFAULT_QA, lexicon });
      const a = await read.answer(true);
      right += q.is_impossible ? Number(a.status === 'not_found') : Number(a.status === 'answered' && containsGold(a.text, q.answers));
      if (!q.is_impossible) {
        const open = await read.answer(false);
        top += Number(open.status === 'answered' && containsGold(open.text, q.answers));
      }
    }
    const answerable = items.filter((q) => !q.is_impossible).length;
    return { group, accuracy: items.length ? right / items.length : 0, ceiling: answerable ? top / answerable : 0 };
  };
  return [
    await measure('(all)', compileLexicon()),
    await measure('(none)', []),
    ...(await Promise.all(NEWS_LEXICON.map((g, i) => measure(g.join(' / '), compileLexicon(NEWS_LEXICON.filter((_, j) => j !== i)))))),
  ];
}
