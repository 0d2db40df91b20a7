// What only the SQLite backend's stories promise: they survive reopening, a database from before them gets them,
// and a second connection writing the same file (a CLI `sources poll` beside the bot) is never out of step.
import { describe, expect, it } from 'vitest';
import { openSqliteStorage, type SqliteStorage } from '../../src/store/sqlite/index.js';
import { SqliteStories } from '../../src/store/sqlite/stories.js';
import { terms } from '../../src/text/tokens.js';
import { HARVEST, MOSCOW_A, MOSCOW_B, MOSCOW_C, SOCHI } from '../fixtures/stories.js';
import { DOWN_FROM_WORKSPACES, downgrade, tempDb } from './old-databases.js';

const now = () => new Date('2021-04-09T06:00:00.000Z');
const count = (s: SqliteStorage, sql: string) => (s.db.prepare(sql).get() as { n: number }).n;
/** Documents whose story has no row: never, whatever happened. */
const orphans = (s: SqliteStorage) => count(s, 'SELECT count(*) AS n FROM documents WHERE story_id IS NULL OR story_id NOT IN (SELECT id FROM stories)');

describe('SQLite stories', () => {
  it('keeps stories across reopening: a document stored later joins the story stored before', async () => {
    const path = tempDb();
    const first = openSqliteStorage(path, now);
    const [a] = (await first.documents.add([MOSCOW_A, HARVEST])).added;
    await first.close();
    const second = openSqliteStorage(path, now);
    const [b] = (await second.documents.add([MOSCOW_B])).added;
    expect(b!.storyId).toBe(a!.storyId);
    expect(count(second, `SELECT size AS n FROM stories WHERE id = '${a!.storyId}'`)).toBe(2);
    expect(orphans(second)).toBe(0);
    await second.close();
  });

  it('gives the documents of a database from before stories (schema 8) their stories when it is opened', async () => {
    const path = tempDb();
    const old = openSqliteStorage(path, now);
    const ids = (await old.documents.add([MOSCOW_A, HARVEST, MOSCOW_B])).added.map((d) => d.id);
    await old.close();
    downgrade(path, `${DOWN_FROM_WORKSPACES} ALTER TABLE subscriptions DROP COLUMN paused_reason; ALTER TABLE subscriptions DROP COLUMN paused_at; DROP TABLE inbox; DROP TABLE handled_events; DROP TABLE stories; DROP TABLE term_counts; DELETE FROM counters WHERE name = 'story_documents';
      DROP INDEX documents_story; ALTER TABLE documents DROP COLUMN story_id;`, 8);
    const upgraded = openSqliteStorage(path, now);
    const [a, harvest, b] = await upgraded.documents.getMany(ids);
    expect(b!.storyId).toBe(a!.storyId);
    expect(harvest!.storyId).not.toBe(a!.storyId);
    expect(orphans(upgraded)).toBe(0);
    await upgraded.close();
  });

  it('sees the stories another connection stored since its own last write', async () => {
    const path = tempDb();
    const bot = openSqliteStorage(path, now);
    const cli = openSqliteStorage(path, now);
    await bot.documents.add([HARVEST]); // the bot has now looked at (and cached) the stories of that day
    const [a] = (await cli.documents.add([MOSCOW_A])).added;
    const [b] = (await bot.documents.add([MOSCOW_B])).added;
    expect(b!.storyId).toBe(a!.storyId);
    const [c] = (await cli.documents.add([MOSCOW_C])).added;
    expect(c!.storyId).toBe(a!.storyId);
    expect(count(bot, `SELECT size AS n FROM stories WHERE id = '${a!.storyId}'`)).toBe(3);
    await cli.close();
    await bot.close();
  });

  it('forgets a story a rolled-back transaction around add() started (sources store items with their poll state)', async () => {
    const storage = openSqliteStorage(':memory:', now);
    await expect(storage.atomically(async (tx) => {
      await tx.documents.add([MOSCOW_A]);
      throw new Error('poll state not saved');
    })).rejects.toThrow('poll state not saved');
    const [b] = (await storage.documents.add([MOSCOW_B])).added;
    expect(b!.storyId).toContain(b!.id.replace(/^d_/, ''));
    expect(orphans(storage)).toBe(0);
    await storage.close();
  });

  it('drops a story whose documents retention dropped, and keeps the others', async () => {
    const storage = openSqliteStorage(':memory:', now);
    await storage.documents.add([MOSCOW_A, HARVEST]);
    expect(count(storage, 'SELECT count(*) AS n FROM stories')).toBe(2);
    expect(await storage.documents.deleteIngestedBefore('2099-01-01T00:00:00.000Z', 10)).toBe(2);
    expect(count(storage, 'SELECT count(*) AS n FROM stories')).toBe(0);
    const [b] = (await storage.documents.add([MOSCOW_B])).added;
    expect(b!.storyId).toContain(b!.id.replace(/^d_/, ''));
    await storage.close();
  });

  it('writes the term counts gathered in memory at close, and still closes when they cannot be written', async () => {
    const path = tempDb();
    const storage = openSqliteStorage(path, now);
    await storage.documents.add([MOSCOW_A, HARVEST]);
    expect(count(storage, `SELECT value AS n FROM counters WHERE name = 'story_documents'`)).toBe(0); // still in memory
    await storage.close();
    const reopened = openSqliteStorage(path, now);
    expect(count(reopened, `SELECT value AS n FROM counters WHERE name = 'story_documents'`)).toBe(2);
    await reopened.documents.add([MOSCOW_B]);
    reopened.db.exec('DROP TABLE term_counts'); // the write at close fails
    await expect(reopened.close()).resolves.toBeUndefined();
    expect(reopened.db.open).toBe(false);
  });

  it('keeps what a transaction assigned when the story cache starts over in the middle of it', async () => {
    const storage = openSqliteStorage(':memory:', now);
    const stories = new SqliteStories(storage.db, 0); // every load overflows the cache
    const assign = (id: string, d: typeof MOSCOW_A) => stories.assign(id, d.title, d.titleOrigin, terms(d.text), d.publishedAt, now().toISOString());
    storage.db.transaction(() => {
      stories.begin();
      assign('d_moscow', MOSCOW_A);
      assign('d_sochi', SOCHI); // another day: loading it starts the cache over
      stories.flush(true);
    }).immediate();
    expect(count(storage, 'SELECT count(*) AS n FROM stories')).toBe(2);
    expect(count(storage, `SELECT value AS n FROM counters WHERE name = 'story_documents'`)).toBe(2);
    await storage.close();
  });

  it('keeps its own term counts when another connection commits before they are written', async () => {
    const path = tempDb();
    const bot = openSqliteStorage(path, now);
    const cli = openSqliteStorage(path, now);
    await bot.documents.add([MOSCOW_A]);
    await cli.documents.add([HARVEST]);
    await bot.documents.add([MOSCOW_B]); // sees the other commit: its caches start over, its pending counts stay
    await cli.close();
    await bot.close();
    const reopened = openSqliteStorage(path, now);
    expect(count(reopened, `SELECT value AS n FROM counters WHERE name = 'story_documents'`)).toBe(3);
    expect(count(reopened, `SELECT documents AS n FROM term_counts WHERE term = 'putin'`)).toBe(2);
    await reopened.close();
  });
});

