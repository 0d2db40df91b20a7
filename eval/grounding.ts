// The grounding check (src/llm/grounding.ts) measured without a model: each answerable question's gold sentence,
// written as a model would cite it, should pass; the same sentence with a number or a name changed, or citing
// another passage, should be dropped.
import { checkGrounding, type Passage } from '../src/llm/grounding.js';
import { splitSentences } from '../src/text/sentences.js';
import type { QaItem } from './data.js';
import { containsGold } from './squad.js';

export interface GroundingStudy {
  /** Gold sentences cited to their own passage, and how many the check kept. */
  faithful: { n: number; kept: number };
  /** Corrupted sentences of each kind, and how many the check dropped. */
  corrupted: { kind: 'number changed' | 'name changed' | 'wrong passage cited'; n: number; dropped: number }[];
}

const passage = (text: string): Passage => ({ documentId: 'd', source: 'eval', title: '', text });
const cited = (sentence: string, n: number) => `${sentence.replace(/[.!?]["”’]?\s*$/, '')} [${n}].`;
const NAME = /(?<=\s)\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)*/u;

export function groundingStudy(items: readonly QaItem[]): GroundingStudy {
  const golds = items
    .filter((q) => !q.is_impossible)
    .map((q) => splitSentences(q.context).find((s) => containsGold(s, q.answers)))
    .filter((s): s is string => s !== undefined);
  const study: GroundingStudy = {
    faithful: { n: 0, kept: 0 },
    corrupted: [
      { kind: 'number changed', n: 0, dropped: 0 },
      { kind: 'name changed', n: 0, dropped: 0 },
      { kind: 'wrong passage cited', n: 0, dropped: 0 },
    ],
  };
  const [numberChanged, nameChanged, wrongPassage] = study.corrupted as [GroundingStudy['corrupted'][number], GroundingStudy['corrupted'][number], GroundingStudy['corrupted'][number]];
  golds.forEach((gold, i) => {
    const other = golds[(i + 1) % golds.length]!;
    const passages = [passage(gold), passage(other)];
    const kept = (text: string) => checkGrounding(text, passages).kept.length > 0;
    study.faithful.n += 1;
    study.faithful.kept += Number(kept(cited(gold, 1)));
    const number = /\d+/.exec(gold);
    if (number) {
      numberChanged.n += 1;
      numberChanged.dropped += Number(!kept(cited(gold.replace(number[0], String(Number(number[0]) + 7)), 1)));
    }
    // another passage's name in place of this one's (one the gold sentence does not have)
    const name = NAME.exec(gold)?.[0];
    const replacement = golds.map((g) => NAME.exec(g)?.[0]).find((n) => n && !gold.includes(n));
    if (name && replacement) {
      nameChanged.n += 1;
      nameChanged.dropped += Number(!kept(cited(gold.replace(name, replacement), 1)));
    }
    if (other !== gold) {
      wrongPassage.n += 1;
      wrongPassage.dropped += Number(!kept(cited(gold, 2)));
    }
  });
  return study;
}
