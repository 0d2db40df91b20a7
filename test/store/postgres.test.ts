// What only the PostgreSQL backend promises: migrating once when replicas open a new database together, a clear
// line when the server is unreachable, surviving a dropped connection, and claims that hold across processes (two
// Storages on one schema, each with its own pool, stand for two replicas). The behaviour every backend shares is in
// test/contracts/. Needs the test server (see test/helpers/postgres.ts); BRIEFBOT_SKIP_PG=1 skips it explicitly.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewSubscription } from '../../src/domain.js';
import { listArticleFiles, readArticleFiles } from '../../src/ingest/files.js';
import { PoolDb } from '../../src/store/postgres/db.js';
import { openPostgresStorage, type PostgresStorage } from '../../src/store/postgres/index.js';
import { migrate, SCHEMA_VERSION } from '../../src/store/postgres/migrations.js';
import { PG_SKIP, PG_UNAVAILABLE, PG_URL } from '../helpers/postgres.js';

const skip = PG_SKIP !== undefined;
const newSchema = () => `t_${randomBytes(6).toString('hex')}`;
const ALL_VERSIONS = Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1);

/** Runs `sql` on a connection of its own (not a Storage's). */
async function admin<R extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end();
  }
}

const schemas: string[] = [];
const opened: PostgresStorage[] = [];
const pools: pg.Pool[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  await Promise.all(pools.splice(0).map((p) => p.end()));
  for (const s of schemas.splice(0)) await admin(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
});

/** Opens a Storage on `schema` (a new one by default), closed and dropped after the test. */
async function open(schema = newSchema(), options: { now?: () => Date; onIdleError?: (e: Error) => void } = {}): Promise<PostgresStorage> {
  if (PG_UNAVAILABLE !== undefined) throw new Error(PG_UNAVAILABLE);
  if (!schemas.includes(schema)) schemas.push(schema);
  const storage = await openPostgresStorage({ url: PG_URL, poolMax: 10, schema, ...options });
  opened.push(storage);
  return storage;
}

const sub: NewSubscription = {
  platform: 'slack', channelId: 'C1', timeOfDay: '08:00', timezone: 'UTC', topic: '', weekdaysOnly: false, postWhenEmpty: false, origin: 'chat',
};

describe.skipIf(skip)(skip ? `PostgreSQL storage: skipped, ${PG_UNAVAILABLE}` : 'PostgreSQL storage', () => {
  describe('migrations', () => {
    it('applies each version once when several processes migrate a new schema at once, and nothing afterwards', async () => {
      if (PG_UNAVAILABLE !== undefined) throw new Error(PG_UNAVAILABLE);
      const schema = newSchema();
      schemas.push(schema);
      await admin(`CREATE SCHEMA ${schema}`);
      // one pool per "process", each on the new schema
      const dbs = [1, 2, 3].map(() => {
        const pool = new pg.Pool({ connectionString: PG_URL, max: 2, options: `-c search_path=${schema}` });
        pools.push(pool);
        return new PoolDb(pool);
      });
      const applied = await Promise.all(dbs.map((db) => migrate(db)));
      expect(applied.flat().sort((a, b) => a - b)).toEqual(ALL_VERSIONS);
      expect(await migrate(dbs[0]!)).toEqual([]);
      const rows = await admin<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
      expect(rows.map((r) => r.version)).toEqual(ALL_VERSIONS);
    });

    it('version 3 indexes the sentences of a version-2 store as a store written at version 3 does: same repeats, same scores', async () => {
      const clock = () => new Date('2026-06-01T07:00:00.000Z');
      const current = await open(undefined, { now: clock });
      const text = 'Putin met Pashinyan. Putin said Putin would return to Moscow soon. The covid-19 rules and covid-19 tests were discussed.';
      await current.documents.add([...readArticleFiles(listArticleFiles(['seeds']).files).documents,
        { source: 'Wire', title: 'Repeats', titleOrigin: 'metadata', lang: 'en', text }]);
      const a = schemas.at(-1)!;
      // an older schema holding the same rows as version 2 kept them (the index in sentences' own columns)
      const b = newSchema();
      schemas.push(b);
      await admin(`CREATE SCHEMA ${b}`);
      const pool = new pg.Pool({ connectionString: PG_URL, max: 2, options: `-c search_path=${b}` });
      pools.push(pool);
      expect(await migrate(new PoolDb(pool), 2)).toEqual([1, 2]);
      const columns = 'id, source, title, title_origin, url, published_at, ingested_at, text, lang, origin, text_hash, copy_of, near_copy_signature, story_id';
      await admin(`INSERT INTO ${b}.documents (${columns}) SELECT ${columns} FROM ${a}.documents ORDER BY seq`);
      await admin(`INSERT INTO ${b}.sentences (id, document_id, idx, text, length, terms) OVERRIDING SYSTEM VALUE
        SELECT s.id, s.document_id, s.idx, s.text, i.length, i.terms FROM ${a}.sentences s JOIN ${a}.sentence_index i USING (id) ORDER BY s.id`);
      await admin(`INSERT INTO ${b}.sentence_terms SELECT * FROM ${a}.sentence_terms`);
      await admin(`UPDATE ${b}.document_state n SET documents = o.documents, sentences = o.sentences, indexed_sentences = o.indexed_sentences,
        indexed_tokens = o.indexed_tokens FROM ${a}.document_state o`);
      expect(await migrate(new PoolDb(pool))).toEqual([3]);
      const differing = await admin<{ n: string }>(`SELECT count(*) AS n FROM ${a}.sentence_index x FULL JOIN ${b}.sentence_index y USING (id)
        WHERE x.repeats IS DISTINCT FROM y.repeats OR x.terms IS DISTINCT FROM y.terms OR x.length IS DISTINCT FROM y.length`);
      expect(differing[0]!.n).toBe('0');
      const repeats = await admin<{ idx: number; repeats: string }>(`SELECT s.idx, i.repeats::text AS repeats FROM ${a}.sentences s
        JOIN ${a}.sentence_index i USING (id) JOIN ${a}.documents d ON d.id = s.document_id WHERE d.title = 'Repeats' ORDER BY s.idx`);
      expect(repeats).toEqual([{ idx: 0, repeats: '' }, { idx: 1, repeats: "'putin'" }, { idx: 2, repeats: "'19' 'covid'" }]);
      const upgraded = await open(b, { now: clock });
      for (const q of [['putin'], ['putin', 'moscow'], ['covid-19', 'test'], ['pashinyan', 'karabakh']]) {
        const hits = await current.documents.searchSentences(q, 5);
        expect(hits.length).toBeGreaterThan(0);
        expect(await upgraded.documents.searchSentences(q, 5)).toEqual(hits);
      }
    });

    it('two storages opening the same fresh schema together both succeed; the versions are recorded once', async () => {
      const schema = newSchema();
      const [a, b] = await Promise.all([open(schema), open(schema)]);
      expect(await a.ping()).toBe(true);
      expect(await b.ping()).toBe(true);
      const rows = await admin<{ version: number }>(`SELECT version FROM ${schema}.schema_migrations ORDER BY version`);
      expect(rows.map((r) => r.version)).toEqual(ALL_VERSIONS);
      // a later open finds nothing to do
      await open(schema);
      expect(await migrate(new PoolDb(b.pool))).toEqual([]);
      expect((await admin(`SELECT version FROM ${schema}.schema_migrations`)).length).toBe(SCHEMA_VERSION);
    });

    it('keeps schemas apart: the same tables in two schemas of one database', async () => {
      const [a, b] = await Promise.all([open(), open()]);
      await a.installations.save('T1', { n: 1 }, new Date());
      expect(await a.installations.count()).toBe(1);
      expect(await b.installations.count()).toBe(0);
    });
  });

  describe('opening', () => {
    it('refuses to back up (pg_dump does), and pings false once closed', async () => {
      const storage = await open();
      await expect(storage.backup('/tmp/copy.db')).rejects.toThrow(/pg_dump/);
      expect(await storage.ping()).toBe(true);
      await storage.close();
      expect(await storage.ping()).toBe(false);
      await storage.close(); // twice is harmless
    });

    it('survives the server dropping its idle connections: the error is reported, not thrown, and the next call reconnects', async () => {
      const errors: Error[] = [];
      const storage = await open(undefined, { onIdleError: (e) => errors.push(e) });
      const [{ pid }] = (await storage.pool.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
      await admin('SELECT pg_terminate_backend($1)', [pid]);
      for (let i = 0; i < 50 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(errors.length).toBeGreaterThan(0);
      expect(await storage.ping()).toBe(true);
      expect(await storage.installations.count()).toBe(0);
    });
  });

  describe('two processes on one database', () => {
    const DAY = '2026-06-01';
    const LEASE = 120_000;

    it('ledger.claim: of 20 racing claims for one (subscription, date) exactly one wins, also when taking over a lapsed lease', async () => {
      const schema = newSchema();
      const [a, b] = [await open(schema), await open(schema)];
      const { id } = await a.subscriptions.upsert(sub, new Date('2026-06-01T07:00:00Z'));
      const race = (at: string) =>
        Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).ledger.claim(id, DAY, `owner-${at}-${i}`, new Date(at), LEASE)));
      const first = await race('2026-06-01T08:00:00Z');
      expect(first.filter(Boolean)).toHaveLength(1);
      const winner = `owner-2026-06-01T08:00:00Z-${first.indexOf(true)}`;
      expect((await b.ledger.delivery(id, DAY))?.claimedBy).toBe(winner);
      // still within the lease: nobody takes it over
      expect((await race('2026-06-01T08:01:00Z')).filter(Boolean)).toHaveLength(0);
      // the lease has run out: exactly one of the racers takes it over
      const later = await race('2026-06-01T08:05:00Z');
      expect(later.filter(Boolean)).toHaveLength(1);
      expect((await a.ledger.delivery(id, DAY))?.claimedBy).toBe(`owner-2026-06-01T08:05:00Z-${later.indexOf(true)}`);
    });

    it('inbox.accept: of 20 racing accepts of one delivery exactly one gets an id, also when their keys overlap in another order', async () => {
      const schema = newSchema();
      const [a, b] = [await open(schema), await open(schema)];
      const now = new Date('2026-06-01T09:00:00Z');
      const same = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).inbox.accept('slack', ['event:E1', 'msg:C1:1.0'], '{}', `p${i}`, now, 60_000)));
      expect(same.filter((x) => x !== undefined)).toHaveLength(1);
      // the same message as two events (app_mention and message.im), keys given in either order: no deadlock, one winner
      const overlapping = await Promise.all(Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).inbox.accept('slack', i % 2 ? [`event:X${i}`, 'msg:C1:2.0', 'msg:C1:2.1'] : ['msg:C1:2.1', 'msg:C1:2.0', `event:X${i}`], '{}', `p${i}`, now, 60_000)));
      expect(overlapping.filter((x) => x !== undefined)).toHaveLength(1);
      expect(await a.inbox.unfinished('slack', 'nobody', new Date(0), 100)).toHaveLength(2);
      // the refused accepts recorded none of their own keys
      const events = await Promise.all(Array.from({ length: 20 }, (_, i) => a.events.claim('slack', [`event:X${i}`], now)));
      expect(events.filter((x) => !x)).toHaveLength(1);
    });

    it('inbox.take: of two processes taking over the same item, one does', async () => {
      const schema = newSchema();
      const [a, b] = [await open(schema), await open(schema)];
      const now = new Date('2026-06-01T09:00:00Z');
      const id = (await a.inbox.accept('slack', ['k'], '{}', 'dead', now, 60_000))!;
      const taken = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).inbox.take(id, 'dead', `p${i}`, now, 60_000)));
      expect(taken.filter(Boolean)).toHaveLength(1);
      const [item] = await b.inbox.unfinished('slack', 'nobody', new Date(0), 10);
      expect(item).toMatchObject({ owner: `p${taken.indexOf(true)}`, attempts: 2 });
    });
  });
});

// These need no server.
describe('PostgreSQL storage, opening', () => {
  it('fails at once with one line naming the server (never its password) when nothing listens there', async () => {
    const started = Date.now();
    const error = await openPostgresStorage({ url: 'postgres://briefbot:s3cret-pw@127.0.0.1:1/briefbot', poolMax: 2 }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toMatch(/^cannot reach PostgreSQL at 127\.0\.0\.1:1\/briefbot: .*ECONNREFUSED.* \(is the server running\?\)$/);
    expect(error!.message).not.toContain('\n');
    expect(error!.message).not.toContain('s3cret-pw');
    expect(Date.now() - started).toBeLessThan(6000);
  });

  it('refuses a schema name it would have to quote', async () => {
    await expect(openPostgresStorage({ url: PG_URL, poolMax: 1, schema: 'Robert"); DROP' })).rejects.toThrow(/schema name/);
  });
});
