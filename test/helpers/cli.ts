// Running the CLI and `npm start` as a user does: real processes on temporary databases.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/** A temporary folder (removed after the file's tests) and `run` for processes in it. */
export function cliRunner(): { dir: string; run: (args: string[], input?: string, extraEnv?: Record<string, string>) => Promise<CliRun> } {
  const dir = mkdtempSync(join(tmpdir(), 'briefbot-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const env = { ...process.env, LOG_LEVEL: 'warn', SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' };
  let dbs = 0;
  /** Runs `node --import tsx <args>` without blocking, so independent runs can overlap. Each run gets a database
   * of its own (seeded at boot) unless `extraEnv` names one, so overlapping runs never share a file. */
  const run = (args: string[], input?: string, extraEnv: Record<string, string> = {}): Promise<CliRun> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', ...args], { env: { ...env, BRIEFBOT_DB: join(dir, `cli-${++dbs}.db`), ...extraEnv }, timeout: 30_000 });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out, err }));
      child.stdin.on('error', () => {}); // a process that exits without reading its input (EPIPE), as spawnSync allows
      child.stdin.end(input);
    });
  return { dir, run };
}

/** A port on 127.0.0.1 that nothing listens on (taken, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
