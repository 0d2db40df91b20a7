// The core's front door: config + storage + summariser + Q&A + digests + feedback, offered as a few verbs.
// Adapters receive a BriefBot and call these verbs; they never see the store, a repository or the summariser.
import { existsSync } from 'node:fs';
import { fetchPolicy, type Config } from './config.js';
import { DigestRunner, type OutletFor, type RunnerOptions } from './digest/runner.js';
import { DigestService } from './digest/service.js';
import { Answer, Brief, type BriefRequest, type Platform, type ThreadTurn } from './domain.js';
import { isUserError, UserError } from './errors.js';
import { safeFetch } from './fetch/index.js';
import { createInbox, type InboxVerbs } from './inbox/service.js';
import { pageToArticle } from './feeds/items.js';
import { createFeedback, FEEDBACK_CONTEXT_DAYS, type FeedbackVerbs } from './feedback/service.js';
import { listArticleFiles, readArticleFiles, type FileWarning } from './ingest/files.js';
import type { Logger } from './log.js';
import { BotMetrics } from './metrics.js';
import type { OnProgress } from './progress.js';
import { validateQuestion } from './qa/question.js';
import { pruneIngestedBefore, type PruneOptions, type PruneReport } from './retention.js';
import { answerWithModel } from './llm/answer.js';
import { briefWithModel } from './llm/brief.js';
import { modelFromConfig, type ChatModel } from './llm/client.js';
import { Evidence } from './llm/passages.js';
import type { InstallationRepository, Storage } from './store/repositories.js';
import { openStorage } from './store/open.js';
import type { Fetcher } from './sources/fetcher.js';
import { SourceService } from './sources/service.js';
import { inlineReader, readerPool, type Reader } from './work/reader-pool.js';

export interface IngestReport {
  added: number;
  duplicates: number;
  warnings: FileWarning[];
}

/** How long a platform delivery's keys (and inbox items) are kept: platforms re-deliver within minutes. */
export const HANDLED_EVENTS_HOURS = 24;

/** Briefs kept for BRIEF_CACHE_SECONDS: a burst of identical `/brief`s (a channel all asking at 9:00) costs one. */
const BRIEF_CACHE_ENTRIES = 100;

/** The longest topic a brief takes: it is searched for, shown in the brief and stored with a subscription. */
export const TOPIC_MAX_CHARS = 200;

/** Files read and stored per transaction by ingest: progress moves after each batch. */
export const INGEST_BATCH = 100;
/** PostgreSQL connections each reader thread opens (beside the process's DATABASE_POOL_MAX): a question reads a few at once. */
export const READER_DB_CONNECTIONS = 2;

export interface IngestOptions {
  /** Called before the first batch and after each one, with files done out of all listed. */
  onProgress?: OnProgress;
  /** Files per batch (default INGEST_BATCH). */
  batchSize?: number;
}

/** A message a question hangs under (a thread's root, or the message it replies to). */
export interface MessageRef {
  channelId: string;
  messageId: string;
}

export interface AskContext {
  /** Earlier questions and answers of the same conversation, oldest first. */
  thread?: readonly ThreadTurn[];
  /** Where it was asked: the core answers from a digest posted as one of `under` (nearest first) when there is one. */
  conversation?: { platform: Platform; under: readonly MessageRef[] };
  /** A digest shown but never posted (the console's preview), answered from first. */
  digest?: Brief;
}

export interface BriefBot {
  brief(request?: BriefRequest): Promise<Brief>;
  answer(question: string, context?: AskContext): Promise<Answer>;
  /**
   * Article files and folders, read and stored `batchSize` files at a time (one transaction each: a failure keeps
   * the batches before it); duplicates are recognised across batches.
   */
  ingest(paths: readonly string[], options?: IngestOptions): Promise<IngestReport>;
  /** Web pages as articles, each fetched safely and read with Readability; a page that fails is a warning. */
  ingestUrls(urls: readonly string[]): Promise<IngestReport>;
  /** How many documents the store holds. */
  documentCount(): Promise<number>;
  /** Recent story headlines containing `typed` (any case), for a topic's autocomplete: at most 25, each at most 100 characters. */
  topicSuggestions(typed: string): Promise<string[]>;
  /** Whether the database answers now (for /readyz). */
  databaseReachable(): Promise<boolean>;
  /** Counts a failed call to a platform's API (`error`: its error code, `http_<status>` or `network`), for /metrics. */
  platformError(platform: Platform, error: string): void;
  /** Prometheus exposition of the bot's metrics (src/metrics.ts), for GET /metrics. */
  metrics(): Promise<{ contentType: string; text: string }>;
  /** A consistent copy of the whole store in a new file, taken while the bot runs; a UserError if the file exists. */
  backup(file: string): Promise<void>;
  /**
   * Deliveries recorded before they are acknowledged and finished when answered (inbox/service.ts): a repeat (a
   * platform re-delivers what it thinks was lost) is recognised by its keys, by any process on the database, for a
   * day (HANDLED_EVENTS_HOURS); work a dead process left unfinished is resumed by the next one.
   */
  readonly inbox: InboxVerbs;
  /**
   * Drops documents ingested more than `days` (default RETENTION_DAYS) days ago, in batches (see retention.ts);
   * a UserError when neither is set, since the default is to keep everything.
   */
  prune(options?: PruneOptions & { days?: number }): Promise<PruneReport>;
  readonly feedback: FeedbackVerbs;
  /** Slack OAuth installations, one per workspace (the Slack adapter with SLACK_CLIENT_ID…). */
  readonly installations: InstallationRepository;
  readonly digests: DigestService;
  /** The feeds it follows: add, list, remove, poll (a poller for the running bot is started by bin/). */
  readonly sources: SourceService;
  /** A runner that delivers due digests through the outlet of each subscription's platform. */
  digestRunner(outlets: OutletFor, owner: string, overrides?: Partial<RunnerOptions>): DigestRunner;
  close(): Promise<void>;
}

export interface AppDeps {
  config: Config;
  logger: Logger;
  /** Any backend's Storage; by default the one the configuration names (store/open.ts). The app closes it on close(). */
  storage?: Storage;
  now?: () => Date;
  /** Key generator for feedback buttons (tests make it deterministic). */
  newFeedbackKey?: () => string;
  /** How sources are fetched; by default the SSRF-safe fetcher with the FETCH_* settings. */
  fetch?: Fetcher;
  /** Also export the process's own metrics (event-loop lag, memory): once per process (boot does). */
  processMetrics?: boolean;
  /**
   * Make briefs and answers in READER_THREADS reader threads (work/reader-pool.ts), keeping this thread's event
   * loop free: the running bot does. Otherwise (one-shot commands, tests, a given storage) they run on this thread.
   */
  readers?: boolean;
  /** The language model answers are written with; by default the one LLM_BASE_URL names, if any (llm/client.ts). */
  model?: ChatModel;
}

export async function createApp({ config, logger, storage: given, now = () => new Date(), newFeedbackKey, fetch, processMetrics = false, readers = false, model = modelFromConfig(config) }: AppDeps): Promise<BriefBot> {
  const metrics = new BotMetrics({ processMetrics });
  const briefs = new Map<string, { at: number; brief: Promise<Brief> }>();
  const storage = given ?? (await openStorage(config, now, logger));
  const { documents, subscriptions, posts } = storage;
  // briefs and answers run in reader threads when asked for (npm start) and the store is one they can open: a SQLite
  // file, or the PostgreSQL database (each thread with a pool of READER_DB_CONNECTIONS of its own)
  const reader: Reader =
    readers && !given && (config.DATABASE_URL || config.BRIEFBOT_DB !== ':memory:') && config.READER_THREADS > 0
      ? readerPool({
        dbPath: config.BRIEFBOT_DB,
        ...(config.DATABASE_URL ? { postgres: { url: config.DATABASE_URL, poolMax: READER_DB_CONNECTIONS } } : {}),
        threads: config.READER_THREADS,
        maxQueue: config.READER_QUEUE_MAX,
      })
      : inlineReader(documents);
  metrics.watchQueue(() => reader.queued());
  // Channels fixed by configuration are (re)subscribed at every start, so the deployment's settings win.
  for (const entry of config.DIGEST_CHANNELS) {
    const [platform, where] = entry.split(':') as [Platform, string];
    const [workspaceId, channelId] = where.includes('/') ? (where.split('/') as [string, string]) : [undefined, where];
    await subscriptions.upsert({ platform, ...(workspaceId ? { workspaceId } : {}), channelId, timeOfDay: config.DIGEST_TIME, timezone: config.DIGEST_TZ, topic: '', weekdaysOnly: false, postWhenEmpty: false, origin: 'config' }, now());
  }
  await storage.feedback.prune(new Date(now().getTime() - FEEDBACK_CONTEXT_DAYS * 24 * 3600_000));
  let eventsPrunedAt = 0;

  /** The digest the question hangs under: given (a preview), or posted as one of the messages it is under. */
  const digestFor = async ({ digest, conversation }: AskContext): Promise<Brief | undefined> => {
    if (digest || !conversation) return digest;
    for (const ref of conversation.under) {
      const found = await posts.find(conversation.platform, ref.channelId, ref.messageId);
      if (found) return found;
    }
    return undefined;
  };

  const policy = fetchPolicy(config);
  const fetchText: Fetcher = fetch ?? ((url, conditional) => safeFetch(url, policy, conditional));
  const sources = new SourceService({
    storage, now, logger, intervalMinutes: config.FEED_POLL_MINUTES, concurrency: config.FEED_CONCURRENCY, fetch: fetchText,
  });

  const accepted = createInbox(storage.inbox, logger, now);
  const pruneEvents = async (at: Date): Promise<void> => {
    if (at.getTime() - eventsPrunedAt < 3600_000) return;
    const before = new Date(at.getTime() - HANDLED_EVENTS_HOURS * 3600_000);
    await storage.events.prune(before);
    await storage.inbox.prune(before);
    eventsPrunedAt = at.getTime();
  };

  return {
    inbox: {
      ...accepted,
      async accept(platform, keys, payload) {
        await pruneEvents(now());
        return accepted.accept(platform, keys, payload);
      },
    },
    digests: new DigestService(storage, config, now),
    sources,
    feedback: createFeedback(storage.feedback, newFeedbackKey),
    installations: storage.installations,
    digestRunner(outlets, owner, overrides = {}) {
      return new DigestRunner(storage, outlets, logger, {
        graceMinutes: config.DIGEST_GRACE_MINUTES, maxStories: config.BRIEF_MAX_STORIES, windowDocs: config.BRIEF_WINDOW_DOCS, owner,
        onResult: (r) => metrics.digests.inc({ status: r.status }),
        ...(model ? { rewrite: (b: Brief) => briefWithModel(model, b, logger) } : {}),
        ...overrides,
      });
    },
    brief(request = {}) {
      let cached = false;
      return metrics.observe('brief', async () => {
        if ((request.topic?.length ?? 0) > TOPIC_MAX_CHARS) {
          throw new UserError('BAD_ARGUMENT', `A topic is a few words (at most ${TOPIC_MAX_CHARS} characters); for a question, mention me instead.`);
        }
        const at = now().getTime();
        const key = `${await documents.version()}|${JSON.stringify(request)}`;
        const hit = briefs.get(key);
        // a brief still being made counts: a burst of the same /brief waits for the one being made
        if (hit && at - hit.at < config.BRIEF_CACHE_SECONDS * 1000 && at >= hit.at) {
          cached = true;
          return structuredClone(await hit.brief); // callers own what they get
        }
        const started = performance.now();
        const making = reader
          .run({ kind: 'brief', request, maxStories: request.maxStories ?? config.BRIEF_MAX_STORIES, windowDocs: config.BRIEF_WINDOW_DOCS, now: new Date(at).toISOString() })
          .then((made) => Brief.parse(made))
          // with a model (LLM_BASE_URL), each story's points are rewritten from the sentences it cites, checked
          .then(async (made) => (model ? Brief.parse(await briefWithModel(model, made, logger)) : made));
        if (config.BRIEF_CACHE_SECONDS > 0) {
          if (briefs.size >= BRIEF_CACHE_ENTRIES) briefs.clear();
          briefs.set(key, { at, brief: making });
          making.catch(() => briefs.delete(key)); // a failure is not served again
        }
        const brief = await making;
        logger.debug({ topic: request.topic, stories: brief.stories.length, ms: Math.round(performance.now() - started) }, 'brief');
        return config.BRIEF_CACHE_SECONDS > 0 ? structuredClone(brief) : brief;
      }, () => (cached ? 'cached' : 'ok'));
    },
    answer(question, context = {}) {
      return metrics.observe('answer', async () => {
        const q = validateQuestion(question, config.QUESTION_MAX_CHARS);
        const started = performance.now();
        const digest = await digestFor(context);
        const thread = context.thread ?? [];
        // with a model (LLM_BASE_URL), it writes from the extractive answer's own retrieval, checked; under a digest
        // the digest's own answers ("tell me more about story 2") stay extractive
        let answer: Answer;
        if (model && !digest) {
          const evidence = Evidence.parse(await reader.run({ kind: 'evidence', question: q, thread }));
          answer = Answer.parse(await answerWithModel(model, q, evidence.passages, evidence.answer, logger));
        } else {
          answer = Answer.parse(await reader.run({ kind: 'answer', question: q, thread, ...(digest ? { digest } : {}) }));
        }
        logger.debug({ status: answer.status, method: answer.method, digest: digest !== undefined, ms: Math.round(performance.now() - started) }, 'answer');
        return answer;
      }, (a) => (a.status === 'answered' ? 'ok' : 'abstained'));
    },
    async ingest(paths, { onProgress, batchSize = INGEST_BATCH } = {}) {
      const { files, warnings } = listArticleFiles(paths);
      // the caller reports skipped files (the CLI in its report, start-up in its log), once
      const report: IngestReport = { added: 0, duplicates: 0, warnings };
      onProgress?.({ done: 0, total: files.length, added: 0 });
      for (let start = 0; start < files.length; start += batchSize) {
        const read = readArticleFiles(files.slice(start, start + batchSize));
        const result = await documents.add(read.documents);
        report.added += result.added.length;
        report.duplicates += result.duplicates.length;
        report.warnings.push(...read.warnings);
        onProgress?.({ done: Math.min(start + batchSize, files.length), total: files.length, added: report.added });
      }
      return report;
    },
    async ingestUrls(urls) {
      const report: IngestReport = { added: 0, duplicates: 0, warnings: [] };
      for (const url of urls) {
        try {
          const page = await fetchText(url);
          const result = await documents.add([pageToArticle(page.text, page.url, { source: '', origin: url })]);
          report.added += result.added.length;
          report.duplicates += result.duplicates.length;
        } catch (e) {
          if (!isUserError(e)) throw e;
          report.warnings.push({ file: url, reason: e.message });
        }
      }
      return report;
    },
    documentCount() {
      return documents.count();
    },
    async topicSuggestions(typed) {
      const wanted = typed.trim().toLowerCase();
      const titles = new Set((await documents.recent({ limit: 200 })).map((d) => d.title.trim().slice(0, 100)));
      return [...titles].filter((t) => t && t.toLowerCase().includes(wanted)).slice(0, 25);
    },
    databaseReachable() {
      return storage.ping();
    },
    platformError(platform, error) {
      metrics.platformErrors.inc({ platform, error });
    },
    async metrics() {
      return { contentType: metrics.contentType, text: await metrics.text() };
    },
    async backup(file) {
      if (existsSync(file)) throw new UserError('BAD_ARGUMENT', `${file} already exists: back up to a new file, so that no earlier backup is overwritten.`);
      await storage.backup(file);
    },
    async prune({ days = config.RETENTION_DAYS, ...options } = {}) {
      if (days === undefined) throw new UserError('CONFIG', 'RETENTION_DAYS is not set, so every document is kept: set it, or give a number of days, to prune.');
      if (!Number.isInteger(days) || days <= 0) throw new UserError('BAD_ARGUMENT', `the number of days to keep must be a positive whole number (got ${days}).`);
      return pruneIngestedBefore(documents, new Date(now().getTime() - days * 24 * 3600_000), options);
    },
    async close() {
      void reader.close();
      await storage.close();
    },
  };
}
