// Debian's Open Text Summarizer (`ots`, 0.5) as an outside peer. The eval installs it with apt-get when it
// is missing and it can (root); when it cannot, the report says why instead of dropping the row.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { truncateWords } from '../rouge.js';

export const OTS_PATH = '/usr/bin/ots';
export const OTS_RATIO = 50;

export type OtsStatus = { available: true; installedNow: boolean } | { available: false; reason: string };

function run(cmd: string, args: readonly string[], timeoutMs: number): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error.message) : ''}`;
  return { ok: r.status === 0 && !r.error, out };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter((l) => l.trim());
  return lines[lines.length - 1]?.trim() ?? 'no output';
}

/** Makes sure /usr/bin/ots exists, installing the Debian package when needed and possible. */
export function ensureOts(log: (line: string) => void): OtsStatus {
  if (existsSync(OTS_PATH)) return { available: true, installedNow: false };
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    return { available: false, reason: `${OTS_PATH} not found and not root, so apt-get install ots was not tried` };
  }
  log('ots: not installed; trying apt-get install -y ots');
  let attempt = run('apt-get', ['install', '-y', '-q', 'ots'], 300_000);
  if (!attempt.ok) {
    log('ots: install failed; running apt-get update and retrying');
    const update = run('apt-get', ['update', '-q'], 300_000);
    if (!update.ok) return { available: false, reason: `apt-get update failed: ${lastLine(update.out)}` };
    attempt = run('apt-get', ['install', '-y', '-q', 'ots'], 300_000);
  }
  if (!attempt.ok || !existsSync(OTS_PATH)) return { available: false, reason: `apt-get install ots failed: ${lastLine(attempt.out)}` };
  return { available: true, installedNow: true };
}

/** Runs ots on the text (stdin) with the given ratio and cuts its output to the budget. */
export function otsSummary(text: string, budget: number, ratio = OTS_RATIO): string {
  const r = spawnSync(OTS_PATH, ['-r', String(ratio)], { input: text, encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
  if (r.error) throw new Error(`ots failed: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`ots exited with ${r.status}: ${lastLine(r.stderr ?? '')}`);
  return truncateWords(r.stdout, budget);
}
