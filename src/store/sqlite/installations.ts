// Slack OAuth installations in SQLite, one row per workspace (team id), the installation as JSON.
import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import type { SyncInstallationRepository } from '../repositories.js';

export class SqliteInstallations implements SyncInstallationRepository {
  private readonly s: Record<'save' | 'find' | 'remove' | 'count', Statement>;

  constructor(db: Database) {
    this.s = {
      save: db.prepare(
        `INSERT INTO slack_installations (team_id, installation, installed_at) VALUES (?, ?, ?)
         ON CONFLICT (team_id) DO UPDATE SET installation = excluded.installation, installed_at = excluded.installed_at`,
      ),
      find: db.prepare('SELECT installation FROM slack_installations WHERE team_id = ?'),
      remove: db.prepare('DELETE FROM slack_installations WHERE team_id = ?'),
      count: db.prepare('SELECT count(*) AS n FROM slack_installations'),
    };
  }

  save(teamId: string, installation: unknown, now: Date): void {
    this.s.save.run(teamId, JSON.stringify(installation), now.toISOString());
  }

  find(teamId: string): unknown {
    const row = z.object({ installation: z.string() }).optional().parse(this.s.find.get(teamId));
    return row === undefined ? undefined : (JSON.parse(row.installation) as unknown);
  }

  remove(teamId: string): number {
    return this.s.remove.run(teamId).changes;
  }

  count(): number {
    return z.object({ n: z.number() }).parse(this.s.count.get()).n;
  }
}
