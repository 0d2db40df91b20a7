// Slack OAuth installations in PostgreSQL, one row per workspace (team id), the installation as JSON text (kept
// verbatim: jsonb would reorder its keys and refuse some strings JSON allows).
import { z } from 'zod';
import type { InstallationRepository } from '../repositories.js';
import type { Db } from './db.js';

export class PostgresInstallations implements InstallationRepository {
  constructor(private readonly db: Db) {}

  async save(teamId: string, installation: unknown, now: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO slack_installations (team_id, installation, installed_at) VALUES ($1, $2, $3)
       ON CONFLICT (team_id) DO UPDATE SET installation = excluded.installation, installed_at = excluded.installed_at`,
      [teamId, JSON.stringify(installation), now.toISOString()],
    );
  }

  async find(teamId: string): Promise<unknown> {
    const { rows } = await this.db.query('SELECT installation FROM slack_installations WHERE team_id = $1', [teamId]);
    const row = z.object({ installation: z.string() }).optional().parse(rows[0]);
    return row === undefined ? undefined : (JSON.parse(row.installation) as unknown);
  }

  async remove(teamId: string): Promise<number> {
    const { rowCount } = await this.db.query('DELETE FROM slack_installations WHERE team_id = $1', [teamId]);
    return rowCount ?? 0;
  }

  async count(): Promise<number> {
    const { rows } = await this.db.query('SELECT count(*)::int AS n FROM slack_installations');
    return z.object({ n: z.number() }).parse(rows[0]).n;
  }
}
