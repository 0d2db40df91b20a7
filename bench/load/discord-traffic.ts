// Discord traffic for the load driver: the fake gateway and REST API of the tests, a `/brief now` interaction or a
// mention dispatched over the gateway, and replies read from the fake's request log. An interaction's
// acknowledgement is its deferral (POST /interactions/<id>/<token>/callback), due within 3 s; its reply, the edit of
// @original. A mention has no acknowledgement; its reply is the answer in its thread (or a reply to it).
import { BOT, CHANNEL_ID, interactionPayload, messagePayload } from '../../test/doubles/discord-harness.js';
import { type DiscordDoubles } from '../../test/doubles/discord-process.js';
import type { RecordedRequest } from '../../test/doubles/discord-rest.js';
import type { Kind, TrackedRequest } from './traffic.js';

export { startDiscordDoubles } from '../../test/doubles/discord-process.js';

export class DiscordTraffic {
  readonly requests: TrackedRequest[] = [];
  private readonly byTarget = new Map<string, TrackedRequest>();
  private seen = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly doubles: DiscordDoubles) {
    this.timer = setInterval(() => this.scan(), 10);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Reads the requests the fake REST API answered since the last scan. */
  private scan(): void {
    const log = this.doubles.rest.requests;
    for (; this.seen < log.length; this.seen++) {
      const r = log[this.seen]!;
      if (r.status === 0 || r.status >= 400) continue; // refused: discord.js tries again
      this.take(r);
    }
  }

  private take(r: RecordedRequest): void {
    const at = performance.now();
    let m: RegExpMatchArray | null;
    if (r.method === 'POST' && (m = r.path.match(/^\/interactions\/\d+\/([^/]+)\/callback$/))) {
      const req = this.byTarget.get(m[1]!);
      if (req && req.ackMs === undefined) req.ackMs = at - req.sentAt;
      return;
    }
    let target: string | undefined;
    // the brief's first message edits @original; the rest follow up on the same webhook
    if ((m = r.path.match(/^\/webhooks\/\d+\/([^/]+)(?:\/messages\/@original)?$/)) && (r.method === 'PATCH' || r.method === 'POST')) target = m[1];
    else if (r.method === 'POST' && (m = r.path.match(/^\/channels\/(\d+)\/messages$/))) {
      const reference = (r.body as { message_reference?: { message_id?: string } } | undefined)?.message_reference?.message_id;
      target = this.byTarget.has(m[1]!) ? m[1] : reference;
    }
    const req = target === undefined ? undefined : this.byTarget.get(target);
    if (!req) return;
    const text = JSON.stringify(r.body ?? null);
    req.replies.push({ at, signature: text, complete: text.includes('"custom_id":"fb:'), error: text.includes('went wrong'), busy: text.includes('busy') });
    if (req.replies.some((x) => x.complete || x.error || x.busy)) req.settle();
  }

  /** Dispatches a `/brief now [topic]` or a mention over the gateway. */
  send(kind: Kind, text: string): TrackedRequest {
    let settle = () => {};
    const settled = new Promise<void>((resolve) => (settle = resolve));
    let target: string;
    if (kind === 'brief') {
      const options = text ? [{ name: 'topic', type: 3, value: text }] : [];
      const payload = interactionPayload(2, { id: '900000000000000050', name: 'brief', type: 1, options });
      target = String(payload.token);
      this.track(kind, target, settled, settle);
      this.doubles.gateway.dispatch('INTERACTION_CREATE', payload);
    } else {
      const payload = messagePayload(`<@${BOT.id}> ${text}`);
      target = String(payload.id);
      this.track(kind, target, settled, settle);
      this.doubles.gateway.dispatch('MESSAGE_CREATE', payload);
    }
    return this.byTarget.get(target)!;
  }

  private track(kind: Kind, target: string, settled: Promise<void>, settle: () => void): void {
    // a mention has nothing to acknowledge: its ackMs stays unset, out of the acknowledgement figures
    const req: TrackedRequest = { kind, target, sentAt: performance.now(), attempts: 1, replies: [], settled, settle };
    this.requests.push(req);
    this.byTarget.set(target, req);
  }
}
