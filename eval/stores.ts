// `npm run eval -- --store both`: the questions answered on each storage backend, side by side. The answers must
// be the same or better on PostgreSQL than on SQLite; the rows and the count of questions answered differently say so.
import type { QaEvaluation } from './qa.js';

export interface StoreRun {
  store: string;
  squad?: QaEvaluation;
  news?: QaEvaluation;
}

const pct = (x: number | undefined): string => (x === undefined ? '–' : `${(100 * x).toFixed(1)}%`);

/** Questions whose answer (status and text) differs between two runs of the same set. */
function differing(a: QaEvaluation | undefined, b: QaEvaluation | undefined): string {
  if (!a || !b) return '–';
  const other = new Map(b.items.map((i) => [i.id, `${i.status}|${i.text}`]));
  const n = a.items.filter((i) => other.get(i.id) !== `${i.status}|${i.text}`).length;
  return `${n} of ${a.items.length}`;
}

export function renderStores(runs: readonly StoreRun[]): string {
  const lines = [
    '## Storage backends',
    '',
    'The same questions on each store (`npm run eval -- --store both`); "answered differently" compares each answer\'s status and text with the first row\'s.',
    '',
    '| store | SQuAD answerable top-1 | SQuAD refused | SQuAD overall | news answerable top-1 | news refused | news overall | answered differently (SQuAD, news) |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  const [first] = runs;
  for (const r of runs) {
    const s = r.squad?.rows[0];
    const n = r.news?.rows[0];
    const diff = r === first ? '–' : `${differing(first?.squad, r.squad)}, ${differing(first?.news, r.news)}`;
    lines.push(`| ${r.store} | ${pct(s?.answerableTop1)} | ${pct(s?.unanswerableRefused)} | ${pct(s?.accuracy)} | ${pct(n?.answerableTop1)} | ${pct(n?.unanswerableRefused)} | ${pct(n?.accuracy)} | ${diff} |`);
  }
  return `${lines.join('\n')}\n`;
}
