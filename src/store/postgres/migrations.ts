// Schema versions of the PostgreSQL backend, applied in order, each in a transaction of its own; the
// schema_migrations table records each version applied and when. Every step takes a transaction-scoped advisory
// lock (one per schema) before reading what is applied, so of several replicas starting at once on a new database
// each version is applied by one of them, and the others wait for it and then find it done.
import type { Db } from './db.js';
import { DOCUMENT_TABLES, SENTENCE_INDEX } from './documents-schema.js';

// Timestamps are timestamptz (the repositories give them back as ISO strings, as SQLite stores them); text that is
// compared as text (local dates, window ends, both ISO) uses the "C" collation, as SQLite compares bytes.
const STORAGE_TABLES = `
  CREATE TABLE subscriptions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform text NOT NULL,
    workspace_id text NOT NULL DEFAULT '',
    channel_id text NOT NULL,
    time_of_day text NOT NULL,
    timezone text NOT NULL,
    topic text NOT NULL DEFAULT '',
    weekdays_only boolean NOT NULL DEFAULT false,
    post_when_empty boolean NOT NULL DEFAULT false,
    origin text NOT NULL DEFAULT 'chat',
    created_by text,
    created_at timestamptz NOT NULL,
    paused_reason text,
    paused_at timestamptz,
    UNIQUE (platform, workspace_id, channel_id, topic)
  );
  CREATE TABLE digest_deliveries (
    subscription_id bigint NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
    local_date text COLLATE "C" NOT NULL,
    status text NOT NULL CHECK (status IN ('claimed', 'sending', 'delivered', 'skipped', 'failed', 'uncertain')),
    claimed_by text NOT NULL,
    claimed_at timestamptz NOT NULL,
    finished_at timestamptz,
    window_from text COLLATE "C",
    window_to text COLLATE "C",
    attempts integer NOT NULL DEFAULT 0,
    error text,
    PRIMARY KEY (subscription_id, local_date)
  );
  CREATE INDEX digest_deliveries_sending ON digest_deliveries ((coalesce(finished_at, claimed_at))) WHERE status = 'sending';
  CREATE TABLE digest_posts (
    platform text NOT NULL,
    channel_id text NOT NULL,
    message_id text NOT NULL,
    brief text NOT NULL,
    posted_at timestamptz NOT NULL,
    PRIMARY KEY (platform, channel_id, message_id)
  );
  CREATE TABLE digest_post_parts (
    platform text NOT NULL,
    channel_id text NOT NULL,
    message_id text NOT NULL,
    first_message_id text NOT NULL,
    PRIMARY KEY (platform, channel_id, message_id),
    FOREIGN KEY (platform, channel_id, first_message_id) REFERENCES digest_posts (platform, channel_id, message_id) ON DELETE CASCADE
  );
  CREATE INDEX digest_post_parts_first ON digest_post_parts (platform, channel_id, first_message_id);
  CREATE TABLE feedback (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL,
    platform text NOT NULL,
    workspace_id text,
    user_id text NOT NULL,
    vote text NOT NULL CHECK (vote IN ('up', 'down')),
    kind text NOT NULL,
    question text,
    answer_text text NOT NULL,
    citations text NOT NULL
  );
  CREATE TABLE feedback_contexts (
    platform text NOT NULL,
    key text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('answer', 'brief')),
    question text,
    answer_text text NOT NULL,
    citations text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (platform, key)
  );
  CREATE INDEX feedback_contexts_created ON feedback_contexts (created_at);
  CREATE TABLE feedback_votes (
    platform text NOT NULL,
    key text NOT NULL,
    user_id text NOT NULL,
    vote text NOT NULL CHECK (vote IN ('up', 'down')),
    at timestamptz NOT NULL,
    PRIMARY KEY (platform, key, user_id),
    FOREIGN KEY (platform, key) REFERENCES feedback_contexts (platform, key) ON DELETE CASCADE
  );
  CREATE TABLE sources (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url text NOT NULL UNIQUE,
    name text,
    kind text,
    origin text NOT NULL,
    added_by text,
    added_at timestamptz NOT NULL,
    next_poll_at timestamptz NOT NULL,
    last_poll_at timestamptz,
    last_success_at timestamptz,
    last_error text,
    failures integer NOT NULL DEFAULT 0,
    etag text,
    last_modified text,
    items_stored bigint NOT NULL DEFAULT 0
  );
  CREATE INDEX sources_due ON sources (next_poll_at);
  CREATE TABLE source_items (
    source_id bigint NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    guid text NOT NULL,
    document_id text,
    seen_at timestamptz NOT NULL,
    PRIMARY KEY (source_id, guid)
  );
  CREATE TABLE handled_events (
    platform text NOT NULL,
    key text NOT NULL,
    handled_at timestamptz NOT NULL,
    PRIMARY KEY (platform, key)
  );
  CREATE INDEX handled_events_at ON handled_events (handled_at);
  CREATE TABLE inbox (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform text NOT NULL,
    payload text NOT NULL,
    received_at timestamptz NOT NULL,
    owner text NOT NULL,
    lease_until timestamptz NOT NULL,
    attempts integer NOT NULL DEFAULT 1,
    progress integer NOT NULL DEFAULT 0,
    finished_at timestamptz
  );
  CREATE INDEX inbox_unfinished ON inbox (platform, received_at) WHERE finished_at IS NULL;
  CREATE INDEX inbox_received ON inbox (received_at);
  CREATE TABLE slack_installations (
    team_id text PRIMARY KEY,
    installation text NOT NULL,
    installed_at timestamptz NOT NULL
  );`;

/** Version n is MIGRATIONS[n - 1]. Never edit one that was released: add the next. */
const MIGRATIONS: readonly string[] = [
  // 1: subscriptions, the digest ledger, posted digests, feedback, sources, handled events, the inbox, installations
  STORAGE_TABLES,
  // 2: documents, their sentences and search index, stories (postgres/documents-schema.ts)
  DOCUMENT_TABLES,
  // 3: the search index in a table of its own, with each sentence's repeated lexemes (documents-schema.ts)
  SENTENCE_INDEX,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Applies the missing versions, one transaction each, and returns those applied now ([] when the schema was up to
 * date or another process applied them). The lock is the schema's (current_schema()), so stores in different
 * schemas of one database migrate independently. `target`: stop at that version (a test builds an older schema).
 */
export async function migrate(db: Db, target = SCHEMA_VERSION): Promise<number[]> {
  const applied: number[] = [];
  for (;;) {
    const version = await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('briefbot.migrate:' || coalesce(current_schema(), '')))`);
      await tx.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      const { rows } = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
      const current = rows[0]?.v ?? 0;
      if (current > SCHEMA_VERSION) {
        throw new Error(`database schema version ${current} is newer than this briefbot (${SCHEMA_VERSION}); upgrade briefbot`);
      }
      if (current >= target) return undefined;
      const next = current + 1;
      await tx.query(MIGRATIONS[next - 1]!);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [next]);
      return next;
    });
    if (version === undefined) return applied;
    applied.push(version);
  }
}
