// An answer from the model, never worse than the extractive one: the model writes from the passages, the grounding
// check keeps only the sentences its cited passages support, and when the model fails, says it does not know, or
// nothing survives, the extractive answer is given with a one-line note saying so.
import type { Answer, Citation } from '../domain.js';
import type { Logger } from '../log.js';
import { ModelError, type ChatModel } from './client.js';
import { answerMessages, checkGrounding, type Passage } from './grounding.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export async function answerWithModel(model: ChatModel, question: string, passages: readonly Passage[], extractive: Answer, logger: Logger): Promise<Answer> {
  if (passages.length === 0) return extractive; // nothing retrieved: nothing to ask about
  let completion;
  try {
    completion = await model.complete(answerMessages(question, passages));
  } catch (e) {
    const reason = e instanceof ModelError ? e.reason : 'error';
    logger.warn({ reason, err: e instanceof Error ? e.message : String(e), model: model.model }, 'llm: no answer from the model; the extractive answer is given');
    return { ...extractive, notes: [...(extractive.notes ?? []), `The language model was not available (${reason}), so this is the extractive answer.`] };
  }
  const checked = checkGrounding(completion.text, passages);
  const llm = { model: completion.model, tokensIn: completion.tokensIn, tokensOut: completion.tokensOut, ms: completion.ms };
  logger.info({ ...llm, kept: checked.kept.length, dropped: checked.dropped.map((d) => d.reason), notFound: checked.notFound }, 'llm answer');
  if (checked.kept.length === 0) {
    const why = checked.notFound ? 'The language model found no answer in the sources' : 'The language model’s answer did not pass the source check';
    const note = extractive.status === 'answered' ? `${why}, so this is the extractive answer.` : `${why}.`;
    return { ...extractive, notes: [...(extractive.notes ?? []), note], llm };
  }
  const order = [...new Set(checked.kept.flatMap((s) => s.cites))];
  const citations: Citation[] = order.map((i) => {
    const p = passages[i]!;
    return { documentId: p.documentId, source: p.source, title: p.title, ...(p.url ? { url: p.url } : {}), quote: p.text };
  });
  // the text names its sources by their place in the citations: [1] is the first citation shown
  const text = checked.kept.map((s) => `${s.text} ${s.cites.map((i) => `[${order.indexOf(i) + 1}]`).join('')}`).join(' ');
  const notes = checked.dropped.length ? [`${plural(checked.dropped.length, 'sentence', 'sentences')} the sources do not support left out.`] : [];
  return { question, status: 'answered', text, citations, method: 'llm', ...(notes.length ? { notes } : {}), llm };
}
