// The console adapter: a terminal REPL that behaves as the bot does in chat. It works interactively
// and piped (`echo '/brief' | npm start --silent`): each line is handled in turn, and end of input quits.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Brief, ThreadTurn } from '../../src/domain.js';
import type { Destination } from '../../src/digest/runner.js';
import type { PlatformAdapter, PlatformDeps } from '../../src/platform.js';
import { answerToText, briefToText } from '../../src/render/text.js';
import { replyToError } from '../kit/replies.js';

export const CONSOLE_HELP = `Commands:
  /brief [topic]        the stories in the store (or only those about a topic), with citations
  /digest [topic]       the digest as it would go out now: stories new in the last day, ranked by outlets
  @briefbot <question>  ask a question (a plain question works too); follow-ups use the conversation so far
  /new                  start a new conversation (forget earlier questions)
  /help                 this text
  /quit                 leave`;

export interface ConsoleOptions {
  input?: Readable;
  output?: Writable;
}

export function createConsoleAdapter({ bot, logger }: Pick<PlatformDeps, 'bot' | 'logger'>, options: ConsoleOptions = {}): PlatformAdapter & { done: Promise<void> } {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interactive = (input as { isTTY?: boolean }).isTTY === true;
  const write = (s: string) => output.write(`${s}\n`);
  let thread: ThreadTurn[] = [];
  let lastDigest: Brief | undefined;
  let resolveDone: () => void = () => {};
  const done = new Promise<void>((r) => (resolveDone = r));
  let rl: ReturnType<typeof createInterface> | undefined;

  async function handle(line: string): Promise<boolean> {
    const text = line.trim();
    if (!text) return true;
    const [command = '', ...rest] = text.split(/\s+/);
    const arg = rest.join(' ');
    try {
      switch (command.toLowerCase()) {
        case '/quit':
        case '/exit':
          return false;
        case '/help':
          write(CONSOLE_HELP);
          break;
        case '/new':
          thread = [];
          lastDigest = undefined;
          write('New conversation.');
          break;
        case '/brief':
          write(briefToText(await bot.brief({ topic: arg || undefined })));
          break;
        case '/digest':
          lastDigest = await bot.digests.preview({ platform: 'console', channelId: 'local' }, arg);
          thread = [];
          write(briefToText(lastDigest));
          break;
        default: {
          if (command.startsWith('/')) {
            write(`Unknown command ${command}. ${CONSOLE_HELP}`);
            break;
          }
          const question = text.replace(/^@briefbot\b[:,]?\s*/i, '');
          // after /digest, questions are answered from that digest first ("tell me more about story 2")
          const answer = await bot.answer(question, { thread, ...(lastDigest ? { digest: lastDigest } : {}) });
          thread = [...thread, { question, answer: answer.text }].slice(-6);
          write(answerToText(answer));
        }
      }
    } catch (e) {
      write(replyToError(e, logger, { platform: 'console', line: text }));
    }
    return true;
  }

  return {
    platform: 'console',
    done,
    async start() {
      rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive, prompt: '> ' });
      if (interactive) write(`briefbot: ${await bot.documentCount()} documents in the store. Type /help for commands.`);
      const loop = async () => {
        if (interactive) rl!.prompt();
        for await (const line of rl!) {
          if (!(await handle(line))) break;
          if (interactive) rl!.prompt();
        }
        rl!.close();
        resolveDone();
      };
      void loop();
    },
    async stop() {
      rl?.close();
    },
    connected: () => rl !== undefined,
    isTransient: () => false,
    async post({ channelId }: Destination, brief: Brief) {
      write(`[digest for ${channelId}]\n${briefToText(brief)}`);
      return [];
    },
  };
}
