// The news questions (NEWS-QA.md): the same evaluation as SQuAD's, broken down by the meta file's types and tags.
import type { NewsMeta } from './data.js';
import type { QaEvaluation } from './qa.js';

export interface TagRow {
  /** "say", "num", … for answerable questions; the near-miss kind or the off-topic subject for unanswerable ones. */
  tag: string;
  answerable: boolean;
  n: number;
  /** Answered with a gold answer (answerable) or refused (unanswerable). */
  correct: number;
  /** Answerable only: the bot's top passage holds a gold answer (abstention off): the retrieval ceiling. */
  ceiling: number;
}

export interface NewsEvaluation {
  qa: QaEvaluation;
  /** Answerable questions whose top passage holds a gold answer. */
  ceiling: number;
  tags: TagRow[];
}

export function newsBreakdown(qa: QaEvaluation, meta: ReadonlyMap<string, NewsMeta>): NewsEvaluation {
  const rows = new Map<string, TagRow>();
  for (const item of qa.items) {
    const m = meta.get(item.id);
    if (!m) continue;
    const answerable = m.type === 'answerable';
    // an answerable question counts under each of its tags (say + paraphrase); an unanswerable one under its kind
    const kind = m.tags.find((t) => t !== 'off_topic') ?? '?';
    const tags = answerable ? m.tags : [`${m.type === 'unanswerable_off_topic' ? 'off-topic' : 'near miss'}: ${kind}`];
    for (const tag of tags) {
      const key = `${answerable}:${tag}`;
      const row = rows.get(key) ?? { tag, answerable, n: 0, correct: 0, ceiling: 0 };
      row.n += 1;
      row.correct += item.correct ? 1 : 0;
      row.ceiling += item.neverRefuse?.correct ? 1 : 0;
      rows.set(key, row);
    }
  }
  const answerable = qa.items.filter((r) => !r.isImpossible);
  return {
    qa,
    ceiling: answerable.length ? answerable.filter((r) => r.neverRefuse?.correct).length / answerable.length : 0,
    tags: [...rows.values()].sort((a, b) => Number(b.answerable) - Number(a.answerable) || b.n - a.n || a.tag.localeCompare(b.tag)),
  };
}
