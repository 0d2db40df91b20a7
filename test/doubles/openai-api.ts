// A fake OpenAI-compatible server on 127.0.0.1 for tests: POST /v1/chat/completions answers with what the test
// queued (a reply, an HTTP status with headers, a delay, a dropped connection, a malformed body), in order; when the
// queue is empty it answers NOT_FOUND. Every request is recorded with its messages.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeBehaviour =
  /** `reply` as a function gets the numbered passages the bot sent ([1] is passages[0]). */
  | { reply: string | ((passages: string[]) => string); delayMs?: number }
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { drop: true }
  | { malformed: string };

export interface RecordedChat {
  model: string;
  messages: { role: string; content: string }[];
  maxTokens?: number;
}

export class FakeOpenAi {
  readonly requests: RecordedChat[] = [];
  private readonly queue: FakeBehaviour[] = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeOpenAi> {
    let fake: FakeOpenAi | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void fake!.handle(req.url ?? '', Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake = new FakeOpenAi(server);
    return fake;
  }

  /** The base URL to configure (LLM_BASE_URL). */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  next(...behaviours: FakeBehaviour[]): void {
    this.queue.push(...behaviours);
  }

  /** Forgets what was queued and not asked for (between tests). */
  reset(): void {
    this.queue.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(url: string, raw: string, res: import('node:http').ServerResponse): Promise<void> {
    if (!url.endsWith('/chat/completions')) return void res.writeHead(404).end();
    const body = JSON.parse(raw) as { model: string; messages: { role: string; content: string }[]; max_tokens?: number };
    this.requests.push({ model: body.model, messages: body.messages, maxTokens: body.max_tokens });
    const b = this.queue.shift() ?? { reply: 'NOT_FOUND' };
    if ('drop' in b) return void res.socket?.destroy();
    if ('malformed' in b) return void res.writeHead(200, { 'content-type': 'application/json' }).end(b.malformed);
    if ('status' in b) {
      return void res.writeHead(b.status, { 'content-type': 'application/json', ...b.headers }).end(JSON.stringify(b.body ?? { error: { message: `fake ${b.status}`, type: 'fake' } }));
    }
    if (b.delayMs) await new Promise((r) => setTimeout(r, b.delayMs));
    if (res.destroyed) return;
    const passages = [...(body.messages.at(-1)?.content ?? '').matchAll(/^\[\d+\] \([^)]*\) (.*)$/gm)].map((m) => m[1]!);
    const content = typeof b.reply === 'function' ? b.reply(passages) : b.reply;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      id: 'chatcmpl-fake', object: 'chat.completion', created: 1, model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 321, completion_tokens: 42, total_tokens: 363 },
    }));
  }
}
