// `npm run eval`: summaries (ROUGE against human references, beside Lead, LexRank and ots), questions
// (SQuAD 2.0 answerable / unanswerable), story clustering (B-cubed against the summary clusters) and the near-copy
// threshold study, on the development data in ../shared/eval/. See eval/README.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs, REPO_ROOT, USAGE } from './args.js';
import { evaluateClusters, type ClusterEvaluation } from './clusters.js';
import { loadClusters, loadNewsQa, loadQa } from './data.js';
import { newsBreakdown, type NewsEvaluation } from './news.js';
import { evaluateWithModel, type LlmRow } from './llm.js';
import { loadConfig } from '../src/config.js';
import { modelFromConfig } from '../src/llm/client.js';
import { nearCopyStudy } from './near-copies.js';
import { evaluateQa, type QaEvaluation } from './qa.js';
import { computeTargets, renderMarkdown, type RunInfo } from './report.js';
import { evaluateSummaries, type SummaryEvaluation } from './summaries.js';
import { closeBots, useStore } from './bot.js';
import { renderStores, type StoreRun } from './stores.js';

function git(args: readonly string[]): string {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
}

async function main(): Promise<void> {
  const started = performance.now();
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  useStore(args.store === 'postgres' ? 'postgres' : 'sqlite');

  let summaries: SummaryEvaluation | undefined;
  let qa: QaEvaluation | undefined;
  let clustering: ClusterEvaluation | undefined;
  if (args.only === undefined || args.only === 'summaries') {
    const clusters = loadClusters(args.dataDir);
    log(`summaries: ${clusters.length} clusters`);
    summaries = await evaluateSummaries(clusters, log);
  }
  if (args.only === undefined || args.only === 'qa') {
    const items = loadQa(args.dataDir);
    log(`questions: ${items.length}`);
    qa = await evaluateQa(items, log);
  }
  let news: NewsEvaluation | undefined;
  if (args.only === undefined || args.only === 'qa' || args.only === 'news') {
    const { items, meta } = loadNewsQa(args.dataDir);
    log(`news questions: ${items.length}`);
    news = newsBreakdown(await evaluateQa(items, log, 'news'), meta);
  }
  const withModel: { set: string; row: LlmRow }[] = [];
  let summariesWithModel: SummaryEvaluation | undefined;
  if (args.llm) {
    const model = modelFromConfig(loadConfig(process.env));
    if (!model) throw new Error('--llm needs LLM_BASE_URL and LLM_MODEL (see "Language model" in README.md)');
    if (qa) withModel.push({ set: 'SQuAD', row: await evaluateWithModel(loadQa(args.dataDir), 'wikipedia', model) });
    if (news) withModel.push({ set: 'news', row: await evaluateWithModel(loadNewsQa(args.dataDir).items, 'news', model) });
    if (summaries) summariesWithModel = await evaluateSummaries(loadClusters(args.dataDir), log, model);
  }
  // --store both: the questions again on PostgreSQL, compared with the SQLite run above
  const stores: StoreRun[] = [];
  if (args.store === 'both' && (qa || news)) {
    stores.push({ store: 'sqlite', squad: qa, news: news?.qa });
    useStore('postgres');
    log('questions again on PostgreSQL');
    const squad = qa ? await evaluateQa(loadQa(args.dataDir), log) : undefined;
    const newsPg = news ? await evaluateQa(loadNewsQa(args.dataDir).items, log, 'news') : undefined;
    stores.push({ store: 'postgres', squad, news: newsPg });
    useStore('sqlite');
  }
  if (args.only === undefined || args.only === 'clusters') {
    const clusters = loadClusters(args.dataDir);
    log(`story clustering: ${clusters.reduce((n, c) => n + c.documents.length, 0)} documents of ${clusters.length} clusters`);
    clustering = await evaluateClusters(clusters, log);
  }

  const info: RunInfo = {
    commit: git(['rev-parse', 'HEAD']) || 'unknown',
    dirty: git(['status', '--porcelain']) !== '',
    date: new Date().toISOString(),
    elapsedSeconds: (performance.now() - started) / 1000,
    dataDir: relative(REPO_ROOT, args.dataDir) || '.',
  };
  const targets = computeTargets(summaries, qa, news);
  // the near-copy threshold study (src/text/minhash.ts), with the full runs only
  const nearCopies = args.only === undefined ? nearCopyStudy(loadClusters(args.dataDir)) : undefined;
  const markdown = renderMarkdown(info, summaries, qa, targets, clustering, news, { withModel, extractive: { SQuAD: qa?.rows[0], news: news?.qa.rows[0] }, summaries: summariesWithModel, summariesExtractive: summaries }) + (nearCopies ? `\n## Near copies (wire copy)\n\n${nearCopies.join('\n')}\n` : '')
    + (stores.length ? `\n${renderStores(stores)}` : '');

  const outDir = join(REPO_ROOT, 'eval', 'results');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'latest.md'), markdown);
  writeFileSync(join(outDir, 'latest.json'), `${JSON.stringify({ ...info, only: args.only ?? 'all', store: args.store, stores: stores.map((s) => ({ store: s.store, squad: s.squad?.rows, news: s.news?.rows })), targets, summaries, qa, news, withModel, clusters: clustering, nearCopies }, null, 2)}\n`);
  process.stdout.write(`${markdown}\n`);
  process.stdout.write(`wrote eval/results/latest.md and eval/results/latest.json; elapsed ${info.elapsedSeconds.toFixed(1)} s\n`);
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`eval failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => closeBots());
