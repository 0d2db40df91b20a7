// The optional language model: any OpenAI-compatible server's Chat Completions endpoint, through the official
// `openai` package. One call has a hard deadline (LLM_TIMEOUT_MS); a 429 is retried once if its Retry-After fits
// in what is left; after repeated failures the model is left alone for a while (a circuit breaker) instead of
// making every user wait for the timeout.
import OpenAI from 'openai';
import { z } from 'zod';
import type { Config } from '../config.js';

export interface Completion {
  text: string;
  model: string;
  tokensIn: number;
  tokensOut: number;
  ms: number;
}

export interface ChatModel {
  readonly model: string;
  /** Rejects with a ModelError (timeout, HTTP status, network, malformed reply, circuit open). */
  complete(messages: { role: 'system' | 'user'; content: string }[]): Promise<Completion>;
}

export class ModelError extends Error {
  override readonly name = 'ModelError';
  constructor(
    /** What the log and the user's note say: 'timeout', 'http_429', 'network', 'malformed', 'paused' … */
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** The part of a Chat Completions reply we use, checked (a local server may answer anything). */
const Reply = z.object({
  model: z.string().optional(),
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable().optional() }) })).min(1),
  usage: z.object({ prompt_tokens: z.number().int().nonnegative(), completion_tokens: z.number().int().nonnegative() }).optional(),
});

export interface ModelOptions {
  baseURL: string;
  apiKey?: string;
  model: string;
  timeoutMs: number;
  maxTokens: number;
  /** Consecutive failures that open the circuit, and for how long. */
  failuresToPause?: number;
  pauseMs?: number;
  now?: () => number;
}

export function modelFromConfig(c: Pick<Config, 'LLM_BASE_URL' | 'LLM_API_KEY' | 'LLM_MODEL' | 'LLM_TIMEOUT_MS' | 'LLM_MAX_TOKENS'>): ChatModel | undefined {
  if (!c.LLM_BASE_URL || !c.LLM_MODEL) return undefined;
  return createChatModel({ baseURL: c.LLM_BASE_URL, apiKey: c.LLM_API_KEY, model: c.LLM_MODEL, timeoutMs: c.LLM_TIMEOUT_MS, maxTokens: c.LLM_MAX_TOKENS });
}

function reasonOf(e: unknown): ModelError {
  if (e instanceof ModelError) return e;
  if (e instanceof OpenAI.APIConnectionTimeoutError) return new ModelError('timeout', 'the model did not answer in time');
  if (e instanceof OpenAI.APIUserAbortError) return new ModelError('timeout', 'the model did not answer in time');
  if (e instanceof OpenAI.APIConnectionError) return new ModelError('network', `could not reach the model: ${e.message}`);
  if (e instanceof OpenAI.APIError && e.status) return new ModelError(`http_${e.status}`, `the model's server answered ${e.status}: ${e.message}`);
  return new ModelError('malformed', e instanceof Error ? e.message : String(e));
}

export function createChatModel(o: ModelOptions): ChatModel {
  // no retries of its own: the deadline is ours, and a 429 is retried below only when its wait fits in it
  const client = new OpenAI({ baseURL: o.baseURL, apiKey: o.apiKey || 'none', maxRetries: 0, timeout: o.timeoutMs });
  const now = o.now ?? Date.now;
  const failuresToPause = o.failuresToPause ?? 3;
  const pauseMs = o.pauseMs ?? 60_000;
  let failures = 0;
  let pausedUntil = 0;

  const once = async (messages: { role: 'system' | 'user'; content: string }[], deadline: number): Promise<unknown> => {
    const left = deadline - now();
    if (left <= 0) throw new ModelError('timeout', 'the model did not answer in time');
    const signal = AbortSignal.timeout(left);
    return client.chat.completions.create({ model: o.model, messages, max_tokens: o.maxTokens, temperature: 0 }, { signal }); // the signal is the deadline: it also bounds reading the body
  };

  return {
    model: o.model,
    async complete(messages) {
      if (now() < pausedUntil) throw new ModelError('paused', `the model is paused for ${Math.ceil((pausedUntil - now()) / 1000)} s after ${failuresToPause} failures in a row`);
      const started = now();
      const deadline = started + o.timeoutMs;
      try {
        let raw: unknown;
        try {
          raw = await once(messages, deadline);
        } catch (e) {
          // a 429 that says when to come back, within the deadline: once
          const retryAfter = e instanceof OpenAI.APIError && e.status === 429 ? Number(e.headers?.get('retry-after')) : NaN;
          if (!Number.isFinite(retryAfter) || now() + retryAfter * 1000 >= deadline - 100) throw e;
          await new Promise((r) => setTimeout(r, retryAfter * 1000));
          raw = await once(messages, deadline);
        }
        const reply = Reply.safeParse(raw);
        const text = reply.success ? reply.data.choices[0]?.message.content?.trim() : undefined;
        if (!reply.success || !text) throw new ModelError('malformed', 'the model answered with no text');
        failures = 0;
        return {
          text,
          model: reply.data.model ?? o.model,
          tokensIn: reply.data.usage?.prompt_tokens ?? 0,
          tokensOut: reply.data.usage?.completion_tokens ?? 0,
          ms: now() - started,
        };
      } catch (e) {
        failures += 1;
        if (failures >= failuresToPause) pausedUntil = now() + pauseMs;
        throw reasonOf(e);
      }
    },
  };
}
