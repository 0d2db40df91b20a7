import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewDocument } from '../../src/domain.js';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';
import { SqliteStore } from '../../src/store/sqlite.js';

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

describe('SqliteStore', () => {
  it('stores a document once: same text (case, spacing and punctuation aside) or same URL', () => {
    const store = new SqliteStore(':memory:');
    expect(store.add([doc()]).added).toHaveLength(1);
    const again = store.add([doc({ text: 'the two ministers held talks in Geneva on Monday  They agreed to meet again in May', source: 'Other' })]);
    expect(again.added).toHaveLength(0);
    expect(again.duplicates).toHaveLength(1);
    store.add([doc({ url: 'https://example.com/a?utm_source=x#top', text: 'First version of a story about ministers.' })]);
    const sameUrl = store.add([doc({ url: 'https://EXAMPLE.com/a/', text: 'Updated version of the story about ministers.' })]);
    expect(sameUrl.duplicates).toHaveLength(1);
    expect(store.count()).toBe(2);
    store.close();
  });

  it('keeps a failed batch out entirely: no half-document, nothing from the batch', () => {
    const path = tempDb();
    const store = new SqliteStore(path);
    store.add([doc()]);
    const broken = { ...doc({ text: 'A second article that will not be stored.' }), source: null } as unknown as NewDocument;
    expect(() => store.add([doc({ text: 'A third article, first in the failing batch.' }), broken])).toThrow();
    expect(store.count()).toBe(1);
    expect(store.sentenceCount()).toBe(2);
    store.close();
    const reopened = new SqliteStore(path);
    expect(reopened.count()).toBe(1);
    expect(reopened.searchSentences(['third'], 5)).toEqual([]);
    reopened.close();
  });

  it('persists across reopen, records its schema version, and uses WAL', () => {
    const path = tempDb();
    const store = new SqliteStore(path);
    store.add([doc()]);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    store.close();
    const reopened = new SqliteStore(path);
    expect(reopened.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(reopened.count()).toBe(1);
    reopened.close();
  });

  it('searches sentences by normalised terms, best first, and never treats a term as an FTS operator', () => {
    const store = new SqliteStore(':memory:');
    store.add([doc(), doc({ text: 'Geneva hosted a summit. Ministers from ten countries attended the Geneva talks.' })]);
    const hits = store.searchSentences(['geneva', 'talk'], 10);
    expect(hits.length).toBeGreaterThanOrEqual(2);
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
    expect(() => store.searchSentences(['NOT', 'AND', '"', 'near('], 5)).not.toThrow();
    expect(store.documentFrequency(['geneva']).get('geneva')).toBe(3);
    store.close();
  });

  it('records feedback with its citations', () => {
    const store = new SqliteStore(':memory:');
    const citations = [{ documentId: 'd_1', source: 'Wire', title: 'T', quote: 'Q' }];
    store.recordFeedback({ platform: 'console', userId: 'u1', vote: 'up', kind: 'answer', question: 'q?', answerText: 'a', citations });
    expect(store.feedback()).toEqual([{ platform: 'console', userId: 'u1', vote: 'up', kind: 'answer', question: 'q?', answerText: 'a', citations }]);
    store.close();
  });
});
