// The scopes an OAuth install asks for (bolt.ts BOT_SCOPES) are the manifest's: one changed without the other
// would install workspaces with scopes the bot lacks, or ask for ones it does not use.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BOT_SCOPES } from '../../../adapters/slack/bolt.js';

describe('Slack manifest', () => {
  it('asks for the bot scopes an OAuth install asks for, and no others', () => {
    const lines = readFileSync('adapters/slack/manifest.yaml', 'utf8').split('\n');
    const start = lines.findIndex((l) => /^ {4}bot:\s*$/.test(l));
    const scopes: string[] = [];
    for (const line of lines.slice(start + 1)) {
      if (/^\s*#/.test(line)) continue;
      const m = /^ {6}- (\S+)\s*$/.exec(line);
      if (!m) break;
      scopes.push(m[1]!);
    }
    expect(start).toBeGreaterThan(0);
    expect([...scopes].sort()).toEqual([...BOT_SCOPES].sort());
  });
});
