import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { FeedbackContext } from '../../src/domain.js';
import { createLogger } from '../../src/log.js';
import { FeedbackContextRepository } from '../../src/store/feedback-contexts.js';
import { SCHEMA_VERSION } from '../../src/store/migrations.js';
import { SqliteStore } from '../../src/store/sqlite.js';

const dirs: string[] = [];
function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-feedback-'));
  dirs.push(dir);
  return join(dir, 'test.db');
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const rated: FeedbackContext = {
  kind: 'answer',
  question: 'How many doses?',
  answerText: 'Armenia got 15,000 doses.',
  citations: [{ documentId: 'd1', source: 'OC Media', title: 'Doses arrive', url: 'https://example.com/d1', quote: 'the first 15,000 doses' }],
};

describe('FeedbackContextRepository', () => {
  it('keeps what a button rates across a reopen of the database file', () => {
    const path = tempDb();
    const store = new SqliteStore(path);
    new FeedbackContextRepository(store.db).remember('slack', 'k1', rated);
    new FeedbackContextRepository(store.db).remember('discord', 'k1', { kind: 'brief', answerText: 'A brief.', citations: [] });
    store.close();
    const reopened = new SqliteStore(path);
    const repo = new FeedbackContextRepository(reopened.db);
    expect(repo.get('slack', 'k1')).toEqual(rated);
    expect(repo.get('discord', 'k1')).toEqual({ kind: 'brief', answerText: 'A brief.', citations: [] }); // no question: absent, not null
    expect(repo.get('slack', 'other')).toBeUndefined();
    reopened.close();
  });

  it('one vote per user and key: a repeat is refused, the other vote replaces it', () => {
    const store = new SqliteStore(':memory:');
    const repo = new FeedbackContextRepository(store.db);
    repo.remember('discord', 'k1', rated);
    expect(repo.vote('discord', 'k1', 'u1', 'down')).toBe(true);
    expect(repo.vote('discord', 'k1', 'u1', 'down')).toBe(false);
    expect(repo.vote('discord', 'k1', 'u2', 'down')).toBe(true);
    expect(repo.vote('discord', 'k1', 'u1', 'up')).toBe(true);
    expect(repo.vote('discord', 'k1', 'u1', 'up')).toBe(false);
    store.close();
  });

  it('rejects a row that does not read back as a context', () => {
    const store = new SqliteStore(':memory:');
    const repo = new FeedbackContextRepository(store.db);
    repo.remember('slack', 'k1', rated);
    store.db.prepare(`UPDATE feedback_contexts SET citations = '[{"source":1}]'`).run();
    expect(() => repo.get('slack', 'k1')).toThrow();
    expect(() => repo.remember('slack', 'k2', { ...rated, citations: [{ source: 'x' }] } as unknown as FeedbackContext)).toThrow();
    store.close();
  });

  it('the app drops contexts older than 90 days at start, with their votes', () => {
    const path = tempDb();
    let clock = new Date('2026-01-01T00:00:00Z');
    const start = () => createApp({ config: loadConfig({ BRIEFBOT_DB: path }), logger: createLogger('silent'), now: () => clock });
    const first = start();
    first.feedbackContexts.remember('slack', 'old', rated);
    first.feedbackContexts.vote('slack', 'old', 'u1', 'up');
    clock = new Date('2026-03-15T00:00:00Z');
    first.feedbackContexts.remember('slack', 'recent', rated);
    first.close();
    clock = new Date('2026-04-15T00:00:00Z');
    const second = start();
    expect(second.feedbackContexts.get('slack', 'old')).toBeUndefined();
    expect(second.feedbackContexts.get('slack', 'recent')).toEqual(rated);
    expect((second.store as SqliteStore).db.prepare('SELECT count(*) AS n FROM feedback_votes').get()).toEqual({ n: 0 });
    second.close();
  });

  it('a database from before feedback contexts (schema 3) is migrated with its data', () => {
    const path = tempDb();
    const old = new SqliteStore(path);
    old.recordFeedback({ platform: 'slack', userId: 'u1', vote: 'up', ...rated });
    old.db.exec('DROP TABLE digest_post_parts; DROP TABLE feedback_votes; DROP TABLE feedback_contexts;');
    old.db.pragma('user_version = 3');
    old.close();
    const upgraded = new SqliteStore(path);
    expect(upgraded.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(upgraded.feedback()).toHaveLength(1);
    new FeedbackContextRepository(upgraded.db).remember('slack', 'k1', rated);
    upgraded.close();
  });
});
