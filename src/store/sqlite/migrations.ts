// Schema versions, applied in order inside a transaction; PRAGMA user_version records the last one applied.
import type { Database } from 'better-sqlite3';

const MIGRATIONS: readonly string[] = [
  // 1: documents, sentences, full-text index, feedback
  `CREATE TABLE documents (
     id TEXT PRIMARY KEY,
     source TEXT NOT NULL,
     title TEXT NOT NULL,
     title_origin TEXT NOT NULL,
     url TEXT UNIQUE,
     published_at TEXT,
     ingested_at TEXT NOT NULL,
     sort_key TEXT GENERATED ALWAYS AS (coalesce(published_at, ingested_at)) VIRTUAL,
     text TEXT NOT NULL,
     lang TEXT NOT NULL,
     origin TEXT,
     text_hash TEXT NOT NULL UNIQUE
   );
   CREATE INDEX documents_sort ON documents(sort_key);
   CREATE TABLE sentences (
     id INTEGER PRIMARY KEY,
     document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
     idx INTEGER NOT NULL,
     text TEXT NOT NULL
   );
   CREATE INDEX sentences_document ON sentences(document_id, idx);
   CREATE VIRTUAL TABLE sentence_fts USING fts5(terms, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2');
   CREATE VIRTUAL TABLE sentence_vocab USING fts5vocab(sentence_fts, row);
   CREATE TABLE feedback (
     id INTEGER PRIMARY KEY,
     at TEXT NOT NULL,
     platform TEXT NOT NULL,
     user_id TEXT NOT NULL,
     vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
     kind TEXT NOT NULL,
     question TEXT,
     answer_text TEXT NOT NULL,
     citations TEXT NOT NULL
   );`,
  // 2: digest subscriptions and the delivery ledger (one row per subscription and local date)
  `CREATE TABLE subscriptions (
     id INTEGER PRIMARY KEY,
     platform TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     time_of_day TEXT NOT NULL,
     timezone TEXT NOT NULL,
     topic TEXT NOT NULL DEFAULT '',
     weekdays_only INTEGER NOT NULL DEFAULT 0,
     post_when_empty INTEGER NOT NULL DEFAULT 0,
     origin TEXT NOT NULL DEFAULT 'chat',
     created_by TEXT,
     created_at TEXT NOT NULL,
     UNIQUE (platform, channel_id, topic)
   );
   CREATE TABLE digest_deliveries (
     subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
     local_date TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('claimed', 'sending', 'delivered', 'skipped', 'failed', 'uncertain')),
     claimed_by TEXT NOT NULL,
     claimed_at TEXT NOT NULL,
     finished_at TEXT,
     window_from TEXT,
     window_to TEXT,
     attempts INTEGER NOT NULL DEFAULT 0,
     error TEXT,
     PRIMARY KEY (subscription_id, local_date)
   );
   CREATE INDEX documents_ingested ON documents(ingested_at);`,
  // 3: digests as posted, so a question in a digest's thread is answered from that digest first
  `CREATE TABLE digest_posts (
     platform TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     message_id TEXT NOT NULL,
     brief TEXT NOT NULL,
     posted_at TEXT NOT NULL,
     PRIMARY KEY (platform, channel_id, message_id)
   );`,
  // 4: what each 👍/👎 button rates, and each user's last vote on it, so votes after a restart keep their citations
  `CREATE TABLE feedback_contexts (
     platform TEXT NOT NULL,
     key TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('answer', 'brief')),
     question TEXT,
     answer_text TEXT NOT NULL,
     citations TEXT NOT NULL,
     created_at TEXT NOT NULL,
     PRIMARY KEY (platform, key)
   );
   CREATE INDEX feedback_contexts_created ON feedback_contexts(created_at);
   CREATE TABLE feedback_votes (
     platform TEXT NOT NULL,
     key TEXT NOT NULL,
     user_id TEXT NOT NULL,
     vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
     at TEXT NOT NULL,
     PRIMARY KEY (platform, key, user_id),
     FOREIGN KEY (platform, key) REFERENCES feedback_contexts(platform, key) ON DELETE CASCADE
   );`,
  // 5: the later messages of a digest split over several, each pointing at the first (the digest_posts row)
  `CREATE TABLE digest_post_parts (
     platform TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     message_id TEXT NOT NULL,
     first_message_id TEXT NOT NULL,
     PRIMARY KEY (platform, channel_id, message_id),
     FOREIGN KEY (platform, channel_id, first_message_id) REFERENCES digest_posts(platform, channel_id, message_id) ON DELETE CASCADE
   );`,
  // 6: followed sources (feeds) with their poll state, and the items already taken from each (by GUID)
  `CREATE TABLE sources (
     id INTEGER PRIMARY KEY,
     url TEXT NOT NULL UNIQUE,
     name TEXT,
     kind TEXT,
     origin TEXT NOT NULL,
     added_by TEXT,
     added_at TEXT NOT NULL,
     next_poll_at TEXT NOT NULL,
     last_poll_at TEXT,
     last_success_at TEXT,
     last_error TEXT,
     failures INTEGER NOT NULL DEFAULT 0,
     etag TEXT,
     last_modified TEXT,
     items_stored INTEGER NOT NULL DEFAULT 0
   );
   CREATE INDEX sources_due ON sources(next_poll_at);
   CREATE TABLE source_items (
     source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
     guid TEXT NOT NULL,
     document_id TEXT,
     seen_at TEXT NOT NULL,
     PRIMARY KEY (source_id, guid)
   );`,
  // 7: running totals read on every question (the sentence count for idf): max(id) stopped being the count once
  // documents can be dropped (retention), and count(*) over millions of sentences is too slow to read per question
  `CREATE TABLE counters (
     name TEXT PRIMARY KEY,
     value INTEGER NOT NULL
   ) WITHOUT ROWID;
   INSERT INTO counters (name, value) SELECT 'sentences', count(*) FROM sentences;`,
  // 8: near copies (wire copy): each document's packed MinHash signature (text/minhash.ts) and the copy group it
  // belongs to (copy_of: the id of the group's first stored document; no foreign key, so that a group keeps its key
  // when that document is removed), and the LSH buckets of the signatures (NEAR_COPY: 12 bands of 3 positions; a
  // bucket key is the band's number and bytes, so the trigger rebuilds a removed document's keys to drop its buckets,
  // without a second index; `||` makes text of blobs, hence hex and unhex). Documents stored before this version
  // have no signature.
  `ALTER TABLE documents ADD COLUMN copy_of TEXT;
   ALTER TABLE documents ADD COLUMN near_copy_signature BLOB;
   CREATE INDEX documents_copy_of ON documents(copy_of) WHERE copy_of IS NOT NULL;
   CREATE TABLE near_copy_buckets (
     bucket BLOB NOT NULL,
     document_id TEXT NOT NULL,
     PRIMARY KEY (bucket, document_id)
   ) WITHOUT ROWID;
   CREATE TRIGGER documents_near_copy_deleted AFTER DELETE ON documents WHEN old.near_copy_signature IS NOT NULL BEGIN
     DELETE FROM near_copy_buckets WHERE document_id = old.id AND bucket IN (
       unhex('00' || hex(substr(old.near_copy_signature, 1, 6))),
       unhex('01' || hex(substr(old.near_copy_signature, 7, 6))),
       unhex('02' || hex(substr(old.near_copy_signature, 13, 6))),
       unhex('03' || hex(substr(old.near_copy_signature, 19, 6))),
       unhex('04' || hex(substr(old.near_copy_signature, 25, 6))),
       unhex('05' || hex(substr(old.near_copy_signature, 31, 6))),
       unhex('06' || hex(substr(old.near_copy_signature, 37, 6))),
       unhex('07' || hex(substr(old.near_copy_signature, 43, 6))),
       unhex('08' || hex(substr(old.near_copy_signature, 49, 6))),
       unhex('09' || hex(substr(old.near_copy_signature, 55, 6))),
       unhex('0a' || hex(substr(old.near_copy_signature, 61, 6))),
       unhex('0b' || hex(substr(old.near_copy_signature, 67, 6))));
   END;`,
  // 9: persistent stories (stories/incremental.ts): each story's centroid (JSON [[term, weight], …]) and the days
  // (since the epoch) of its first and last dated document (null while it has none); the story each document
  // joined. Documents stored before this version get theirs from SqliteStories.backfill() when the database opens.
  // term_counts: documents per term, for the stories' idf (the FTS5 vocabulary counts sentences by walking a term's
  // whole doclist, a cost that grows with the store); 'story_documents' their total. Counts
  // only grow: a deleted document's terms stay counted, as it stays in the total, so their ratio holds.
  `ALTER TABLE documents ADD COLUMN story_id TEXT;
   CREATE INDEX documents_story ON documents(story_id);
   CREATE TABLE stories (
     id TEXT PRIMARY KEY,
     first_day REAL,
     last_day REAL,
     size INTEGER NOT NULL,
     centroid TEXT NOT NULL
   );
   CREATE INDEX stories_last_day ON stories(last_day);
   CREATE TABLE term_counts (
     term TEXT PRIMARY KEY,
     documents INTEGER NOT NULL
   ) WITHOUT ROWID;
   INSERT INTO counters (name, value) VALUES ('story_documents', 0);`,
  // 10: platform deliveries already taken on (repositories.ts HandledEvents), so a re-delivered event is answered
  // once across restarts and processes; rows older than a day are pruned
  `CREATE TABLE handled_events (
     platform TEXT NOT NULL,
     key TEXT NOT NULL,
     handled_at TEXT NOT NULL,
     PRIMARY KEY (platform, key)
   ) WITHOUT ROWID;
   CREATE INDEX handled_events_at ON handled_events(handled_at);`,
  // 11: the inbox (repositories.ts Inbox): each delivery recorded before it is acknowledged, finished when done, so
  // work a process took on and lost (SIGKILL, a crash) is taken over after a restart or by another process
  `CREATE TABLE inbox (
     id INTEGER PRIMARY KEY,
     platform TEXT NOT NULL,
     payload TEXT NOT NULL,
     received_at TEXT NOT NULL,
     owner TEXT NOT NULL,
     lease_until TEXT NOT NULL,
     attempts INTEGER NOT NULL DEFAULT 1,
     progress INTEGER NOT NULL DEFAULT 0,
     finished_at TEXT
   );
   CREATE INDEX inbox_unfinished ON inbox(platform, received_at) WHERE finished_at IS NULL;
   CREATE INDEX inbox_received ON inbox(received_at);`,
  // 12: a subscription paused after a permanent delivery failure (the channel is gone, the bot was removed), with
  // why; subscribing again resumes it
  `ALTER TABLE subscriptions ADD COLUMN paused_reason TEXT;
   ALTER TABLE subscriptions ADD COLUMN paused_at TEXT;`,
  // 13: many Slack workspaces. A subscription belongs to a workspace as well as a channel ('' where the platform
  // needs none: Discord, one-token Slack), so the key gains workspace_id: SQLite changes a UNIQUE constraint only by
  // rebuilding the table (run with foreign keys off, see openSqliteDatabase). Feedback records its workspace, and
  // the OAuth installation store keeps each workspace's installation (Bolt's Installation, as JSON).
  `CREATE TABLE subscriptions_next (
     id INTEGER PRIMARY KEY,
     platform TEXT NOT NULL,
     workspace_id TEXT NOT NULL DEFAULT '',
     channel_id TEXT NOT NULL,
     time_of_day TEXT NOT NULL,
     timezone TEXT NOT NULL,
     topic TEXT NOT NULL DEFAULT '',
     weekdays_only INTEGER NOT NULL DEFAULT 0,
     post_when_empty INTEGER NOT NULL DEFAULT 0,
     origin TEXT NOT NULL DEFAULT 'chat',
     created_by TEXT,
     created_at TEXT NOT NULL,
     paused_reason TEXT,
     paused_at TEXT,
     UNIQUE (platform, workspace_id, channel_id, topic)
   );
   INSERT INTO subscriptions_next (id, platform, channel_id, time_of_day, timezone, topic, weekdays_only, post_when_empty, origin, created_by, created_at, paused_reason, paused_at)
     SELECT id, platform, channel_id, time_of_day, timezone, topic, weekdays_only, post_when_empty, origin, created_by, created_at, paused_reason, paused_at FROM subscriptions;
   DROP TABLE subscriptions;
   ALTER TABLE subscriptions_next RENAME TO subscriptions;
   ALTER TABLE feedback ADD COLUMN workspace_id TEXT;
   CREATE TABLE slack_installations (
     team_id TEXT PRIMARY KEY,
     installation TEXT NOT NULL,
     installed_at TEXT NOT NULL
   );`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Applies the missing versions, one write transaction each. The version is read inside the transaction, which
 * takes the write lock first (IMMEDIATE): of several processes opening a new file at once, one migrates and the
 * others wait for it, then find nothing left to do (a version read before the lock made them all run version 1).
 */
export function migrate(db: Database): void {
  const step = db.transaction((): boolean => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new Error(`database schema version ${current} is newer than this briefbot (${SCHEMA_VERSION}); upgrade briefbot`);
    }
    if (current === SCHEMA_VERSION) return false;
    db.exec(MIGRATIONS[current]!);
    db.pragma(`user_version = ${current + 1}`);
    return true;
  });
  while (step.immediate());
  const broken = db.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`database has ${broken.length} rows whose references are broken after migrating`);
}
