// `briefbot sources add | list | remove | import | export | poll`: the followed feeds, from the command line.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Booted } from './boot.js';
import type { Source } from './domain.js';
import { errorMessage, UserError } from './errors.js';
import { progressView } from './progress-view.js';
import { readOpml, writeOpml } from './sources/opml.js';
import { describePoll } from './sources/service.js';

type WithBot = (run: (app: Booted) => unknown) => Promise<void>;
type Print = (json: boolean, value: unknown, text: string) => void;

function sourceLine(s: Source): string {
  const last = s.lastSuccessAt ? `last read ${s.lastSuccessAt.slice(0, 16).replace('T', ' ')} UTC` : 'never read';
  const error = s.lastError ? `, failing (${s.failures}×): ${s.lastError}` : '';
  return `${s.id}. ${s.name ?? '(unnamed)'} <${s.url}>: ${s.itemsStored} stored, ${last}${error}, next poll ${s.nextPollAt.slice(0, 16).replace('T', ' ')} UTC`;
}

export function addSourcesCommand(program: Command, withBot: WithBot, print: Print): void {
  const sources = program.command('sources').description('the feeds briefbot follows');
  sources
    .command('add')
    .description('follow a feed (RSS, Atom, JSON Feed), or the feed a site names; fetches it once')
    .argument('<url>', 'a feed, or a page with <link rel="alternate">')
    .option('--name <outlet>', 'the outlet its articles are credited to (default: the feed title)')
    .option('--json', 'print the result as JSON')
    .action((url: string, opts: { name?: string; json?: boolean }) =>
      withBot(async ({ bot }) => {
        const added = await bot.sources.add(url, { origin: 'cli', ...(opts.name ? { name: opts.name } : {}) });
        print(!!opts.json, added, `${added.created ? 'following' : 'already following'} ${added.source.url}\n${describePoll(added.poll)}`);
      }));
  sources
    .command('list')
    .description('every followed source, with its last poll and error')
    .option('--json', 'print the sources as JSON')
    .action((opts: { json?: boolean }) =>
      withBot(async ({ bot }) => {
        const all = await bot.sources.list();
        print(!!opts.json, all, all.map(sourceLine).join('\n') || 'no sources: add one with `briefbot sources add <url>`');
      }));
  sources
    .command('remove')
    .description('stop following a source (its articles stay in the store)')
    .argument('<url-or-id>', 'the URL or the id shown by `sources list`')
    .action((key: string) =>
      withBot(async ({ bot }) => {
        if (!await bot.sources.remove(key)) throw new UserError('NOT_FOUND', `no source matches “${key}” (see \`briefbot sources list\`)`);
        print(false, undefined, `stopped following ${key}`);
      }));
  sources
    .command('import')
    .description('follow every feed of an OPML file (as feed readers export them); they are read at the next poll')
    .argument('<file>', 'an .opml file')
    .action((file: string) =>
      withBot(async ({ bot }) => {
        let xml: string;
        try {
          xml = readFileSync(file, 'utf8');
        } catch (e) {
          throw new UserError('BAD_INPUT_FILE', `cannot read ${file}: ${errorMessage(e)}`);
        }
        const feeds = readOpml(xml);
        const { added, already } = await bot.sources.importOpml(feeds);
        print(false, undefined, `${file}: ${feeds.length} feeds, ${added} new, ${already} already followed (\`briefbot sources poll\` reads them now)`);
      }));
  sources
    .command('export')
    .description('print the followed sources as OPML 2.0')
    .action(() =>
      withBot(async ({ bot }) => {
        process.stdout.write(writeOpml(await bot.sources.list(), new Date()));
      }));
  sources
    .command('poll')
    .description('poll every source now, once, and report')
    .option('--json', 'print the reports as JSON')
    .option('--no-progress', 'no progress bar or lines on stderr')
    .action((opts: { json?: boolean; progress: boolean }) =>
      withBot(async ({ bot, config }) => {
        const view = progressView('sources poll', { unit: 'sources', everyMs: config.PROGRESS_EVERY_SECONDS * 1000, enabled: opts.progress });
        const reports = await bot.sources.pollAll({ onProgress: view.update }).finally(() => view.stop());
        print(!!opts.json, reports, reports.map(describePoll).join('\n') || 'no sources to poll');
        if (reports.some((r) => r.status === 'failed')) process.exitCode = 1;
      }));
}
