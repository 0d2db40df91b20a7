// Followed sources in SQLite: one row per feed URL with its poll state, and the GUIDs already taken from it.
import type { Database, Statement } from 'better-sqlite3';
import { Source, type NewSource } from '../../domain.js';
import type { PollOutcome, SyncSourceRepository, TakenItem } from '../repositories.js';

interface SourceRow {
  id: number; url: string; name: string | null; kind: string | null; origin: string; added_by: string | null; added_at: string;
  next_poll_at: string; last_poll_at: string | null; last_success_at: string | null; last_error: string | null; failures: number;
  etag: string | null; last_modified: string | null; items_stored: number;
}

const opt = <T>(v: T | null): T | undefined => v ?? undefined;

function toSource(r: SourceRow): Source {
  return Source.parse({
    id: r.id, url: r.url, name: opt(r.name), kind: opt(r.kind), origin: r.origin, addedBy: opt(r.added_by), addedAt: r.added_at,
    nextPollAt: r.next_poll_at, lastPollAt: opt(r.last_poll_at), lastSuccessAt: opt(r.last_success_at), lastError: opt(r.last_error),
    failures: r.failures, etag: opt(r.etag), lastModified: opt(r.last_modified), itemsStored: r.items_stored,
  });
}

export class SqliteSources implements SyncSourceRepository {
  private readonly s: Record<'insert' | 'rename' | 'all' | 'get' | 'byUrl' | 'remove' | 'due' | 'claim' | 'seen' | 'ok' | 'failed' | 'item', Statement>;

  constructor(private readonly db: Database) {
    this.s = {
      insert: db.prepare(
        `INSERT INTO sources (url, name, origin, added_by, added_at, next_poll_at) VALUES (@url, @name, @origin, @addedBy, @at, @at)
         ON CONFLICT (url) DO NOTHING`,
      ),
      rename: db.prepare('UPDATE sources SET name = ? WHERE id = ?'),
      all: db.prepare('SELECT * FROM sources ORDER BY id'),
      get: db.prepare('SELECT * FROM sources WHERE id = ?'),
      byUrl: db.prepare('SELECT * FROM sources WHERE url = ?'),
      remove: db.prepare('DELETE FROM sources WHERE id = ?'),
      due: db.prepare('SELECT * FROM sources WHERE next_poll_at <= ? ORDER BY next_poll_at, id LIMIT ?'),
      claim: db.prepare('UPDATE sources SET next_poll_at = ? WHERE id = ? AND next_poll_at <= ?'),
      seen: db.prepare('SELECT guid FROM source_items WHERE source_id = ? AND guid IN (SELECT value FROM json_each(?))'),
      ok: db.prepare(
        `UPDATE sources SET last_poll_at = @at, last_success_at = @at, next_poll_at = @next, last_error = NULL, failures = 0,
           kind = coalesce(@kind, kind), name = coalesce(name, @title), etag = coalesce(@etag, etag),
           last_modified = coalesce(@lastModified, last_modified), items_stored = items_stored + @stored
         WHERE id = @id`,
      ),
      failed: db.prepare('UPDATE sources SET last_poll_at = @at, next_poll_at = @next, last_error = @error, failures = failures + 1 WHERE id = @id'),
      item: db.prepare('INSERT OR IGNORE INTO source_items (source_id, guid, document_id, seen_at) VALUES (?, ?, ?, ?)'),
    };
  }

  add(source: NewSource, now: Date): { source: Source; created: boolean } {
    const created = this.s.insert.run({ url: source.url, name: source.name ?? null, origin: source.origin, addedBy: source.addedBy ?? null, at: now.toISOString() }).changes === 1;
    let row = this.s.byUrl.get(source.url) as SourceRow;
    if (!created && source.name && source.name !== row.name) {
      this.s.rename.run(source.name, row.id);
      row = { ...row, name: source.name };
    }
    return { source: toSource(row), created };
  }

  all(): Source[] {
    return (this.s.all.all() as SourceRow[]).map(toSource);
  }

  get(id: number): Source | undefined {
    const row = this.s.get.get(id) as SourceRow | undefined;
    return row && toSource(row);
  }

  byUrl(url: string): Source | undefined {
    const row = this.s.byUrl.get(url) as SourceRow | undefined;
    return row && toSource(row);
  }

  remove(id: number): boolean {
    return this.s.remove.run(id).changes === 1;
  }

  claim(sourceId: number, now: Date, until: Date): boolean {
    return this.s.claim.run(until.toISOString(), sourceId, now.toISOString()).changes === 1;
  }

  due(now: Date, limit: number): Source[] {
    return (this.s.due.all(now.toISOString(), limit) as SourceRow[]).map(toSource);
  }

  seen(sourceId: number, guids: readonly string[]): Set<string> {
    if (guids.length === 0) return new Set();
    return new Set((this.s.seen.all(sourceId, JSON.stringify(guids)) as { guid: string }[]).map((r) => r.guid));
  }

  recordPoll(sourceId: number, o: PollOutcome, items: readonly TakenItem[]): void {
    const at = o.at.toISOString();
    this.db.transaction(() => {
      if (o.ok) {
        this.s.ok.run({
          id: sourceId, at, next: o.nextPollAt.toISOString(), kind: o.kind ?? null, title: o.title ?? null,
          etag: o.etag ?? null, lastModified: o.lastModified ?? null, stored: o.stored,
        });
      } else {
        this.s.failed.run({ id: sourceId, at, next: o.nextPollAt.toISOString(), error: o.error ?? 'unknown error' });
      }
      for (const item of items) this.s.item.run(sourceId, item.guid, item.documentId ?? null, at);
    }).immediate();
  }
}
