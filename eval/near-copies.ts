// npm run eval (its "Near copies" section), or alone: npx tsx eval/near-copies.ts [--data DIR]: how the near-copy (wire copy) threshold was chosen (src/text/minhash.ts).
// The 63 news articles of the summarisation data (../shared/eval/summarisation-dev.json) are made into wire copies
// by the edits republishing sites make (another intro line and byline, a footer, the last paragraphs cut, a few
// words changed), deterministically (seeded). It prints, for each threshold, how many copy pairs reach it and how
// many pairs of different articles do: the articles against each other (same event by different outlets, and
// different events), and different articles wrapped in the same boilerplate. Nothing is written.
import { pathToFileURL } from 'node:url';
import { parseArgs } from './args.js';
import { loadClusters } from './data.js';
import { bucketKeys, estimatePacked, jaccard, NEAR_COPY, packSignature, shingles, signature } from '../src/text/minhash.js';
import { terms } from '../src/text/tokens.js';
import { mulberry32 } from '../bench/corpus.js';


const INTROS = [
  'Here is what we know so far about the latest developments in this story, updated throughout the day.',
  'Editor’s note: this story has been updated with new information.',
  'WASHINGTON —',
  'The following story was provided by our partners at the wire service.',
];
const BYLINES = ['By JANE DOE Associated Press', 'By John Smith, Reuters', 'From staff and wire reports'];
const FOOTERS = [
  'Copyright 2026 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.',
  'Follow us on social media for more news. Sign up for our daily newsletter to get the top stories delivered to your inbox every morning.',
  'Associated Press writers Ann Brown in London and Mark Green in Paris contributed to this report.',
];
const SWAPS: [RegExp, string][] = [[/\bsaid\b/g, 'says'], [/\bcenter\b/g, 'centre'], [/\bthe president\b/gi, 'President'], [/\bpercent\b/g, '%']];

/** The edits, as bits: 1 intro line and byline, 2 footer, 4 last fifth of the paragraphs cut, 8 words changed. */
const INTRO = 1;
const FOOTER = 2;
const CUT = 4;
const WORDS = 8;

function republish(text: string, edits: number, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  let paras = text.split(/\n+/).filter(Boolean);
  if (paras.length === 1) paras = text.split(/(?<=\.)\s+/);
  if (edits & CUT) paras = paras.slice(0, paras.length - Math.max(1, Math.floor(paras.length * 0.2)));
  if (edits & INTRO) paras = [pick(INTROS), pick(BYLINES), ...paras];
  if (edits & FOOTER) paras = [...paras, pick(FOOTERS)];
  let out = paras.join('\n');
  if (edits & WORDS) for (const [re, s] of SWAPS) out = out.replace(re, s);
  return out;
}

interface Pair {
  kind: string;
  exact: number;
  estimate: number;
  /** They share an LSH bucket, so the store would compare them at all. */
  candidate: boolean;
}

function pair(kind: string, a: string, b: string): Pair {
  const [x, y] = [shingles(terms(a)), shingles(terms(b))];
  // as the store keeps them (texts under NEAR_COPY.minShingles shingles get none; none of these is that short)
  const [px, py] = [packSignature(signature(x)), packSignature(signature(y))];
  const buckets = new Set(bucketKeys(px).map((k) => k.toString('hex')));
  return { kind, exact: jaccard(x, y), estimate: estimatePacked(px, py), candidate: bucketKeys(py).some((k) => buckets.has(k.toString('hex'))) };
}

/** The study as Markdown lines (npm run eval prints it in its report; run alone, this file prints it). */
export function nearCopyStudy(clusters: ReturnType<typeof loadClusters>): string[] {
  const docs = clusters.flatMap((c) => c.documents.map((d) => ({ cluster: c.id, text: d.text })));
  const rnd = mulberry32(42);
  const copies: Pair[] = [];
  const others: Pair[] = [];
  const wrap = (t: string) => [INTROS[0], BYLINES[0], t, ...FOOTERS].join('\n');
  const firstSentences = (t: string) => t.split(/(?<=\.)\s+/).slice(0, 3).join(' ');
  docs.forEach((d, i) => {
    // the original against a copy, and two differently edited copies against each other (the agency's own text
    // is often not among the stored ones)
    for (const edits of [INTRO, FOOTER, INTRO | FOOTER, INTRO | CUT, INTRO | FOOTER | CUT, INTRO | WORDS, INTRO | FOOTER | WORDS, 15]) {
      copies.push(pair('original / copy', d.text, republish(d.text, edits, rnd)));
    }
    for (const [a, b] of [[INTRO, FOOTER], [INTRO | FOOTER, INTRO | WORDS], [INTRO | FOOTER, INTRO | FOOTER | WORDS], [INTRO, FOOTER | WORDS], [INTRO | FOOTER | CUT, INTRO | WORDS]] as const) {
      copies.push(pair('copy / copy', republish(d.text, a, rnd), republish(d.text, b, rnd)));
    }
    for (const o of docs.slice(i + 1)) others.push(pair(o.cluster === d.cluster ? 'same event, other outlet' : 'other event', d.text, o.text));
    const next = docs[(i + 1) % docs.length]!;
    others.push(pair('other article, same boilerplate', wrap(d.text), wrap(next.text)));
    others.push(pair('3 sentences, same boilerplate', wrap(firstSentences(d.text)), wrap(firstSentences(next.text))));
  });

  const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(1)}%`;
  const max = (xs: readonly Pair[]) => Math.max(...xs.map((p) => p.estimate)).toFixed(3);
  const kinds = (xs: readonly Pair[]) => [...new Set(xs.map((p) => p.kind))];
  const out: string[] = [
    `Near-copy threshold study: ${docs.length} articles, ${copies.length} copy pairs, ${others.length} pairs of different texts.`,
    `Signature: ${NEAR_COPY.shingle}-term shingles, ${NEAR_COPY.hashes} positions, LSH ${NEAR_COPY.bands} bands of ${NEAR_COPY.rows}; store threshold ${NEAR_COPY.threshold}.`,
    '',
    '| pairs | n | highest estimate | mean |estimate − exact| |',
    '|---|---:|---:|---:|',
    ...kinds([...copies, ...others]).map((k) => {
      const xs = [...copies, ...others].filter((p) => p.kind === k);
      const err = xs.reduce((s, p) => s + Math.abs(p.estimate - p.exact), 0) / xs.length;
      return `| ${k} | ${xs.length} | ${max(xs)} | ${err.toFixed(3)} |`;
    }),
    '',
    '| threshold | copies ≥ threshold | … and an LSH candidate (linked) | copy / copy linked | different texts linked |',
    '|---:|---:|---:|---:|---:|',
  ];
  for (const t of [0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9]) {
    const over = copies.filter((p) => p.estimate >= t);
    const linked = over.filter((p) => p.candidate);
    const cc = copies.filter((p) => p.kind === 'copy / copy');
    const ccLinked = cc.filter((p) => p.estimate >= t && p.candidate);
    const wrong = others.filter((p) => p.estimate >= t && p.candidate);
    out.push(`| ${t} | ${pct(over.length, copies.length)} | ${pct(linked.length, copies.length)} | ${pct(ccLinked.length, cc.length)} | ${wrong.length} of ${others.length} |`);
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = parseArgs(process.argv.slice(2));
  process.stdout.write(`${nearCopyStudy(loadClusters(args.dataDir)).join('\n')}\n`);
}
