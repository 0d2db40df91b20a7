// briefbot migrate: brings the configured store's schema up to date (the bot does this at start too), or, with
// --from sqlite:<file>, copies a SQLite store into PostgreSQL and prints both sides' counts and checksums.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { ConfigError, loadConfig } from './config.js';
import { UserError } from './errors.js';
import type { StoreSummary } from './store/migrate/checksum.js';
import { openSqliteStorage } from './store/sqlite/index.js';

type Print = (json: boolean, value: unknown, text: string) => void;

const line = (label: string, s: StoreSummary) =>
  `${label.padEnd(10)} ${String(s.documents).padStart(9)} documents ${String(s.sentences).padStart(10)} sentences ${String(s.subscriptions).padStart(6)} subscriptions  checksum ${s.checksum}`;

export function addMigrateCommand(program: Command, print: Print): void {
  program
    .command('migrate')
    .description('bring the store\'s schema up to date; with --from, copy a SQLite store into PostgreSQL')
    .option('--from <store>', 'sqlite:<file>: the store to copy from')
    .option('--to <url>', 'the PostgreSQL database to copy into (default: DATABASE_URL); it must be empty')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { from?: string; to?: string; json?: boolean }) => {
      let config;
      try {
        config = loadConfig(process.env);
      } catch (e) {
        if (e instanceof ConfigError) throw new UserError('CONFIG', e.message);
        throw e;
      }
      if (opts.from === undefined) {
        if (!config.DATABASE_URL) {
          const storage = openSqliteStorage(config.BRIEFBOT_DB); // migrates as it opens
          await storage.close();
          print(!!opts.json, { store: 'sqlite', path: config.BRIEFBOT_DB }, `SQLite store ${config.BRIEFBOT_DB}: schema up to date`);
          return;
        }
        // PostgreSQL's modules are loaded only by the commands that use them (every other command starts faster)
        const { default: pg } = await import('pg');
        const { PoolDb } = await import('./store/postgres/db.js');
        const { describeServer } = await import('./store/postgres/index.js');
        const { migrate, SCHEMA_VERSION } = await import('./store/postgres/migrations.js');
        const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 1, connectionTimeoutMillis: 5000 });
        try {
          const applied = await migrate(new PoolDb(pool));
          print(!!opts.json, { store: 'postgres', applied, version: SCHEMA_VERSION },
            `PostgreSQL at ${describeServer(config.DATABASE_URL)}: schema version ${SCHEMA_VERSION}${applied.length ? ` (applied now: ${applied.join(', ')})` : ', nothing to apply'}`);
        } finally {
          await pool.end();
        }
        return;
      }
      const file = /^sqlite:(.+)$/.exec(opts.from)?.[1];
      if (!file) throw new UserError('BAD_ARGUMENT', `--from takes sqlite:<file> (got “${opts.from}”)`);
      if (!existsSync(file)) throw new UserError('BAD_ARGUMENT', `${file}: no such SQLite store`);
      const to = opts.to ?? config.DATABASE_URL;
      if (!to || !/^postgres(ql)?:\/\//.test(to)) throw new UserError('BAD_ARGUMENT', '--to takes a postgres:// URL (or set DATABASE_URL)');
      const { copySqliteToPostgres } = await import('./store/migrate/copy.js');
      const report = await copySqliteToPostgres(file, to, (l) => process.stderr.write(`  ${l}\n`));
      const same = report.from.checksum === report.to.checksum && report.from.documents === report.to.documents
        && report.from.sentences === report.to.sentences && report.from.subscriptions === report.to.subscriptions;
      print(!!opts.json, { ...report, same }, [
        line(`sqlite`, report.from),
        line(`postgres`, report.to),
        same ? 'copied without loss: the counts and checksums agree' : 'MISMATCH: the copy differs from the source (nothing else was changed in the source)',
      ].join('\n'));
      if (!same) process.exitCode = 1;
    });
}
