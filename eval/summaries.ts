// Multi-document summaries: the bot's brief against Lead, LexRank and ots, all cut to the same word budget
// (the reference's length) and scored with ROUGE-1/2/L F1 against the human references.
import type { ChatModel } from '../src/llm/client.js';
import { lexRankSummary } from './baselines/lexrank.js';
import { leadSummary } from './baselines/lead.js';
import { ensureOts, otsSummary, OTS_RATIO, type OtsStatus } from './baselines/ots.js';
import { briefText, freshBot, toDocuments } from './bot.js';
import type { Cluster } from './data.js';
import { meanScores, rouge, truncateWords, wordBudget, wordCount, type RougeScores } from './rouge.js';

export const SYSTEMS = ['briefbot', 'lead', 'lexrank', 'ots'] as const;
export type SystemName = (typeof SYSTEMS)[number];

export const SYSTEM_LABELS: Record<SystemName, string> = {
  briefbot: 'briefbot brief (extractive)',
  lead: 'Lead (first sentences, interleaved)',
  lexrank: 'LexRank (TF-IDF cosine ≥ 0.1, PageRank 0.85)',
  ots: `ots 0.5 (-r ${OTS_RATIO}, trimmed)`,
};

export interface SystemResult extends RougeScores {
  words: number;
  error?: string;
}

export interface ClusterResult {
  id: string;
  source: string;
  documents: number;
  references: number;
  budget: number;
  /** Documents buildArticle rejected (not given to any system). */
  rejected: number;
  /** Of the bot: how many stories its brief had. */
  stories?: number;
  systems: Partial<Record<SystemName, SystemResult>>;
}

export interface SystemAverage extends RougeScores {
  clusters: number;
  errors: number;
  unavailable?: string;
}

export interface SummaryEvaluation {
  clusters: ClusterResult[];
  averages: Record<SystemName, SystemAverage>;
  ots: OtsStatus;
  multiReference: string;
}

function scored(text: string, references: readonly string[]): SystemResult {
  return { ...rouge(text, references), words: wordCount(text) };
}

function failed(err: unknown): SystemResult {
  return { rouge1: 0, rouge2: 0, rougeL: 0, words: 0, error: err instanceof Error ? err.message : String(err) };
}

async function evaluateCluster(cluster: Cluster, ots: OtsStatus, model?: ChatModel): Promise<ClusterResult> {
  const budget = wordBudget(cluster.references);
  const { documents, rejected } = toDocuments(
    cluster.documents.map((d, i) => ({ text: d.text, title: d.title, date: d.date, source: d.source_id?.trim() || `doc${i + 1}` })),
  );
  // every system sees the same cleaned texts, in the cluster's order
  const texts = documents.map((d) => d.doc.text);
  const result: ClusterResult = {
    id: cluster.id,
    source: cluster.source,
    documents: cluster.documents.length,
    references: cluster.references.length,
    budget,
    rejected: rejected.length,
    systems: {},
  };

  const { bot, store } = await freshBot(undefined, model);
  try {
    await store.add(documents.map((d) => d.doc));
    const brief = await bot.brief({ maxStories: 10 });
    result.stories = brief.stories.length;
    result.systems.briefbot = scored(truncateWords(briefText(brief), budget), cluster.references);
  } catch (err) {
    result.systems.briefbot = failed(err);
  } finally {
    await bot.close();
  }

  result.systems.lead = scored(leadSummary(texts, budget), cluster.references);
  result.systems.lexrank = scored(lexRankSummary(texts, budget), cluster.references);
  if (ots.available) {
    try {
      result.systems.ots = scored(otsSummary(texts.join('\n\n'), budget), cluster.references);
    } catch (err) {
      result.systems.ots = failed(err);
    }
  }
  return result;
}

/** `model`: briefs written with it (`npm run eval -- --llm`). */
export async function evaluateSummaries(clusters: readonly Cluster[], log: (line: string) => void, model?: ChatModel): Promise<SummaryEvaluation> {
  const ots = ensureOts(log);
  if (!ots.available) log(`ots: unavailable (${ots.reason})`);
  const results: ClusterResult[] = [];
  for (const c of clusters) results.push(await evaluateCluster(c, ots, model));

  const averages = {} as Record<SystemName, SystemAverage>;
  for (const name of SYSTEMS) {
    const rows = results.map((r) => r.systems[name]).filter((s): s is SystemResult => s !== undefined);
    averages[name] = {
      ...meanScores(rows),
      clusters: rows.length,
      errors: rows.filter((r) => r.error !== undefined).length,
      ...(name === 'ots' && !ots.available ? { unavailable: ots.reason } : {}),
    };
  }
  return {
    clusters: results,
    averages,
    ots,
    multiReference: 'average over references (ROUGE-1.5.5 default); budget = mean reference length in words',
  };
}
