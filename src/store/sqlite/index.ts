// The default backend: every port on one SQLite file (WAL), opened and migrated here.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { promised, TransactionGate } from '../promised.js';
import type { SyncDocumentStore } from '../port.js';
import type {
  Storage, SyncDigestLedger, SyncFeedbackRepository, SyncHandledEvents, SyncInbox, SyncInstallationRepository,
  SyncPostedDigests, SyncSourceRepository, SyncSubscriptionRepository,
} from '../repositories.js';
import { SqliteDigestLedger } from './digest-ledger.js';
import { SqliteDocumentStore } from './documents.js';
import { SqliteFeedback } from './feedback.js';
import { SqliteHandledEvents } from './handled-events.js';
import { SqliteInbox } from './inbox.js';
import { SqliteInstallations } from './installations.js';
import { migrate } from './migrations.js';
import { SqlitePostedDigests } from './posted-digests.js';
import { SqliteSources } from './sources.js';
import { SqliteSubscriptions } from './subscriptions.js';

export { SqliteDocumentStore, ftsQuery } from './documents.js';

/** Opens (creating its folder) and migrates the database at `path` (':memory:' for a private one). */
export function openSqliteDatabase(path: string): Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  // first, so that switching a new file to WAL waits for another process doing the same
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Checkpoint the WAL every ~80 MB rather than every 4 MB: bulk ingest rewrites the same FTS and index
  // pages in many transactions, and each checkpoint copies them again (+9% ingest at 100k documents).
  db.pragma('wal_autocheckpoint = 20000');
  db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  // Foreign keys go on after migrating: a migration that rebuilds a table drops the old one, and with them on that
  // DROP would cascade into the rows referring to it (SQLite's documented procedure; migrate() checks them after).
  db.pragma('foreign_keys = OFF'); // better-sqlite3 opens with them on
  migrate(db);
  db.pragma('foreign_keys = ON');
  return db;
}

/**
 * A second, read-only connection to a store another connection opened and migrated (a reader thread's: WAL lets
 * it read while the bot writes). Only the DocumentStore's reads may be used on it.
 */
export function openSqliteReader(path: string, now: () => Date = () => new Date()): SqliteDocumentStore {
  const db = new BetterSqlite3(path, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('query_only = ON');
  return new SqliteDocumentStore(db, now);
}

/** The synchronous implementations beneath the ports, for tools and tests that measure SQLite itself. */
export interface SqliteRepositories {
  readonly documents: SqliteDocumentStore;
  readonly subscriptions: SqliteSubscriptions;
  readonly ledger: SqliteDigestLedger;
  readonly posts: SqlitePostedDigests;
  readonly feedback: SqliteFeedback;
  readonly sources: SqliteSources;
  readonly events: SqliteHandledEvents;
  readonly inbox: SqliteInbox;
  readonly installations: SqliteInstallations;
}

export interface SqliteStorage extends Storage {
  /** The database handle, for tools that measure the backend itself (bench). */
  readonly db: Database;
  readonly sync: SqliteRepositories;
}

/** `now`: the clock that stamps ingestion times and feedback (tests inject one). */
export function openSqliteStorage(path: string, now: () => Date = () => new Date()): SqliteStorage {
  const db = openSqliteDatabase(path);
  const documents = new SqliteDocumentStore(db, now);
  // documents stored before stories were (schema 9) join theirs now, once
  documents.stories.backfill();
  const events = new SqliteHandledEvents(db);
  const sync: SqliteRepositories = {
    documents,
    subscriptions: new SqliteSubscriptions(db),
    ledger: new SqliteDigestLedger(db),
    posts: new SqlitePostedDigests(db),
    feedback: new SqliteFeedback(db, now),
    sources: new SqliteSources(db),
    events,
    inbox: new SqliteInbox(db, events),
    installations: new SqliteInstallations(db),
  };
  // One connection: while atomically() holds a transaction open across its awaits, every other call waits at the
  // gate (it would otherwise run inside that transaction and be undone with it); the transaction's own calls pass.
  const gate = new TransactionGate();
  const ports = (g?: TransactionGate): Omit<Storage, 'atomically' | 'backup' | 'ping' | 'close'> => ({
    documents: promised<SyncDocumentStore>(sync.documents, g),
    subscriptions: promised<SyncSubscriptionRepository>(sync.subscriptions, g),
    ledger: promised<SyncDigestLedger>(sync.ledger, g),
    posts: promised<SyncPostedDigests>(sync.posts, g),
    feedback: promised<SyncFeedbackRepository>(sync.feedback, g),
    sources: promised<SyncSourceRepository>(sync.sources, g),
    events: promised<SyncHandledEvents>(sync.events, g),
    inbox: promised<SyncInbox>(sync.inbox, g),
    installations: promised<SyncInstallationRepository>(sync.installations, g),
  });
  const inside = ports();
  return {
    db,
    sync,
    ...ports(gate),
    atomically: (work) =>
      gate.run(async () => {
        // IMMEDIATE: wait for another process's writer (busy_timeout) instead of failing on upgrading a read
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(inside);
          db.exec('COMMIT');
          return result;
        } catch (e) {
          if (db.inTransaction) db.exec('ROLLBACK');
          documents.stories.reset(); // the story cache may hold what was undone
          throw e;
        }
      }),
    async ping() {
      try {
        return db.open && db.prepare('SELECT 1').pluck().get() === 1;
      } catch {
        return false;
      }
    },
    // SQLite's online backup API: pages are copied in steps, readers and writers carry on meanwhile
    backup: async (file) => {
      await db.backup(file);
    },
    async close() {
      await gate.run(async () => {
        if (!db.open) return;
        // the term counts still gathered in memory (see SqliteStories.pendingTerms); if they cannot be written (a
        // full disk), they are lost as in a crash, an estimate's worth, and the database still closes
        try {
          documents.stories.guarded(db.transaction(() => documents.stories.flush(true)));
        } catch {
          // nothing else to do: see above
        }
        db.close();
      });
    },
  };
}
