// briefbot ingest <paths…> | brief [topic…] | ask "<question>" | digest --now | prune | backup <file> | migrate | serve — each with --json where it
// applies. The process entry (bin/cli.ts) hands in the platform registry and the bot's own entry point.
import { statSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { boot, type Booted } from './boot.js';
import { addMigrateCommand } from './cli-migrate.js';
import { addSourcesCommand } from './cli-sources.js';
import { runDigestsNow } from './digest/now.js';
import { isUserError, UserError } from './errors.js';
import { progressView } from './progress-view.js';
import type { PlatformRegistry } from './platform.js';
import { answerToText, briefToText } from './render/text.js';

export interface CliDeps {
  /** The chat platforms `digest --now` can deliver through. */
  platforms: PlatformRegistry;
  /** Runs the bot (`briefbot serve`, the same as npm start). */
  serve(): Promise<unknown>;
}

/** Parses `argv` and runs the command; sets process.exitCode (2 for bad input, 1 for a failure). */
export async function runCli(argv: readonly string[], deps: CliDeps): Promise<void> {
  const program = new Command()
    .name('briefbot')
    .description('Cited multi-source news briefs and answers, from the articles in the store.')
    .exitOverride();

  /** Boots the app for one command and closes its store afterwards, also when the command fails. */
  async function withBot(run: (app: Booted) => unknown): Promise<void> {
    const app = await boot(process.env, 'warn');
    try {
      await run(app);
    } finally {
      await app.bot.close();
    }
  }

  function print(json: boolean, value: unknown, text: string): void {
    process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
  }

  program
    .command('ingest')
    .description('add article files or folders (.txt, .md, .html, .json), or web pages by URL, to the store')
    .argument('<paths...>', 'files, folders or http(s) URLs')
    .option('--json', 'print the report as JSON')
    .option('--no-progress', 'no progress bar or lines on stderr')
    .action((args: string[], opts: { json?: boolean; progress: boolean }) =>
      withBot(async ({ bot, config }) => {
        const isUrl = (a: string) => /^https?:\/\//i.test(a);
        const view = progressView('ingest', { unit: 'files', everyMs: config.PROGRESS_EVERY_SECONDS * 1000, enabled: opts.progress });
        let files;
        try {
          files = await bot.ingest(args.filter((a) => !isUrl(a)), { onProgress: view.update });
        } finally {
          view.stop();
        }
        const pages = await bot.ingestUrls(args.filter(isUrl));
        const report = { added: files.added + pages.added, duplicates: files.duplicates + pages.duplicates, warnings: [...files.warnings, ...pages.warnings] };
        const text = `added ${report.added}, already stored ${report.duplicates}, skipped ${report.warnings.length}` +
          report.warnings.map((w) => `\n  skipped ${w.file}: ${w.reason}`).join('');
        print(!!opts.json, report, text);
        if (report.added + report.duplicates === 0 && report.warnings.length > 0) process.exitCode = 1;
      }));

  program
    .command('brief')
    .description('the stories in the store, or only those about a topic')
    .argument('[topic...]', 'optional topic')
    .option('--json', 'print the Brief as JSON')
    .action((topic: string[], opts: { json?: boolean }) =>
      withBot(async ({ bot }) => {
        const brief = await bot.brief({ topic: topic.join(' ') || undefined });
        print(!!opts.json, brief, briefToText(brief));
      }));

  program
    .command('ask')
    .description('answer a question from the store, with citations')
    .argument('<question...>', 'the question')
    .option('--json', 'print the Answer as JSON')
    .action((words: string[], opts: { json?: boolean }) =>
      withBot(async ({ bot }) => {
        const answer = await bot.answer(words.join(' ')); // validated against the Answer schema by the app
        print(!!opts.json, answer, answerToText(answer));
      }));

  program
    .command('digest')
    .description('run digests now: every subscription (or one channel), delivered through its platform')
    .requiredOption('--now', 'run now rather than at the scheduled time')
    .option('--channel <platform:id>', 'only this channel, e.g. slack:C0123 or discord:123456')
    .option('--json', 'print the results as JSON')
    .action((opts: { channel?: string; json?: boolean }) =>
      withBot(async (app) => {
        const results = await runDigestsNow(app, deps.platforms, opts.channel);
        print(!!opts.json, results, results.map((r) => `${r.channel}: ${r.outcome}`).join('\n') || 'no subscriptions match');
        if (results.some((r) => r.outcome.startsWith('failed'))) process.exitCode = 1;
      }));

  program
    .command('prune')
    .description('drop documents ingested more than RETENTION_DAYS days ago (the running bot does this hourly)')
    .option('--days <n>', 'keep this many days instead of RETENTION_DAYS')
    .option('--json', 'print the report as JSON')
    .action((opts: { days?: string; json?: boolean }) =>
      withBot(async ({ bot }) => {
        if (opts.days !== undefined && !/^[1-9]\d*$/.test(opts.days.trim())) throw new UserError('BAD_ARGUMENT', `--days takes a positive whole number (got “${opts.days}”)`);
        const r = await bot.prune(opts.days === undefined ? {} : { days: Number(opts.days) });
        const batches = r.batches ? ` in ${r.batches} batch${r.batches === 1 ? '' : 'es'} (${(r.ms / 1000).toFixed(1)} s, longest ${Math.round(r.longestBatchMs)} ms)` : '';
        print(!!opts.json, r, `dropped ${r.dropped} document${r.dropped === 1 ? '' : 's'} ingested before ${r.before.slice(0, 16).replace('T', ' ')} UTC${batches}; ${await bot.documentCount()} kept`);
      }));

  addSourcesCommand(program, withBot, print);
  addMigrateCommand(program, print);

  program
    .command('backup')
    .description('copy the whole store to a new file, safely while the bot runs (restore: see the README)')
    .argument('<file>', 'the new file to write')
    .action((file: string) =>
      withBot(async ({ bot }) => {
        await bot.backup(file);
        print(false, undefined, `backed up ${await bot.documentCount()} documents to ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB)`);
      }));

  program
    .command('serve')
    .description('run the bot (same as npm start)')
    .action(async () => {
      await deps.serve();
    });

  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
    } else if (isUserError(e)) {
      process.stderr.write(`briefbot: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`briefbot: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    }
  }
}
