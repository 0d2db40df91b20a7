// The run's results as a markdown report (stdout and eval/results/latest.md) and targets with met / not met.
import { SIGNALS, type FrontierPoint } from './abstention.js';
import { CLUSTER_SYSTEMS, type ClusterEvaluation } from './clusters.js';
import type { NewsEvaluation } from './news.js';
import type { LlmRow } from './llm.js';
import type { QaEvaluation, QaSystemRow } from './qa.js';
import { SYSTEM_LABELS, SYSTEMS, type SummaryEvaluation, type SystemName } from './summaries.js';
import { meanScores, type RougeScores } from './rouge.js';
import { pairedComparison } from './stats.js';

export interface Target {
  name: string;
  met: boolean | null;
  detail: string;
}

export interface RunInfo {
  commit: string;
  dirty: boolean;
  date: string;
  elapsedSeconds: number;
  dataDir: string;
}

const pct = (x: number): string => (100 * x).toFixed(2);
const pct1 = (x: number): string => `${(100 * x).toFixed(1)}%`;

export function computeTargets(s: SummaryEvaluation | undefined, q: QaEvaluation | undefined, news?: NewsEvaluation): Target[] {
  const targets: Target[] = [];
  if (s) {
    const bot = s.averages.briefbot.rouge2;
    for (const other of ['lexrank', 'lead'] as const) {
      const o = s.averages[other].rouge2;
      targets.push({ name: `brief ROUGE-2 above ${other === 'lexrank' ? 'LexRank' : 'Lead'}`, met: bot > o, detail: `${pct(bot)} vs ${pct(o)}` });
    }
  } else {
    targets.push({ name: 'brief ROUGE-2 above LexRank and Lead', met: null, detail: 'summaries not run' });
  }
  const row = q?.rows[0];
  if (q && row) {
    targets.push({ name: 'answerable top-1 ≥ 80%', met: row.answerableTop1 >= 0.8, detail: pct1(row.answerableTop1) });
    targets.push({
      name: 'unanswerable refused ≥ 60% while answerable ≥ 80%',
      met: row.unanswerableRefused >= 0.6 && row.answerableTop1 >= 0.8,
      detail: `${pct1(row.unanswerableRefused)} refused, ${pct1(row.answerableTop1)} answerable`,
    });
  } else {
    targets.push({ name: 'QA targets', met: null, detail: 'questions not run' });
  }
  const nr = news?.qa.rows[0];
  if (news && nr) {
    const say = news.tags.find((t) => t.answerable && t.tag === 'say');
    targets.push({ name: 'news: retrieval ceiling ≥ 85%', met: news.ceiling >= 0.85, detail: pct1(news.ceiling) });
    targets.push({
      name: 'news: answerable top-1 ≥ 70% with unanswerable refused ≥ 70%',
      met: nr.answerableTop1 >= 0.7 && nr.unanswerableRefused >= 0.7,
      detail: `${pct1(nr.answerableTop1)} answerable, ${pct1(nr.unanswerableRefused)} refused, ${pct1(nr.accuracy)} overall`,
    });
    if (say) targets.push({ name: 'news: "what did X say" top-1 ≥ 70%', met: say.correct / say.n >= 0.7, detail: `${say.correct}/${say.n} = ${pct1(say.correct / say.n)}` });
  } else {
    targets.push({ name: 'news QA targets', met: null, detail: 'news questions not run' });
  }
  return targets;
}

function summaryTable(lines: string[], rows: Record<SystemName, RougeScores & { unavailable?: string; errors?: number }>, clusters: number): void {
  lines.push('| system | ROUGE-1 | ROUGE-2 | ROUGE-L | clusters |', '|---|---:|---:|---:|---:|');
  for (const name of SYSTEMS) {
    const r = rows[name];
    if (r.unavailable !== undefined) {
      lines.push(`| ${SYSTEM_LABELS[name]} | not run: ${r.unavailable.replace(/\|/g, '/')} | | | 0 |`);
      continue;
    }
    const errors = r.errors ? ` (${r.errors} failed, scored 0)` : '';
    lines.push(`| ${SYSTEM_LABELS[name]} | ${pct(r.rouge1)} | ${pct(r.rouge2)} | ${pct(r.rougeL)} | ${clusters}${errors} |`);
  }
}

function summariesSection(lines: string[], s: SummaryEvaluation): void {
  const n = s.clusters.length;
  lines.push(`## Summaries (${n} clusters)`, '');
  lines.push(
    'ROUGE F1 ×100, js-rouge with rouge-score tokenisation and Porter stemming; ROUGE-L = LCS over the whole text. ' +
      `Every system is cut to the same word budget per cluster (${s.multiReference}).`,
    '',
  );
  summaryTable(lines, s.averages, n);
  // the published reference points are on Multi-News: the same table over those clusters alone
  const mn = s.clusters.filter((c) => /multi-news/i.test(c.source));
  if (mn.length > 0 && mn.length < n) {
    const sub = {} as Record<SystemName, RougeScores & { unavailable?: string }>;
    for (const name of SYSTEMS) {
      const rs = mn.map((c) => c.systems[name]).filter((x) => x !== undefined);
      sub[name] = { ...meanScores(rs), unavailable: s.averages[name].unavailable };
    }
    lines.push('', `Multi-News clusters only (${mn.length}), to set beside the published Multi-News test figures:`, '');
    summaryTable(lines, sub, mn.length);
  }
  lines.push('', 'briefbot against each peer, ROUGE-2 per cluster (paired; 95% bootstrap interval of the mean difference, 2000 resamples):', '');
  const bot = s.clusters.map((c) => c.systems.briefbot?.rouge2 ?? 0);
  for (const name of SYSTEMS.filter((x) => x !== 'briefbot')) {
    if (s.averages[name].unavailable !== undefined) continue;
    const p = pairedComparison(bot, s.clusters.map((c) => c.systems[name]?.rouge2 ?? 0));
    lines.push(`- vs ${name}: better in ${p.wins}, equal in ${p.ties}, worse in ${p.losses} clusters; mean difference ${pct(p.meanDiff)} [${pct(p.low)}, ${pct(p.high)}]`);
  }
  // each cluster is one event by construction: did the bot see it as one story?
  const groups: [string, (c: (typeof s.clusters)[number]) => boolean][] = [
    ['one story', (c) => c.stories === 1],
    ['one story per document', (c) => c.documents > 1 && c.stories === c.documents],
    ['in between', (c) => c.stories !== 1 && c.stories !== c.documents],
  ];
  lines.push('', 'ROUGE-2 by how the bot grouped a cluster\'s documents (each cluster is one event):', '');
  for (const [label, test] of groups) {
    const cs = s.clusters.filter(test);
    if (cs.length === 0) continue;
    const avg = (name: SystemName): string => pct(cs.reduce((a, c) => a + (c.systems[name]?.rouge2 ?? 0), 0) / cs.length);
    lines.push(`- ${label}: ${cs.length} clusters — briefbot ${avg('briefbot')}, lead ${avg('lead')}, lexrank ${avg('lexrank')}${s.averages.ots.unavailable === undefined ? `, ots ${avg('ots')}` : ''}`);
  }
  lines.push('', 'ROUGE-2 per cluster:', '', '| cluster | docs | budget | stories | briefbot | lead | lexrank | ots |', '|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const c of s.clusters) {
    const cell = (name: SystemName): string => {
      const r = c.systems[name];
      return r === undefined ? '–' : r.error !== undefined ? 'error' : pct(r.rouge2);
    };
    lines.push(`| ${c.id} | ${c.documents} | ${c.budget} | ${c.stories ?? '–'} | ${cell('briefbot')} | ${cell('lead')} | ${cell('lexrank')} | ${cell('ots')} |`);
  }
  const errors = s.clusters.flatMap((c) => SYSTEMS.flatMap((name) => (c.systems[name]?.error ? [`${c.id} ${name}: ${c.systems[name]?.error ?? ''}`] : [])));
  if (errors.length) lines.push('', 'Errors:', '', ...errors.map((e) => `- ${e}`));
  lines.push('');
}

const OUTCOME_LABELS: Record<string, string> = {
  answered_wrong_document: 'answerable, answered from another context',
  answered_wrong_sentence: 'answerable, answered from the right context but a sentence without the answer',
  refused_answerable: 'answerable, refused (not_found)',
  answered_unanswerable: 'unanswerable, answered',
  error: 'answer() threw',
};

function abstentionLines(a: QaEvaluation['abstention']): string[] {
  const point = (p: FrontierPoint | undefined): string => (p ? `${pct1(p.answerableTop1)} answerable, ${pct1(p.unanswerableRefused)} refused, ${pct1(p.accuracy)} overall` : 'no such point');
  return [
    `Diagnostic — learned abstention: a logistic regression (L2, λ = ${a.lambda}) over the top sentence's ${SIGNALS.length} ranking signals ` +
      `(${SIGNALS.join(', ')}), ${a.folds}-fold cross-validated, its out-of-fold probability swept as the threshold. ` +
      'It shows what a linear re-weighting of these signals reaches without seeing the item it scores; the bot does not use it.',
    '',
    `- ceiling (answerable questions whose top sentence is right): ${pct1(a.ceiling)}`,
    `- most refusals with answerable top-1 ≥ 80%: ${point(a.atAnswerable80)}`,
    `- best answerable top-1 with ≥ 60% refused: ${point(a.atRefused60)}`,
    `- best overall accuracy: ${point(a.bestAccuracy)}`,
    `- a point meeting both QA targets: ${a.bothTargets ? 'exists' : 'none'}`,
  ];
}

function qaSection(lines: string[], q: QaEvaluation, title = 'Questions (SQuAD 2.0)'): void {
  const c = q.counts;
  lines.push(`## ${title} (${c.questions}: ${c.answerable} answerable, ${c.unanswerable} unanswerable; ${c.contexts} distinct contexts in one store)`, '');
  lines.push('| system | answerable top-1 | span EM | span F1 | unanswerable refused | overall accuracy |', '|---|---:|---:|---:|---:|---:|');
  const opt = (x: number | null): string => (x === null ? '–' : pct1(x));
  for (const r of q.rows) {
    lines.push(`| ${r.name} | ${pct1(r.answerableTop1)} | ${opt(r.spanEm)} | ${opt(r.spanF1)} | ${pct1(r.unanswerableRefused)} | ${pct1(r.accuracy)} |`);
  }
  const notes = q.rows.filter((r) => r.note);
  if (notes.length) lines.push('', ...notes.map((r) => `- ${r.name}: ${r.note ?? ''}`));
  lines.push(
    '',
    'Top-1: status answered and the answer text contains a gold answer (case-insensitive, whitespace-normalised). ' +
      'Span EM/F1: answer.span against the gold answers with SQuAD normalisation, averaged over answerable questions (0 when refused or no span).',
    '',
    'Diagnostic — the same bot at other abstention thresholds (`QaOptions.minCoverage`; not a tuning loop, it shows what abstention alone can trade):',
    '',
    '| minCoverage | answerable top-1 | unanswerable refused | overall accuracy |',
    '|---:|---:|---:|---:|',
    ...q.sweep.map((p) => `| ${p.minCoverage}${p.isDefault ? ' (default)' : ''} | ${pct1(p.answerableTop1)} | ${pct1(p.unanswerableRefused)} | ${pct1(p.accuracy)} |`),
    '',
    ...abstentionLines(q.abstention),
    '',
    'Failures:',
    '',
  );
  const byId = new Map(q.items.map((r) => [r.id, r]));
  for (const [k, label] of Object.entries(OUTCOME_LABELS)) {
    const ids = q.outcomes[k as keyof typeof q.outcomes];
    const rs = ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
    // where the remedy lies: would the bot's own top sentence (abstention off) or the store's best BM25 sentence have been right?
    const hints: string[] = [];
    if (k === 'refused_answerable') hints.push(`${rs.filter((r) => r.neverRefuse?.correct).length} right with abstention off`);
    if (k === 'refused_answerable' || k.startsWith('answered_wrong')) hints.push(`${rs.filter((r) => r.topSentenceCorrect).length} right as the best BM25 sentence`);
    const hint = ids.length && hints.length ? ` (${hints.join(', ')})` : '';
    lines.push(`- ${label}: ${ids.length}${hint}${ids.length ? ` — ${ids.join(', ')}` : ''}`);
  }
  lines.push('');
}

function newsSection(lines: string[], n: NewsEvaluation): void {
  qaSection(lines, n.qa, 'News questions (news-qa-dev.json)');
  lines.push(
    `Retrieval ceiling (answerable questions whose top-ranked passage holds a gold answer): ${pct1(n.ceiling)}.`,
    '',
    'By tag (an answerable question counts under each of its tags; "right" is a gold answer for an answerable question, a refusal for an unanswerable one):',
    '',
    '| tag | questions | right | top passage holds the answer |',
    '|---|---:|---:|---:|',
    ...n.tags.map((t) => `| ${t.answerable ? '' : '(unanswerable) '}${t.tag} | ${t.n} | ${pct1(t.correct / t.n)} | ${t.answerable ? pct1(t.ceiling / t.n) : '–'} |`),
    '',
  );
}

/** What each paraphrase group buys: accuracy and ceiling with it minus without it, on both question sets. */
function lexiconSection(lines: string[], squad: QaEvaluation | undefined, news: NewsEvaluation | undefined): void {
  const sets = [['news', news?.qa.lexicon], ['SQuAD', squad?.lexicon]] as const;
  const base = sets.map(([, rows]) => rows?.[0]);
  const pp = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}`;
  lines.push(
    '## Paraphrase lexicon (src/qa/paraphrase.ts)',
    '',
    'What each group buys: overall accuracy and retrieval ceiling with the full lexicon minus with that group left out (points; ' +
      'positive: the group helps). "(none)" is the whole lexicon left out.',
    '',
    `| group | ${sets.map(([n]) => `${n} overall | ${n} ceiling`).join(' | ')} |`,
    `|---|${sets.map(() => '---:|---:').join('|')}|`,
  );
  const groups = (news?.qa.lexicon ?? squad?.lexicon ?? []).slice(1).map((r) => r.group);
  for (const g of groups) {
    const cells = sets.map(([, rows], i) => {
      const row = rows?.find((r) => r.group === g);
      const b = base[i];
      return row && b ? `${pp(b.accuracy - row.accuracy)} | ${pp(b.ceiling - row.ceiling)}` : '– | –';
    });
    lines.push(`| ${g} | ${cells.join(' | ')} |`);
  }
  lines.push('');
}

/** The grounding check without a model: faithful cited sentences kept, corrupted ones dropped. */
function groundingSection(lines: string[], squad: QaEvaluation | undefined, news: NewsEvaluation | undefined): void {
  const sets = [['news', news?.qa.grounding], ['SQuAD', squad?.grounding]] as const;
  const rate = (a: number, n: number) => (n ? `${pct1(a / n)} (${a}/${n})` : '–');
  lines.push(
    '## LLM grounding check without a model (src/llm/grounding.ts)',
    '',
    "Each answerable question's gold sentence, cited to its own passage as a model would write it, should be kept; the same " +
      'sentence with a number changed, with a name changed to one from another passage, or citing another passage, should be dropped.',
    '',
    `| sentence | ${sets.map(([n]) => n).join(' | ')} |`,
    `|---|${sets.map(() => '---:').join('|')}|`,
    `| faithful: kept | ${sets.map(([, g]) => (g ? rate(g.faithful.kept, g.faithful.n) : '–')).join(' | ')} |`,
  );
  for (const kind of ['number changed', 'name changed', 'wrong passage cited'] as const) {
    lines.push(`| ${kind}: dropped | ${sets.map(([, g]) => {
      const c = g?.corrupted.find((x) => x.kind === kind);
      return c ? rate(c.dropped, c.n) : '–';
    }).join(' | ')} |`);
  }
  lines.push('');
}

export interface ModelRows {
  withModel: { set: string; row: LlmRow }[];
  extractive: Record<string, QaSystemRow | undefined>;
  /** Briefs written with the model, and without, when the summaries ran. */
  summaries?: SummaryEvaluation;
  summariesExtractive?: SummaryEvaluation;
}

/** `--llm`: the configured model's answers beside the extractive ones. */
function modelSection(lines: string[], { withModel, extractive, summaries, summariesExtractive }: ModelRows): void {
  lines.push(
    `## With the language model (${withModel[0]?.row.model ?? ''})`,
    '',
    'The same questions answered with the model (LLM_BASE_URL), checked against the passages; the extractive row is the one above.',
    '',
    '| set | answers | answerable top-1 | unanswerable refused | overall | written by the model | extractive fallbacks | sentences dropped by the check | tokens in / out |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const { set, row } of withModel) {
    const e = extractive[set];
    if (e) lines.push(`| ${set} | extractive | ${pct1(e.answerableTop1)} | ${pct1(e.unanswerableRefused)} | ${pct1(e.accuracy)} | – | – | – | – |`);
    lines.push(`| ${set} | with ${row.model} | ${pct1(row.answerableTop1)} | ${pct1(row.unanswerableRefused)} | ${pct1(row.accuracy)} | ${row.byModel} | ${row.fallbacks} | ${row.droppedSentences} | ${row.tokensIn} / ${row.tokensOut} |`);
  }
  if (summaries && summariesExtractive) {
    const [m, e] = [summaries.averages.briefbot, summariesExtractive.averages.briefbot];
    lines.push('', '| brief | ROUGE-1 | ROUGE-2 | ROUGE-L |', '|---|---:|---:|---:|');
    lines.push(`| extractive | ${pct(e.rouge1)} | ${pct(e.rouge2)} | ${pct(e.rougeL)} |`, `| with the model | ${pct(m.rouge1)} | ${pct(m.rouge2)} | ${pct(m.rougeL)} |`);
  }
  lines.push('');
}

function clustersSection(lines: string[], c: ClusterEvaluation): void {
  const n = c.overSeeds.seeds;
  const botMissing = c.systems.briefbot.missing;
  lines.push(`## Story clustering (${c.documents} documents of ${c.clusters} clusters in one store)`, '');
  lines.push(
    `B-cubed (Bagga & Baldwin 1998) ×100: per document, precision = share of its group from its own cluster, recall = share of its cluster in its group, ` +
      'averaged over documents; F1 of the averages. Gold = the cluster each document came from; a document in no group counts as a singleton.',
    '',
    `Documents: ${c.dating.fromData} dated by the data, ${c.dating.synthetic} undated ones given a day in ${c.dating.window} (seeded; ` +
      `this overrides the dateline buildArticle finds in ${c.dating.datelinesOverridden} of them); ` +
      `${c.attribution}; added one at a time in a seeded random order; clock ${c.dating.clock}. ` +
      `Detailed figures are seed 1's; the last column repeats the run for seeds 1–${n} (order and synthetic days redrawn).`,
    '',
  );
  lines.push(`| system | B³ precision | B³ recall | B³ F1 | groups | F1, seeds 1–${n}: mean [min, max] |`, '|---|---:|---:|---:|---:|---:|');
  for (const name of CLUSTER_SYSTEMS) {
    const r = c.systems[name];
    const f = c.overSeeds.systems[name].f1;
    lines.push(`| ${r.label} | ${pct(r.precision)} | ${pct(r.recall)} | ${pct(r.f1)} | ${r.groups} | ${pct(f.mean)} [${pct(f.min)}, ${pct(f.max)}] |`);
  }
  lines.push('', ...CLUSTER_SYSTEMS.map((name) => `- ${c.systems[name].label}: ${c.systems[name].method}.`), '');
  lines.push(
    `briefbot: one brief with maxStories ${c.maxStories}, window ${c.windowDocs} documents${c.briefNotes.length ? ` (notes: ${c.briefNotes.join(' ')})` : ''}; ` +
      `documents in no story (counted as singletons): ${botMissing.length ? botMissing.join(', ') : 'none'}; ` +
      `rejected by buildArticle: ${c.rejected.length ? c.rejected.map((r) => `${r.item} (${r.reason})`).join(', ') : 'none'}; ` +
      `skipped by the store as duplicates: ${c.duplicates.length ? c.duplicates.map((d) => `${d.item} (of ${d.of})`).join(', ') : 'none'}.`,
    '',
    'briefbot stories per cluster (seed 1):',
    '',
    '| cluster | docs | stories | B³ precision | B³ recall | shares a story with | stories when alone in a store |',
    '|---|---:|---:|---:|---:|---|---:|',
  );
  for (const k of c.perCluster) {
    lines.push(`| ${k.id} | ${k.documents} | ${k.stories} | ${pct(k.precision)} | ${pct(k.recall)} | ${k.sharesWith.join(', ') || '–'} | ${k.storiesAlone} |`);
  }
  lines.push('');
}

export function renderMarkdown(
  info: RunInfo,
  s: SummaryEvaluation | undefined,
  q: QaEvaluation | undefined,
  targets: readonly Target[],
  c?: ClusterEvaluation,
  news?: NewsEvaluation,
  llm?: ModelRows,
): string {
  const lines: string[] = [`# briefbot evaluation`, '', `Commit ${info.commit}${info.dirty ? ' (with uncommitted changes)' : ''}, ${info.date}, data ${info.dataDir}.`, ''];
  if (s) summariesSection(lines, s);
  if (s && !s.ots.available) lines.push(`ots: ${s.ots.reason}`, '');
  if (q) qaSection(lines, q);
  if (news) newsSection(lines, news);
  if (q || news) lexiconSection(lines, q, news);
  if (q || news) groundingSection(lines, q, news);
  if (llm?.withModel.length) modelSection(lines, llm);
  if (c) clustersSection(lines, c);
  lines.push('## Targets', '', '| target | result | |', '|---|---|---|');
  for (const t of targets) lines.push(`| ${t.name} | ${t.met === null ? 'not run' : t.met ? 'met' : 'not met'} | ${t.detail} |`);
  lines.push('', `Elapsed: ${info.elapsedSeconds.toFixed(1)} s`, '');
  return lines.join('\n');
}
