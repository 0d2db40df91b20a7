// Requests as Slack sends them (signed `/brief` commands and app_mention events) and their replies as the fake
// Web API receives them: each request has a target its replies are known by (its response_url, or the thread of
// the question), so the driver can time the acknowledgement and the reply and count what was lost or sent twice.
import type { FakeSlackApi, RecordedCall } from '../../test/doubles/slack-api.js';
import { slackSignature } from '../../test/doubles/slack-signing.js';
import { APOLOGY } from '../../adapters/kit/replies.js';
import { BUSY_MESSAGE } from '../../src/work/reader-pool.js';

export type Kind = 'brief' | 'mention';

/** Slack's limit for an acknowledgement: a later one counts as failed (Slack retries an event, shows a command as failed). */
export const SLACK_ACK_TIMEOUT_MS = 3000;

export interface Reply {
  at: number;
  /** Its text and blocks: the same reply sent twice has the same signature. */
  signature: string;
  /** Carries the feedback buttons, which only the last part of a brief or an answer has. */
  complete: boolean;
  error: boolean;
  busy: boolean;
}

export interface TrackedRequest {
  kind: Kind;
  target: string;
  sentAt: number;
  /** Sends until the bot acknowledges (events are re-delivered as Slack does; a command is sent once). */
  attempts: number;
  ackMs?: number;
  /** Never acknowledged within Slack's 3 s: a failed command, or an event Slack gave up on. */
  unacknowledged?: boolean;
  replies: Reply[];
  settled: Promise<void>;
  settle: () => void;
}

export type Outcome = 'answered' | 'busy' | 'error' | 'partial' | 'lost' | 'unacknowledged';

export function outcomeOf(r: TrackedRequest): Outcome {
  if (r.unacknowledged) return 'unacknowledged';
  if (r.replies.some((x) => x.complete)) return 'answered';
  if (r.replies.some((x) => x.busy)) return 'busy';
  if (r.replies.some((x) => x.error)) return 'error';
  return r.replies.length > 0 ? 'partial' : 'lost';
}

/** Replies sent more than once (the same text and blocks to the same target). */
export function duplicatesOf(r: TrackedRequest): number {
  return r.replies.length - new Set(r.replies.map((x) => x.signature)).size;
}

export class Traffic {
  readonly requests: TrackedRequest[] = [];
  private readonly byTarget = new Map<string, TrackedRequest>();
  private serial = 0;

  constructor(
    private readonly api: FakeSlackApi,
    private readonly secret: string,
    private readonly botUserId: string,
    private readonly port: number,
  ) {
    api.onRecord = (call) => this.onCall(call);
  }

  private onCall(call: RecordedCall): void {
    if (call.status !== 200 || call.error) return; // refused: the bot must try again
    let target: string | undefined;
    if (call.method.startsWith('/response/')) target = call.method.slice('/response/'.length);
    else if (call.method === 'chat.postMessage' || call.method === 'chat.postEphemeral') target = typeof call.body.thread_ts === 'string' ? call.body.thread_ts : undefined;
    const req = target === undefined ? undefined : this.byTarget.get(target);
    if (!req) return;
    const text = typeof call.body.text === 'string' ? call.body.text : '';
    const blocks = JSON.stringify(call.body.blocks ?? null);
    const reply: Reply = {
      at: performance.now(), signature: `${text}\n${blocks}`, complete: blocks.includes('"actions"'),
      error: text.includes(APOLOGY), busy: text.includes(BUSY_MESSAGE),
    };
    req.replies.push(reply);
    if (reply.complete || reply.error || reply.busy) req.settle();
  }

  /** Sends one request and waits for its acknowledgement (re-delivering an event until `deadline`). */
  async send(kind: Kind, text: string, deadline: number): Promise<TrackedRequest> {
    const n = ++this.serial;
    // a mention's target is its ts (its answer goes in the thread under it); a command's, its response_url
    const target = kind === 'mention' ? `${1_800_000_000 + n}.000000` : `r${n}`;
    let settle = () => {};
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const req: TrackedRequest = { kind, target, sentAt: performance.now(), attempts: 0, replies: [], settled, settle };
    this.requests.push(req);
    this.byTarget.set(target, req);
    const eventId = `EvLOAD${n}`;
    for (;;) {
      req.attempts += 1;
      const body = kind === 'mention' ? this.mentionBody(eventId, target, text) : this.commandBody(target, text);
      const type = kind === 'mention' ? 'application/json' : 'application/x-www-form-urlencoded';
      const retry: Record<string, string> = req.attempts > 1 ? { 'x-slack-retry-num': String(req.attempts - 1), 'x-slack-retry-reason': 'http_timeout' } : {};
      const started = performance.now();
      const status = await fetch(`http://127.0.0.1:${this.port}/slack/events`, {
        method: 'POST', body, headers: { 'content-type': type, ...slackSignature(body, this.secret), ...retry }, signal: AbortSignal.timeout(SLACK_ACK_TIMEOUT_MS),
      }).then((r) => r.status, () => 0);
      if (status === 200) {
        // the first try's time is the user's; a re-delivery's, the bot's after its restart
        req.ackMs = performance.now() - (req.attempts === 1 ? req.sentAt : started);
        return req;
      }
      if (kind === 'brief' || performance.now() > deadline) {
        req.unacknowledged = true;
        req.settle();
        return req;
      }
      await new Promise((r) => setTimeout(r, 1000)); // Slack re-delivers an event it got no 200 for
    }
  }

  private mentionBody(eventId: string, ts: string, question: string): string {
    return JSON.stringify({
      token: 'legacy', team_id: this.api.teamId, api_app_id: 'A0001', type: 'event_callback', event_id: eventId, event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: this.api.teamId, user_id: this.botUserId, is_bot: true }],
      event: { type: 'app_mention', user: 'U0LOAD', text: `<@${this.botUserId}> ${question}`, ts, channel: 'C0LOAD', event_ts: ts },
    });
  }

  private commandBody(target: string, topic: string): string {
    return new URLSearchParams({
      token: 'legacy', team_id: this.api.teamId, team_domain: 'load', channel_id: 'C0LOAD', channel_name: 'load', user_id: 'U0LOAD', user_name: 'load',
      command: '/brief', text: topic, api_app_id: 'A0001', response_url: this.api.responseUrl(target), trigger_id: `t.${target}`,
    }).toString();
  }
}
