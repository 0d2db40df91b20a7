// The composition root: config + store + summariser + Q&A. Adapters receive a BriefBot and call its few verbs;
// they never reach into the store or the summariser's internals.
import type { Config } from './config.js';
import { DigestRepository } from './digest/repository.js';
import { DigestRunner, type Deliver, type RunnerOptions } from './digest/runner.js';
import { DigestService } from './digest/service.js';
import { Answer, Brief, type BriefRequest, type Feedback, type ThreadTurn } from './domain.js';
import { readArticles, type FileWarning } from './ingest/files.js';
import type { Logger } from './log.js';
import { answerQuestion } from './qa/answer.js';
import { answerInDigest } from './qa/scoped.js';
import { validateQuestion } from './qa/question.js';
import { FEEDBACK_CONTEXT_DAYS, FeedbackContextRepository } from './store/feedback-contexts.js';
import type { DocumentStore } from './store/port.js';
import { SqliteStore } from './store/sqlite.js';
import { buildBrief } from './summarise/brief.js';

export interface IngestReport {
  added: number;
  duplicates: number;
  warnings: FileWarning[];
}

export interface BriefBot {
  brief(request?: BriefRequest): Promise<Brief>;
  /**
   * `thread`: earlier questions and answers of the same conversation, oldest first.
   * `digest`: the digest the question was asked under (its thread), answered from first.
   */
  answer(question: string, thread?: readonly ThreadTurn[], digest?: Brief): Promise<Answer>;
  ingest(paths: readonly string[]): IngestReport;
  recordFeedback(feedback: Feedback): void;
  /** What each 👍/👎 button rates, by platform and button key; kept in the database across restarts. */
  readonly feedbackContexts: FeedbackContextRepository;
  readonly digests: DigestService;
  /** A runner that delivers due digests through `deliver` (the adapters' post). */
  digestRunner(deliver: Deliver, owner: string, overrides?: Partial<RunnerOptions>): DigestRunner;
  readonly store: DocumentStore;
  readonly config: Config;
  close(): void;
}

export interface AppDeps {
  config: Config;
  logger: Logger;
  store?: DocumentStore;
  now?: () => Date;
}

export function createApp({ config, logger, store: given, now = () => new Date() }: AppDeps): BriefBot {
  const store = given ?? new SqliteStore(config.BRIEFBOT_DB, now);
  if (!(store instanceof SqliteStore)) throw new Error('digests need the SQLite store for now');
  const repo = new DigestRepository(store.db);
  // Channels fixed by configuration are (re)subscribed at every start, so the deployment's settings win.
  for (const entry of config.DIGEST_CHANNELS) {
    const [platform, channelId] = entry.split(':') as ['slack' | 'discord' | 'console', string];
    repo.upsert({ platform, channelId, timeOfDay: config.DIGEST_TIME, timezone: config.DIGEST_TZ, topic: '', weekdaysOnly: false, postWhenEmpty: false, origin: 'config' }, now());
  }
  const digests = new DigestService(repo, store, config, now);
  const feedbackContexts = new FeedbackContextRepository(store.db, now);
  feedbackContexts.prune(new Date(now().getTime() - FEEDBACK_CONTEXT_DAYS * 24 * 3600_000));
  return {
    store,
    config,
    digests,
    feedbackContexts,
    digestRunner(deliver, owner, overrides = {}) {
      return new DigestRunner(store, repo, deliver, logger, {
        graceMinutes: config.DIGEST_GRACE_MINUTES, maxStories: config.BRIEF_MAX_STORIES, windowDocs: config.BRIEF_WINDOW_DOCS, owner, ...overrides,
      });
    },
    async brief(request = {}) {
      const started = performance.now();
      const brief = buildBrief(store, request, { maxStories: request.maxStories ?? config.BRIEF_MAX_STORIES, windowDocs: config.BRIEF_WINDOW_DOCS, now: now() });
      logger.debug({ topic: request.topic, stories: brief.stories.length, ms: Math.round(performance.now() - started) }, 'brief');
      return Brief.parse(brief);
    },
    async answer(question, thread = [], digest) {
      const q = validateQuestion(question, config.QUESTION_MAX_CHARS);
      const started = performance.now();
      const answer = digest ? answerInDigest(store, q, thread, digest) : answerQuestion(store, q, thread);
      logger.debug({ status: answer.status, ms: Math.round(performance.now() - started) }, 'answer');
      return Answer.parse(answer);
    },
    ingest(paths) {
      const { documents, warnings } = readArticles(paths);
      const result = store.add(documents);
      // the caller reports skipped files (the CLI in its report, start-up in its log), once
      return { added: result.added.length, duplicates: result.duplicates.length, warnings };
    },
    recordFeedback(feedback) {
      store.recordFeedback(feedback);
    },
    close() {
      store.close();
    },
  };
}
