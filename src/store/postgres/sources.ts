// Followed sources in PostgreSQL: one row per feed URL with its poll state, and the GUIDs already taken from it.
import { Source, type NewSource } from '../../domain.js';
import type { PollOutcome, SourceRepository, TakenItem } from '../repositories.js';
import type { Db } from './db.js';

interface SourceRow {
  id: string; url: string; name: string | null; kind: string | null; origin: string; added_by: string | null; added_at: Date;
  next_poll_at: Date; last_poll_at: Date | null; last_success_at: Date | null; last_error: string | null; failures: number;
  etag: string | null; last_modified: string | null; items_stored: string;
}

const COLUMNS = `id, url, name, kind, origin, added_by, added_at, next_poll_at, last_poll_at, last_success_at, last_error, failures, etag,
  last_modified, items_stored`;

const opt = <T>(v: T | null): T | undefined => v ?? undefined;
const iso = (d: Date | null): string | undefined => d?.toISOString();

function toSource(r: SourceRow): Source {
  return Source.parse({
    id: Number(r.id), url: r.url, name: opt(r.name), kind: opt(r.kind), origin: r.origin, addedBy: opt(r.added_by), addedAt: r.added_at.toISOString(),
    nextPollAt: r.next_poll_at.toISOString(), lastPollAt: iso(r.last_poll_at), lastSuccessAt: iso(r.last_success_at), lastError: opt(r.last_error),
    failures: r.failures, etag: opt(r.etag), lastModified: opt(r.last_modified), itemsStored: Number(r.items_stored),
  });
}

export class PostgresSources implements SourceRepository {
  constructor(private readonly db: Db) {}

  async add(source: NewSource, now: Date): Promise<{ source: Source; created: boolean }> {
    // a source removed by another process between these statements: try again (it is then created)
    for (;;) {
      const inserted = await this.db.query<SourceRow>(
        `INSERT INTO sources (url, name, origin, added_by, added_at, next_poll_at) VALUES ($1, $2, $3, $4, $5, $5)
         ON CONFLICT (url) DO NOTHING RETURNING ${COLUMNS}`,
        [source.url, source.name ?? null, source.origin, source.addedBy ?? null, now.toISOString()],
      );
      if (inserted.rows[0]) return { source: toSource(inserted.rows[0]), created: true };
      const { rows } = source.name
        ? await this.db.query<SourceRow>(
          `WITH renamed AS (UPDATE sources SET name = $2 WHERE url = $1 AND name IS DISTINCT FROM $2 RETURNING ${COLUMNS})
           SELECT ${COLUMNS} FROM renamed UNION ALL SELECT ${COLUMNS} FROM sources WHERE url = $1 AND NOT EXISTS (SELECT 1 FROM renamed)`,
          [source.url, source.name],
        )
        : await this.db.query<SourceRow>(`SELECT ${COLUMNS} FROM sources WHERE url = $1`, [source.url]);
      if (rows[0]) return { source: toSource(rows[0]), created: false };
    }
  }

  async all(): Promise<Source[]> {
    const { rows } = await this.db.query<SourceRow>(`SELECT ${COLUMNS} FROM sources ORDER BY id`);
    return rows.map(toSource);
  }

  async get(id: number): Promise<Source | undefined> {
    const { rows } = await this.db.query<SourceRow>(`SELECT ${COLUMNS} FROM sources WHERE id = $1`, [id]);
    return rows[0] && toSource(rows[0]);
  }

  async byUrl(url: string): Promise<Source | undefined> {
    const { rows } = await this.db.query<SourceRow>(`SELECT ${COLUMNS} FROM sources WHERE url = $1`, [url]);
    return rows[0] && toSource(rows[0]);
  }

  async remove(id: number): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM sources WHERE id = $1', [id]);
    return rowCount === 1;
  }

  async claim(sourceId: number, now: Date, until: Date): Promise<boolean> {
    const { rowCount } = await this.db.query('UPDATE sources SET next_poll_at = $3 WHERE id = $1 AND next_poll_at <= $2', [sourceId, now.toISOString(), until.toISOString()]);
    return rowCount === 1;
  }

  async due(now: Date, limit: number): Promise<Source[]> {
    const { rows } = await this.db.query<SourceRow>(
      `SELECT ${COLUMNS} FROM sources WHERE next_poll_at <= $1 ORDER BY next_poll_at, id LIMIT $2`,
      [now.toISOString(), limit],
    );
    return rows.map(toSource);
  }

  async seen(sourceId: number, guids: readonly string[]): Promise<Set<string>> {
    if (guids.length === 0) return new Set();
    const { rows } = await this.db.query<{ guid: string }>(
      'SELECT guid FROM source_items WHERE source_id = $1 AND guid = ANY($2::text[])',
      [sourceId, guids],
    );
    return new Set(rows.map((r) => r.guid));
  }

  async recordPoll(sourceId: number, o: PollOutcome, items: readonly TakenItem[]): Promise<void> {
    const at = o.at.toISOString();
    await this.db.transaction(async (db) => {
      if (o.ok) {
        await db.query(
          `UPDATE sources SET last_poll_at = $2, last_success_at = $2, next_poll_at = $3, last_error = NULL, failures = 0,
             kind = coalesce($4, kind), name = coalesce(name, $5), etag = coalesce($6, etag),
             last_modified = coalesce($7, last_modified), items_stored = items_stored + $8
           WHERE id = $1`,
          [sourceId, at, o.nextPollAt.toISOString(), o.kind ?? null, o.title ?? null, o.etag ?? null, o.lastModified ?? null, o.stored],
        );
      } else {
        await db.query(
          'UPDATE sources SET last_poll_at = $2, next_poll_at = $3, last_error = $4, failures = failures + 1 WHERE id = $1',
          [sourceId, at, o.nextPollAt.toISOString(), o.error ?? 'unknown error'],
        );
      }
      if (items.length > 0) {
        await db.query(
          `INSERT INTO source_items (source_id, guid, document_id, seen_at)
           SELECT $1, guid, document_id, $4 FROM unnest($2::text[], $3::text[]) AS i (guid, document_id)
           ON CONFLICT (source_id, guid) DO NOTHING`,
          [sourceId, items.map((i) => i.guid), items.map((i) => i.documentId ?? null), at],
        );
      }
    });
  }
}
