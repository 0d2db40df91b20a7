// The read work a brief or an answer does: the same function runs on the main thread (a store in memory, tests)
// and in a reader thread (work/reader-pool.ts), so both give the same result.
import type { Answer, Brief, BriefRequest, ThreadTurn } from '../domain.js';
import { isUserError, type UserErrorCode } from '../errors.js';
import { answerQuestion } from '../qa/answer.js';
import { answerInDigest } from '../qa/scoped.js';
import type { DocumentStore } from '../store/port.js';
import { buildBrief } from '../summarise/brief.js';
import { questionEvidence, type Evidence } from '../llm/passages.js';

export type ReadTask =
  | { kind: 'brief'; request: BriefRequest; maxStories: number; windowDocs: number; now: string }
  | { kind: 'answer'; question: string; thread: readonly ThreadTurn[]; digest?: Brief }
  /** The extractive answer and what a language model is given to answer from, one retrieval (llm/passages.ts). */
  | { kind: 'evidence'; question: string; thread: readonly ThreadTurn[] };

/**
 * What a task gives back across a thread: its value, or the UserError it raised as code and message (an Error's
 * own fields do not survive the crossing). Anything else thrown stays a throw.
 */
export type ReadOutcome =
  | { ok: true; value: unknown }
  | { ok: false; code: UserErrorCode; message: string };

export async function runReadTask(store: DocumentStore, task: ReadTask): Promise<Brief | Answer | Evidence> {
  if (task.kind === 'evidence') return questionEvidence(store, task.question, task.thread);
  if (task.kind === 'brief') {
    return buildBrief(store, task.request, { maxStories: task.maxStories, windowDocs: task.windowDocs, now: new Date(task.now) });
  }
  return task.digest ? answerInDigest(store, task.question, task.thread, task.digest) : answerQuestion(store, task.question, task.thread);
}

/** runReadTask with its UserError as an outcome, for a reader thread. */
export async function readOutcome(store: DocumentStore, task: ReadTask): Promise<ReadOutcome> {
  try {
    return { ok: true, value: await runReadTask(store, task) };
  } catch (e) {
    if (isUserError(e)) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}
