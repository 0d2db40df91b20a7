// Command-line flags of `npm run eval`.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Only = 'summaries' | 'qa' | 'news' | 'clusters';

export interface EvalArgs {
  dataDir: string;
  only?: Only;
  /** Also answer the questions with the model LLM_BASE_URL and LLM_MODEL name. */
  llm: boolean;
  /** The store the bots run on; 'both': everything on SQLite, and the questions again on PostgreSQL. */
  store: 'sqlite' | 'postgres' | 'both';
  help: boolean;
}

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The data lives beside the repository, never inside it. */
export const DEFAULT_DATA_DIR = resolve(REPO_ROOT, '..', 'shared', 'eval');

export const USAGE = `usage: npm run eval -- [--data DIR] [--only summaries|qa|news|clusters] [--store sqlite|postgres|both]
  --data DIR     folder with summarisation-dev.json, qa-dev.json and news-qa-dev.json (default: ${DEFAULT_DATA_DIR})
  --only WHAT    run only the summaries, only the questions (SQuAD and news), only the news questions or only the story clustering
  --llm          also answer the questions with the model LLM_BASE_URL and LLM_MODEL name, beside the extractive figures
  --store WHICH  sqlite (default), postgres (a scratch schema on BRIEFBOT_TEST_PG_URL or the local server), or both:
                 the questions on each, side by side`;

export function parseArgs(argv: readonly string[]): EvalArgs {
  const args: EvalArgs = { dataDir: DEFAULT_DATA_DIR, llm: false, help: false, store: 'sqlite' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    if (flag === '--data') args.dataDir = resolve(process.cwd(), value());
    else if (flag === '--only') {
      const v = value();
      if (v !== 'summaries' && v !== 'qa' && v !== 'news' && v !== 'clusters') throw new Error(`--only must be summaries, qa, news or clusters (got ${JSON.stringify(v)})\n${USAGE}`);
      args.only = v;
    } else if (flag === '--store') {
      const v = value();
      if (v !== 'sqlite' && v !== 'postgres' && v !== 'both') throw new Error(`--store must be sqlite, postgres or both (got ${JSON.stringify(v)})\n${USAGE}`);
      args.store = v;
    } else if (flag === '--llm') args.llm = true;
    else if (flag === '--help' || flag === '-h') args.help = true;
    else throw new Error(`unknown argument ${JSON.stringify(a)}\n${USAGE}`);
  }
  return args;
}
