import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedbackContext, NewDocument } from '../../src/domain.js';
import { openSqliteStorage } from '../../src/store/sqlite/index.js';
import { SCHEMA_VERSION } from '../../src/store/sqlite/migrations.js';

const doc = (over: Partial<NewDocument> = {}): NewDocument => ({
  source: 'Wire', title: 'Talks held', titleOrigin: 'metadata', lang: 'en',
  text: 'The two ministers held talks in Geneva on Monday. They agreed to meet again in May.', ...over,
});

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-store-'));
  dirs.push(dir);
  return join(dir, 'test.db');
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

// What only the SQLite backend promises (its file, its schema version, its journal); the behaviour every backend
// shares is in test/contracts/.
describe('SQLite storage', () => {
  it('keeps a failed batch out entirely: no half-document, nothing from the batch, also after reopening', () => {
    const path = tempDb();
    const storage = openSqliteStorage(path);
    const store = storage.documents;
    store.add([doc()]);
    const broken = { ...doc({ text: 'A second article that will not be stored.' }), source: null } as unknown as NewDocument;
    expect(() => store.add([doc({ text: 'A third article, first in the failing batch.' }), broken])).toThrow();
    expect(store.count()).toBe(1);
    expect(store.sentenceCount()).toBe(2);
    storage.close();
    const reopened = openSqliteStorage(path);
    expect(reopened.documents.count()).toBe(1);
    expect(reopened.documents.searchSentences(['third'], 5)).toEqual([]);
    reopened.close();
  });

  it('persists across reopen, records its schema version, and uses WAL', () => {
    const path = tempDb();
    const storage = openSqliteStorage(path);
    storage.documents.add([doc()]);
    expect(storage.db.pragma('journal_mode', { simple: true })).toBe('wal');
    storage.close();
    const reopened = openSqliteStorage(path);
    expect(reopened.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(reopened.documents.count()).toBe(1);
    reopened.close();
  });
});

const rated: FeedbackContext = {
  kind: 'answer',
  question: 'How many doses?',
  answerText: 'Armenia got 15,000 doses.',
  citations: [{ documentId: 'd1', source: 'OC Media', title: 'Doses arrive', url: 'https://example.com/d1', quote: 'the first 15,000 doses' }],
};

describe('SQLite feedback', () => {
  it('keeps what a button rates across a reopen of the database file', () => {
    const path = tempDb();
    const storage = openSqliteStorage(path);
    storage.feedback.remember('slack', 'k1', rated);
    storage.feedback.remember('discord', 'k1', { kind: 'brief', answerText: 'A brief.', citations: [] });
    storage.close();
    const reopened = openSqliteStorage(path);
    expect(reopened.feedback.context('slack', 'k1')).toEqual(rated);
    expect(reopened.feedback.context('discord', 'k1')).toEqual({ kind: 'brief', answerText: 'A brief.', citations: [] }); // no question: absent, not null
    reopened.close();
  });

  it('rejects a row that does not read back as a context', () => {
    const storage = openSqliteStorage(':memory:');
    storage.feedback.remember('slack', 'k1', rated);
    storage.db.prepare(`UPDATE feedback_contexts SET citations = '[{"source":1}]'`).run();
    expect(() => storage.feedback.context('slack', 'k1')).toThrow();
    expect(() => storage.feedback.remember('slack', 'k2', { ...rated, citations: [{ source: 'x' }] } as unknown as FeedbackContext)).toThrow();
    storage.close();
  });

  it('a database from before feedback contexts (schema 3) is migrated with its data', () => {
    const path = tempDb();
    const old = openSqliteStorage(path);
    old.feedback.record({ platform: 'slack', userId: 'u1', vote: 'up', ...rated });
    old.db.exec('DROP TABLE source_items; DROP TABLE sources; DROP TABLE digest_post_parts; DROP TABLE feedback_votes; DROP TABLE feedback_contexts;');
    old.db.pragma('user_version = 3');
    old.close();
    const upgraded = openSqliteStorage(path);
    expect(upgraded.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(upgraded.feedback.all()).toHaveLength(1);
    upgraded.feedback.remember('slack', 'k1', rated);
    upgraded.close();
  });
});
