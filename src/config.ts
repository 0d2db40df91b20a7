// Every setting comes from the environment, validated here once. Each variable is documented in .env.example.
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { isValidAllowEntry } from './fetch/addresses.js';
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from './fetch/policy.js';
import { isValidTimezone } from './timezone.js';

const optionalString = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();
const optionalUrl = optionalString.pipe(z.string().url('must be a URL such as http://127.0.0.1:8080/api/').optional());
const positiveInt = (def: number) => z.coerce.number().int('must be a whole number').positive('must be positive').default(def);
/** A whole number, 0 or more; empty or unset is the default. */
const wholeNumber = (def: number) =>
  optionalString.pipe(z.coerce.number<string | undefined>({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must be 0 or more').default(def));
const commaList = z
  .string()
  .default('')
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

const ConfigObject = z.object({
  BRIEFBOT_DB: z.string().trim().min(1).default('./data/briefbot.db'),
  /** postgres://… selects the PostgreSQL store (several replicas share it); unset: the SQLite file at BRIEFBOT_DB. */
  DATABASE_URL: optionalString.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL').optional(),
  ),
  /** Connections this process opens to PostgreSQL at most. */
  DATABASE_POOL_MAX: positiveInt(10),
  BRIEFBOT_SEEDS: z.string().trim().default('./seeds'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BRIEF_MAX_STORIES: positiveInt(5),
  BRIEF_WINDOW_DOCS: positiveInt(400),
  /** Seconds an identical brief is served again while the store is unchanged (0: never; the bench measures making them). */
  BRIEF_CACHE_SECONDS: z.coerce.number().int('must be a whole number of seconds').min(0, 'must be 0 or more').default(30),
  QUESTION_MAX_CHARS: positiveInt(1000),
  /** Threads that make briefs and answers in the running bot (0: on the main thread); default: one per core, at most 4. */
  READER_THREADS: wholeNumber(Math.min(4, availableParallelism())),
  /** Briefs and questions that may wait for a reader thread; past it, users are told to try again in a moment. */
  READER_QUEUE_MAX: positiveInt(100),
  /** Briefs and questions one person may ask per minute on a platform (0: no limit). */
  USER_REQUESTS_PER_MINUTE: wholeNumber(10),
  /** Briefs and questions one channel may ask per minute (0: no limit). */
  CHANNEL_REQUESTS_PER_MINUTE: wholeNumber(30),
  /** When stderr is not a terminal: seconds between two progress lines of `ingest` and `sources poll` (0: every step). */
  PROGRESS_EVERY_SECONDS: optionalString.pipe(z.coerce.number<string | undefined>({ error: 'must be a number of seconds' }).min(0, 'must be 0 or more').default(5)),
  /** Days a document is kept after it was ingested; unset keeps everything. */
  RETENTION_DAYS: optionalString.pipe(
    z.coerce
      .number<string | undefined>({ error: 'must be a whole number of days' })
      .int('must be a whole number of days')
      .positive('must be positive (leave it empty to keep everything)')
      .optional(),
  ),

  SLACK_BOT_TOKEN: optionalString.pipe(z.string().startsWith('xoxb-', 'must start with xoxb-').optional()),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString.pipe(z.string().startsWith('xapp-', 'must start with xapp-').optional()),
  SLACK_API_URL: optionalUrl,
  /**
   * Many workspaces (Slack's OAuth install flow) instead of SLACK_BOT_TOKEN: each workspace that installs the app
   * from /slack/install gets its own token, kept in the database. All three, with SLACK_SIGNING_SECRET (HTTP mode).
   */
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  PORT: positiveInt(3000),
  /** A port of its own for /healthz and /readyz (Socket Mode, Discord-only, console); in Slack HTTP mode they are on PORT too. */
  HEALTH_PORT: optionalString.pipe(
    z.coerce.number<string | undefined>({ error: 'must be a port number' }).int('must be a port number').min(1, 'must be 1 to 65535').max(65535, 'must be 1 to 65535').optional(),
  ),

  DISCORD_TOKEN: optionalString,
  DISCORD_APPLICATION_ID: optionalString.pipe(z.string().regex(/^\d+$/, 'must be the numeric application id').optional()),
  DISCORD_GUILD_ID: optionalString.pipe(z.string().regex(/^\d+$/, 'must be a numeric server id').optional()),
  DISCORD_API_URL: optionalUrl,
  /**
   * The gateway as this many shards (discord.js's sharding, in this process), or `auto`: as many as Discord
   * recommends for the servers the bot is in. Unset: one connection, as Discord allows below 2,500 servers.
   */
  DISCORD_SHARDS: optionalString.pipe(
    z.string().regex(/^(auto|[1-9]\d*)$/, 'must be a whole number (1 or more) or auto').transform((v) => (v === 'auto' ? ('auto' as const) : Number(v))).optional(),
  ),
  /**
   * Ask for the privileged Message Content intent (it must be turned on in the Developer Portal, else the gateway
   * refuses the bot with 4014): then a reply to an answer that does not mention the bot is read as a follow-up.
   */
  DISCORD_MESSAGE_CONTENT: optionalString.pipe(z.enum(['true', 'false'], { error: 'must be true or false' }).default('false')).transform((v) => v === 'true'),

  DIGEST_CHANNELS: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^((slack|discord|console):[\w-]+|slack:[\w-]+\/[\w-]+)$/, 'entries must look like slack:C0123, slack:T0123/C0123 (a workspace\'s channel, with OAuth installs) or discord:123456'))),
  DIGEST_TIME: z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM in 24-hour time, e.g. 08:00').default('08:00'),
  DIGEST_TZ: z.string().trim().refine(isValidTimezone, 'must be an IANA timezone such as Europe/London or UTC').default('UTC'),
  DIGEST_GRACE_MINUTES: z.coerce.number().int().min(0).max(1439).default(720),
  BRIEFBOT_ADMINS: commaList,

  FEEDS: commaList.pipe(z.array(z.string().url('entries must be feed or site URLs such as https://oc-media.org/feed/'))),
  FEED_POLL_MINUTES: positiveInt(15),
  FEED_CONCURRENCY: positiveInt(8),

  /**
   * An OpenAI-compatible server for answers (OpenAI, Ollama, vLLM, llama.cpp's server…): its base URL, e.g.
   * https://api.openai.com/v1 or http://localhost:11434/v1. Unset: the offline extractive reader only.
   */
  LLM_BASE_URL: optionalUrl,
  /** Optional for local servers. */
  LLM_API_KEY: optionalString,
  LLM_MODEL: optionalString,
  /** How long one answer may wait for the model before the extractive answer is given instead. */
  LLM_TIMEOUT_MS: positiveInt(20_000),
  LLM_MAX_TOKENS: positiveInt(400),

  FETCH_ALLOW_HOSTS: commaList.pipe(
    z.array(z.string().refine(isValidAllowEntry, 'entries must each be a host name, IP address or CIDR block (e.g. intranet.local, 10.0.0.5, 10.0.0.0/8)')),
  ),
  FETCH_MAX_BYTES: positiveInt(DEFAULT_FETCH_POLICY.maxBytes),
  FETCH_TIMEOUT_MS: positiveInt(DEFAULT_FETCH_POLICY.timeoutMs),
});

/** Settings that only make sense together; reported with the per-variable errors, all in one message. */
export const ConfigSchema = ConfigObject.superRefine((c, ctx) => {
  if (c.SLACK_BOT_TOKEN && !c.SLACK_APP_TOKEN && !c.SLACK_SIGNING_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], params: { combination: true }, message: 'is set but neither SLACK_APP_TOKEN (Socket Mode) nor SLACK_SIGNING_SECRET (HTTP mode) is' });
  }
  const oauth = { SLACK_CLIENT_ID: c.SLACK_CLIENT_ID, SLACK_CLIENT_SECRET: c.SLACK_CLIENT_SECRET, SLACK_STATE_SECRET: c.SLACK_STATE_SECRET };
  const oauthSet = Object.entries(oauth).filter(([, v]) => v);
  if (oauthSet.length > 0) {
    const combination = { code: 'custom' as const, path: [oauthSet[0]![0]], params: { combination: true } };
    const missing = Object.keys(oauth).filter((k) => !oauthSet.some(([name]) => name === k));
    if (missing.length > 0) ctx.addIssue({ ...combination, message: `is set but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not: the OAuth install flow needs all three` });
    if (c.SLACK_BOT_TOKEN) ctx.addIssue({ ...combination, message: 'is set with SLACK_BOT_TOKEN: use SLACK_BOT_TOKEN for one workspace, or the SLACK_CLIENT_* settings for installs in many, not both' });
    if (!c.SLACK_SIGNING_SECRET || c.SLACK_APP_TOKEN) ctx.addIssue({ ...combination, message: 'needs HTTP mode (the install pages are served beside /slack/events): set SLACK_SIGNING_SECRET and leave SLACK_APP_TOKEN empty' });
  }
  if (c.LLM_BASE_URL && !c.LLM_MODEL) {
    ctx.addIssue({ code: 'custom', path: ['LLM_BASE_URL'], params: { combination: true }, message: 'is set but LLM_MODEL is not (the model to ask, e.g. gpt-4o-mini or llama3.1)' });
  }
  if (c.DISCORD_TOKEN && !c.DISCORD_APPLICATION_ID) {
    ctx.addIssue({ code: 'custom', path: ['DISCORD_TOKEN'], params: { combination: true }, message: 'is set but DISCORD_APPLICATION_ID is not' });
  }
});
export type Config = z.infer<typeof ConfigSchema>;

/** The safe fetcher's policy (src/fetch/) from the FETCH_* settings. */
export function fetchPolicy(config: Config): FetchPolicy {
  return {
    ...DEFAULT_FETCH_POLICY,
    allowHosts: config.FETCH_ALLOW_HOSTS,
    maxBytes: config.FETCH_MAX_BYTES,
    timeoutMs: config.FETCH_TIMEOUT_MS,
  };
}

/** True when Slack is served in many workspaces through OAuth installs (SLACK_CLIENT_ID…), not one bot token. */
export function slackMultiWorkspace(config: Pick<Config, 'SLACK_CLIENT_ID'>): boolean {
  return Boolean(config.SLACK_CLIENT_ID);
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Variables whose values may hold a secret (a token, a password in a URL): a config error never shows them. */
const SECRET_VALUES = new Set([
  'DATABASE_URL', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'DISCORD_TOKEN', 'LLM_API_KEY',
]);

/** Parses the environment; throws a ConfigError whose message has one line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = ConfigSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => {
      const name = String(i.path[0] ?? '?');
      // a cross-variable issue is about the combination: echoing the value (a valid token) would not help
      const got = i.code === 'custom' && i.params?.combination ? ''
        : SECRET_VALUES.has(name) ? ' (its value is not shown: it may hold a secret)' : ` (got ${JSON.stringify(env[name] ?? '')})`;
      return `config error: ${name} ${i.message}${got}`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  return result.data;
}
