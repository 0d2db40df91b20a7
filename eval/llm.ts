// `npm run eval -- --llm`: the same questions answered with the configured model (LLM_BASE_URL, LLM_MODEL), to set
// beside the extractive rows: what the model buys, how often it fell back, how many sentences the check dropped.
import type { ChatModel } from '../src/llm/client.js';
import { freshBot, toDocuments } from './bot.js';
import type { QaItem } from './data.js';
import { normaliseContext } from './qa.js';
import { containsGold } from './squad.js';

export interface LlmRow {
  model: string;
  answerableTop1: number;
  unanswerableRefused: number;
  accuracy: number;
  /** Answers the model wrote (method llm), answers given by the extractive fallback with a note, errors. */
  byModel: number;
  fallbacks: number;
  errors: number;
  /** Sentences the grounding check dropped over all answers. */
  droppedSentences: number;
  tokensIn: number;
  tokensOut: number;
}

export async function evaluateWithModel(items: readonly QaItem[], source: string, model: ChatModel): Promise<LlmRow> {
  const { documents } = toDocuments([...new Set(items.map((q) => normaliseContext(q.context)))].map((text) => ({ text, source })));
  const { bot, store } = await freshBot(undefined, model);
  const row: LlmRow = { model: model.model, answerableTop1: 0, unanswerableRefused: 0, accuracy: 0, byModel: 0, fallbacks: 0, errors: 0, droppedSentences: 0, tokensIn: 0, tokensOut: 0 };
  let answerableOk = 0;
  let refused = 0;
  try {
    await store.add(documents.map((d) => d.doc));
    for (const q of items) {
      const a = await bot.answer(q.question).catch(() => undefined);
      if (!a) {
        row.errors += 1;
        continue;
      }
      if (q.is_impossible) refused += Number(a.status === 'not_found');
      else answerableOk += Number(a.status === 'answered' && containsGold(a.text, q.answers));
      row.byModel += Number(a.method === 'llm');
      row.fallbacks += Number(a.notes?.some((n) => /extractive answer/.test(n)) ?? false);
      row.droppedSentences += a.notes?.map((n) => Number(/^(\d+) sentences? the sources do not support/.exec(n)?.[1] ?? 0)).reduce((x, y) => x + y, 0) ?? 0;
      row.tokensIn += a.llm?.tokensIn ?? 0;
      row.tokensOut += a.llm?.tokensOut ?? 0;
    }
  } finally {
    await bot.close();
  }
  const answerable = items.filter((q) => !q.is_impossible).length;
  const unanswerable = items.length - answerable;
  return {
    ...row,
    answerableTop1: answerable ? answerableOk / answerable : 0,
    unanswerableRefused: unanswerable ? refused / unanswerable : 0,
    accuracy: items.length ? (answerableOk + refused) / items.length : 0,
  };
}
