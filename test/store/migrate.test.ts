// briefbot migrate --from sqlite:… : a SQLite store copied into PostgreSQL reads back the same through every port.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copySqliteToPostgres } from '../../src/store/migrate/copy.js';
import { openPostgresStorage } from '../../src/store/postgres/index.js';
import { openSqliteStorage } from '../../src/store/sqlite/index.js';
import { readArticleFiles, listArticleFiles } from '../../src/ingest/files.js';
import { openPostgresTestStorage, PG_SKIP } from '../helpers/postgres.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A SQLite store's path in a new folder, removed after the test. */
function storeFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-migrate-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'store.db');
}

describe.skipIf(PG_SKIP !== undefined)('copying a SQLite store into PostgreSQL', () => {
  it('keeps every document, sentence, subscription, delivery, source and vote, with the same checksum on both sides', async () => {
    const file = storeFile();
    const clock = new Date('2026-06-01T07:00:00.000Z');
    const sqlite = openSqliteStorage(file, () => clock);
    const docs = readArticleFiles(listArticleFiles(['seeds']).files).documents;
    // a near copy of the first seed from another outlet, so that copyOf and stories must survive too
    await sqlite.documents.add([...docs, { ...docs[0]!, url: undefined, source: 'Wire copy', text: `${docs[0]!.text} Reporting by the wire.` }]);
    const sub = await sqlite.subscriptions.upsert({ platform: 'slack', channelId: 'C1', timeOfDay: '08:00', timezone: 'Europe/London', topic: 'armenia', weekdaysOnly: true, postWhenEmpty: false, origin: 'chat', createdBy: 'U1' }, clock);
    await sqlite.ledger.claim(sub.id, '2026-06-01', 'A', clock, 60_000);
    await sqlite.ledger.setStatus({ subscriptionId: sub.id, localDate: '2026-06-01', owner: 'A', status: 'delivered', now: clock, windowFrom: '2026-05-31T08:00:00.000Z', windowTo: '2026-06-01T08:00:00.000Z', attempts: 1 });
    const { source } = await sqlite.sources.add({ url: 'https://example.org/feed.xml', origin: 'cli' }, clock);
    await sqlite.sources.recordPoll(source.id, { at: clock, nextPollAt: new Date(clock.getTime() + 3_600_000), ok: true, kind: 'rss', title: 'Example', stored: 0 }, [{ guid: 'g1' }]);
    await sqlite.feedback.remember('slack', 'k1', { kind: 'answer', question: 'who met?', answerText: 'Putin and Pashinyan', citations: [] });
    await sqlite.feedback.vote('slack', 'k1', 'U2', 'up');
    await sqlite.feedback.record({ platform: 'slack', userId: 'U2', vote: 'up', kind: 'answer', question: 'who met?', answerText: 'Putin and Pashinyan', citations: [] });
    await sqlite.close();

    // the target: an empty schema of the test server
    const empty = await openPostgresTestStorage(() => clock, 'migrate');
    cleanups.push(() => empty.close());
    const report = await copySqliteToPostgres(file, empty.url, () => {}, empty.schema);
    expect(report.to).toEqual(report.from);
    expect(report.from).toMatchObject({ documents: docs.length + 1, subscriptions: 1 });
    expect(report.from.sentences).toBeGreaterThan(20);

    const a = openSqliteStorage(file, () => clock);
    cleanups.push(() => a.close());
    const b = await openPostgresStorage({ url: empty.url, schema: empty.schema, poolMax: 2, now: () => clock });
    cleanups.push(() => b.close());
    const all = await a.documents.recent({ limit: 100 });
    expect(all.some((d) => d.copyOf)).toBe(true);
    expect(await b.documents.recent({ limit: 100 })).toEqual(all);
    for (const d of all) expect(await b.documents.sentences(d.id)).toEqual(await a.documents.sentences(d.id));
    expect(await b.documents.copiesOf(all[0]!.id)).toEqual(await a.documents.copiesOf(all[0]!.id));
    expect(await b.documents.version()).not.toBe('');
    for (const q of [['putin', 'pashinyan'], ['elect'], ['karabakh', 'ceasefir']]) {
      expect((await b.documents.searchSentences(q, 5)).map((h) => h.text)).toEqual((await a.documents.searchSentences(q, 5)).map((h) => h.text));
    }
    expect(await b.subscriptions.all()).toEqual(await a.subscriptions.all());
    expect(await b.ledger.delivery(sub.id, '2026-06-01')).toEqual(await a.ledger.delivery(sub.id, '2026-06-01'));
    expect(await b.ledger.lastWindowEnd(sub.id)).toBe('2026-06-01T08:00:00.000Z');
    expect(await b.sources.all()).toEqual(await a.sources.all());
    expect(await b.sources.seen(source.id, ['g1', 'g2'])).toEqual(new Set(['g1']));
    expect(await b.feedback.all()).toEqual(await a.feedback.all());
    expect(await b.feedback.vote('slack', 'k1', 'U2', 'up')).toBe(false); // the vote came along: a repeat
    // what is added after the copy gets new ids past the copied ones
    const next = await b.subscriptions.upsert({ platform: 'slack', channelId: 'C2', timeOfDay: '08:00', timezone: 'UTC', topic: '', weekdaysOnly: false, postWhenEmpty: false, origin: 'chat' }, clock);
    expect(next.id).toBeGreaterThan(sub.id);
  }, 60_000);

  it('ranks with the same bm25 scores after copying a store that had deletes (N and average length as FTS5 kept them)', async () => {
    const file = storeFile();
    let clock = new Date('2026-06-01T07:00:00.000Z');
    const sqlite = openSqliteStorage(file, () => clock);
    await sqlite.documents.add([
      { source: 'Old wire', title: 'Old news', titleOrigin: 'metadata', lang: 'en', text: 'Putin spoke at length about grain exports. The long speech covered tariffs, ports, shipping and weather at sea.' },
      { source: 'Old wire', title: 'Older news', titleOrigin: 'metadata', lang: 'en', text: 'Pashinyan visited Moscow once before. Nobody remembers what was said about the ceasefire then.' },
    ]);
    clock = new Date('2026-06-02T07:00:00.000Z');
    await sqlite.documents.add(readArticleFiles(listArticleFiles(['seeds']).files).documents);
    expect(await sqlite.documents.deleteIngestedBefore('2026-06-02T00:00:00.000Z', 10)).toBe(2);
    const queries = [['putin', 'pashinyan'], ['moscow'], ['karabakh', 'ceasefir']];
    const before = [];
    for (const q of queries) before.push(await sqlite.documents.searchSentences(q, 5));
    await sqlite.close();

    const target = await openPostgresTestStorage(() => clock, 'migrate');
    cleanups.push(() => target.close());
    await copySqliteToPostgres(file, target.url, () => {}, target.schema);
    const after = [];
    for (const q of queries) after.push(await target.documents.searchSentences(q, 5));
    expect(after).toEqual(before);
  }, 60_000);

  it('refuses a target that already holds documents, and leaves it as it was', async () => {
    const file = storeFile();
    const sqlite = openSqliteStorage(file);
    await sqlite.documents.add(readArticleFiles(listArticleFiles(['seeds']).files).documents);
    await sqlite.close();
    const target = await openPostgresTestStorage(() => new Date(), 'migrate');
    cleanups.push(() => target.close());
    await target.documents.add(readArticleFiles(listArticleFiles(['seeds']).files).documents.slice(0, 1));
    await expect(copySqliteToPostgres(file, target.url, () => {}, target.schema)).rejects.toThrow(/already holds documents/);
    expect(await target.documents.count()).toBe(1);
  }, 60_000);
});
