// The composition root: config + store + summariser + Q&A. Adapters receive a BriefBot and call its few verbs;
// they never reach into the store or the summariser's internals.
import type { Config } from './config.js';
import { Answer, Brief, type BriefRequest, type Feedback, type ThreadTurn } from './domain.js';
import { readArticles, type FileWarning } from './ingest/files.js';
import type { Logger } from './log.js';
import { answerQuestion } from './qa/answer.js';
import { validateQuestion } from './qa/question.js';
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
  /** `thread`: earlier questions and answers of the same conversation, oldest first. */
  answer(question: string, thread?: readonly ThreadTurn[]): Promise<Answer>;
  ingest(paths: readonly string[]): IngestReport;
  recordFeedback(feedback: Feedback): void;
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
  return {
    store,
    config,
    async brief(request = {}) {
      const started = performance.now();
      const brief = buildBrief(store, request, { maxStories: request.maxStories ?? config.BRIEF_MAX_STORIES, windowDocs: config.BRIEF_WINDOW_DOCS, now: now() });
      logger.debug({ topic: request.topic, stories: brief.stories.length, ms: Math.round(performance.now() - started) }, 'brief');
      return Brief.parse(brief);
    },
    async answer(question, thread = []) {
      const q = validateQuestion(question, config.QUESTION_MAX_CHARS);
      const started = performance.now();
      const answer = answerQuestion(store, q, thread);
      logger.debug({ status: answer.status, ms: Math.round(performance.now() - started) }, 'answer');
      return Answer.parse(answer);
    },
    ingest(paths) {
      const { documents, warnings } = readArticles(paths);
      const result = store.add(documents);
      for (const w of warnings) logger.warn(`skipped ${w.file}: ${w.reason}`);
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
