import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FeedbackContext, NewDocument } from '../../src/domain.js';
import { openSqliteStorage } from '../../src/store/sqlite/index.js';
import { SCHEMA_VERSION } from '../../src/store/sqlite/migrations.js';
import { NEAR_COPY } from '../../src/text/minhash.js';
import { terms } from '../../src/text/tokens.js';
import { COPY_A, COPY_B, WIRE } from '../fixtures/wire.js';
import { DOWN_FROM_WORKSPACES, downgrade, tempDb } from './old-databases.js';

const doc = (over: Partial<NewDocument> = {}): NewDocument => ({
  source: 'Wire', title: 'Talks held', titleOrigin: 'metadata', lang: 'en',
  text: 'The two ministers held talks in Geneva on Monday. They agreed to meet again in May.', ...over,
});


// What only the SQLite backend promises (its file, its schema version, its journal); the behaviour every backend
// shares is in test/contracts/.
describe('SQLite storage', () => {
  it('keeps a failed batch out entirely: no half-document, nothing from the batch, also after reopening', async () => {
    const path = tempDb();
    const storage = openSqliteStorage(path);
    const store = storage.documents;
    await store.add([doc()]);
    const broken = { ...doc({ text: 'A second article that will not be stored.' }), source: null } as unknown as NewDocument;
    await expect(store.add([doc({ text: 'A third article, first in the failing batch.' }), broken])).rejects.toThrow();
    expect(await store.count()).toBe(1);
    expect(await store.sentenceCount()).toBe(2);
    await storage.close();
    const reopened = openSqliteStorage(path);
    expect(await reopened.documents.count()).toBe(1);
    expect(await reopened.documents.searchSentences(['third'], 5)).toEqual([]);
    await reopened.close();
  });

  it('backs up while a write is under way: the copy opens as a store with what was committed', async () => {
    const path = tempDb();
    const storage = openSqliteStorage(path);
    await storage.documents.add([doc(), doc({ text: 'A second report. Ferries resumed.' })]);
    const copy = join(dirname(path), 'backup.db');
    await Promise.all([storage.backup(copy), Promise.resolve().then(() => storage.documents.add([doc({ text: 'Written during the backup. It may or may not be in the copy.' })]))]);
    await storage.close();
    const restored = openSqliteStorage(copy);
    expect(await restored.documents.count()).toBeGreaterThanOrEqual(2);
    expect(await restored.documents.searchSentences(terms('ferries'), 5)).toHaveLength(1);
    expect(restored.db.pragma('integrity_check', { simple: true })).toBe('ok');
    await restored.close();
  });

  it('persists across reopen, records its schema version, and uses WAL', async () => {
    const path = tempDb();
    const storage = openSqliteStorage(path);
    await storage.documents.add([doc()]);
    expect(storage.db.pragma('journal_mode', { simple: true })).toBe('wal');
    await storage.close();
    const reopened = openSqliteStorage(path);
    expect(reopened.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(await reopened.documents.count()).toBe(1);
    await reopened.close();
  });

  it('a database from before the counters (schema 6) gets its sentence count on migration', async () => {
    const path = tempDb();
    const old = openSqliteStorage(path);
    await old.documents.add([doc(), doc({ text: 'A second story. It has three sentences. This is the third.' })]);
    await old.close();
    downgrade(path, `${DOWN_FROM_NEAR_COPIES} DROP TABLE counters;`, 6);
    const upgraded = openSqliteStorage(path);
    expect(await upgraded.documents.sentenceCount()).toBe(5);
    await upgraded.documents.add([doc({ text: 'One more.' })]);
    expect(await upgraded.documents.sentenceCount()).toBe(6);
    await upgraded.close();
  });

  it('retention leaves the contentless FTS index consistent, and dropped rows unfindable after reopening', async () => {
    const path = tempDb();
    let clock = new Date('2026-03-01T00:00:00Z');
    const storage = openSqliteStorage(path, () => clock);
    const old = (await storage.documents.add(Array.from({ length: 40 }, (_, i) => doc({ text: `Zeppelin ${i} landed in Geneva. Crowds watched zeppelin ${i}.` })))).added;
    clock = new Date('2026-03-05T00:00:00Z');
    const kept = (await storage.documents.add([doc()])).added[0]!;
    let n: number;
    do n = await storage.documents.deleteIngestedBefore('2026-03-02T00:00:00.000Z', 7);
    while (n > 0);
    // FTS5's own check of a contentless table: its index structures agree with each other
    expect(() => storage.db.prepare(`INSERT INTO sentence_fts (sentence_fts, rank) VALUES ('integrity-check', 0)`).run()).not.toThrow();
    expect(storage.db.prepare('SELECT count(*) AS n FROM sentences').get()).toEqual({ n: 2 });
    expect(storage.db.prepare(`SELECT value FROM counters WHERE name = 'sentences'`).get()).toEqual({ value: 2 });
    await storage.close();
    const reopened = openSqliteStorage(path);
    expect((await reopened.documents.searchSentences(['zeppelin', 'geneva'], 50)).map((h) => h.documentId)).toEqual([kept.id]);
    expect(await reopened.documents.getMany(old.map((d) => d.id))).toEqual([]);
    await reopened.close();
  });
});

/** Undoes the near-copy migration (7), to make a database of schema 6. */
/** Undoes schemas 10 (handled events) and 9 (stories). */
const DOWN_FROM_STORIES = `${DOWN_FROM_WORKSPACES} ALTER TABLE subscriptions DROP COLUMN paused_reason; ALTER TABLE subscriptions DROP COLUMN paused_at; DROP TABLE inbox; DROP TABLE handled_events; DROP TABLE stories; DROP TABLE term_counts; DELETE FROM counters WHERE name = 'story_documents';
  DROP INDEX documents_story; ALTER TABLE documents DROP COLUMN story_id;`;
const DOWN_FROM_NEAR_COPIES = `${DOWN_FROM_STORIES} DROP TRIGGER documents_near_copy_deleted; DROP TABLE near_copy_buckets; DROP INDEX documents_copy_of;
  ALTER TABLE documents DROP COLUMN copy_of; ALTER TABLE documents DROP COLUMN near_copy_signature;`;

describe('SQLite near copies', () => {
  const wire = doc({ source: 'Associated Wire', text: WIRE });
  const copyA = doc({ source: 'Daily Harbour', text: COPY_A });
  const copyB = doc({ source: 'Coastal Times', text: COPY_B });

  it('looks a new document\'s candidates up by LSH bucket in the index, without scanning the stored ones', async () => {
    const storage = openSqliteStorage(':memory:');
    await storage.documents.add([wire]);
    const count = (sql: string) => (storage.db.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM near_copy_buckets')).toBe(NEAR_COPY.bands);
    expect(count('SELECT count(*) AS n FROM documents WHERE length(near_copy_signature) = 256')).toBe(1);
    const buckets = Array(NEAR_COPY.bands).fill('?').join(', ');
    const plan = storage.db.prepare(`EXPLAIN QUERY PLAN SELECT document_id FROM near_copy_buckets WHERE bucket IN (${buckets})`)
      .all(...Array(NEAR_COPY.bands).fill(Buffer.alloc(7))) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/SEARCH near_copy_buckets USING PRIMARY KEY \(bucket=\?\)/);
    await storage.close();
  });

  it('drops a removed document\'s buckets with it (the trigger rebuilds their keys); its copies keep their group', async () => {
    const storage = openSqliteStorage(':memory:');
    const [original, copy] = (await storage.documents.add([wire, copyA])).added;
    const buckets = (id: string) => (storage.db.prepare('SELECT count(*) AS n FROM near_copy_buckets WHERE document_id = ?').get(id) as { n: number }).n;
    expect(buckets(original!.id)).toBe(NEAR_COPY.bands);
    storage.db.prepare('DELETE FROM documents WHERE id = ?').run(original!.id);
    expect(buckets(original!.id)).toBe(0);
    expect(buckets(copy!.id)).toBe(NEAR_COPY.bands);
    expect((await storage.documents.get(copy!.id))?.copyOf).toBe(original!.id);
    // a later copy still finds the group through the copy that is left
    expect((await storage.documents.add([copyB])).added[0]?.copyOf).toBe(original!.id);
    await storage.close();
  });

  it('a database from before near copies (schema 7) keeps its documents; they have no signature, so are no one\'s original', async () => {
    const path = tempDb();
    const old = openSqliteStorage(path);
    await old.documents.add([wire]);
    await old.close();
    downgrade(path, DOWN_FROM_NEAR_COPIES, 7); // the counters (7) stay; near copies (8) come in the migration
    const upgraded = openSqliteStorage(path);
    const [stored] = await upgraded.documents.recent({ limit: 5 });
    expect(stored?.copyOf).toBeUndefined();
    const [a, b] = (await upgraded.documents.add([copyA, copyB])).added;
    expect(a?.copyOf).toBeUndefined(); // a copy of the older document is not found: it was never fingerprinted
    expect(b?.copyOf).toBe(a?.id);
    await upgraded.close();
  });
});

const rated: FeedbackContext = {
  kind: 'answer',
  question: 'How many doses?',
  answerText: 'Armenia got 15,000 doses.',
  citations: [{ documentId: 'd1', source: 'OC Media', title: 'Doses arrive', url: 'https://example.com/d1', quote: 'the first 15,000 doses' }],
};

describe('SQLite workspaces (schema 13)', () => {
  it('a database from before workspaces keeps its subscriptions with their ids and delivery records', async () => {
    const path = tempDb();
    const old = openSqliteStorage(path);
    const sub = await old.subscriptions.upsert({ platform: 'slack', channelId: 'C1', timeOfDay: '08:00', timezone: 'UTC', topic: 'armenia', weekdaysOnly: false, postWhenEmpty: false, origin: 'chat', createdBy: 'U1' }, new Date());
    await old.subscriptions.pause(sub.id, 'the channel was archived', new Date());
    expect(await old.ledger.claim(sub.id, '2026-06-01', 'me', new Date(), 60_000)).toBe(true);
    await old.close();
    downgrade(path, DOWN_FROM_WORKSPACES, 12);
    const upgraded = openSqliteStorage(path);
    expect(upgraded.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(await upgraded.subscriptions.all()).toEqual([{ ...sub, pausedReason: 'the channel was archived' }]);
    expect(await upgraded.ledger.claim(sub.id, '2026-06-01', 'other', new Date(), 60_000)).toBe(false); // its claim survived the rebuild
    expect(upgraded.db.pragma('foreign_keys', { simple: true })).toBe(1);
    await upgraded.close();
  });
});

describe('SQLite feedback', () => {
  it('keeps what a button rates across a reopen of the database file', async () => {
    const path = tempDb();
    const storage = openSqliteStorage(path);
    await storage.feedback.remember('slack', 'k1', rated);
    await storage.feedback.remember('discord', 'k1', { kind: 'brief', answerText: 'A brief.', citations: [] });
    await storage.close();
    const reopened = openSqliteStorage(path);
    expect(await reopened.feedback.context('slack', 'k1')).toEqual(rated);
    expect(await reopened.feedback.context('discord', 'k1')).toEqual({ kind: 'brief', answerText: 'A brief.', citations: [] }); // no question: absent, not null
    await reopened.close();
  });

  it('rejects a row that does not read back as a context', async () => {
    const storage = openSqliteStorage(':memory:');
    await storage.feedback.remember('slack', 'k1', rated);
    storage.db.prepare(`UPDATE feedback_contexts SET citations = '[{"source":1}]'`).run();
    await expect(storage.feedback.context('slack', 'k1')).rejects.toThrow();
    await expect(storage.feedback.remember('slack', 'k2', { ...rated, citations: [{ source: 'x' }] } as unknown as FeedbackContext)).rejects.toThrow();
    await storage.close();
  });

  it('a database from before feedback contexts (schema 3) is migrated with its data', async () => {
    const path = tempDb();
    const old = openSqliteStorage(path);
    await old.feedback.record({ platform: 'slack', userId: 'u1', vote: 'up', ...rated });
    await old.close();
    downgrade(path, `${DOWN_FROM_NEAR_COPIES} DROP TABLE counters; DROP TABLE source_items; DROP TABLE sources; DROP TABLE digest_post_parts; DROP TABLE feedback_votes; DROP TABLE feedback_contexts;`, 3);
    const upgraded = openSqliteStorage(path);
    expect(upgraded.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(await upgraded.feedback.all()).toHaveLength(1);
    await upgraded.feedback.remember('slack', 'k1', rated);
    await upgraded.close();
  });
});
