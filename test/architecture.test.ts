// Architecture guard: runs the rules in .dependency-cruiser.cjs (no cycles; src/ never imports
// adapters/, bin/ or the Slack/Discord SDKs) over the real tree, and proves on a throwaway
// fixture that each rule really fires. `npm run depcruise` prints the same report.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');
const RULES = ['no-circular', 'core-not-to-adapters', 'core-not-to-platform-libs'] as const;

/** Cruises `dirs` (relative to `baseDir`) with the project's rules and the given tsconfig. */
async function depcruise(dirs: string[], baseDir: string, tsConfigFile: string): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(CONFIG);
  const { output } = await cruise(
    dirs,
    { ...options, baseDir, tsConfig: { fileName: tsConfigFile } },
    undefined,
    { tsConfig: extractTSConfig(tsConfigFile) },
  );
  if (typeof output === 'string') throw new Error(`dependency-cruiser returned a string, not a result: ${output}`);
  return output;
}

/** `rule: from → to`, plus the whole loop for a cycle. */
function describeViolation(v: IViolation): string {
  const cycle = v.cycle?.length ? ` (cycle: ${[v.from, ...v.cycle.map((step) => step.name)].join(' → ')})` : '';
  return `${v.rule.name}: ${v.from} → ${v.to}${cycle}`;
}

describe('architecture (dependency-cruiser, .dependency-cruiser.cjs)', () => {
  let real: ICruiseResult;

  beforeAll(async () => {
    real = await depcruise(['src', 'adapters', 'bin'], ROOT, join(ROOT, 'tsconfig.json'));
  });

  it('resolves NodeNext imports the way tsc does (./app.js → src/app.ts, type-only edges kept)', () => {
    const platform = real.modules.find((m) => m.source === 'src/platform.ts');
    const app = platform?.dependencies.find((d) => d.module === './app.js');
    expect(app?.resolved).toBe('src/app.ts');
    expect(app?.couldNotResolve).toBe(false);
    expect(app?.dependencyTypes).toContain('type-only');
  });

  it('src, adapters and bin have no architecture violations', () => {
    const violations = real.summary.violations.map(describeViolation);
    expect(
      violations,
      `dependency-cruiser found ${violations.length} violation(s) (run \`npm run depcruise\`):\n${violations.join('\n')}\n`,
    ).toEqual([]);
  });

  describe('the rules fire on a fixture that breaks each of them', () => {
    let fixture: string;
    let violations: IViolation[];

    beforeAll(async () => {
      fixture = mkdtempSync(join(tmpdir(), 'briefbot-depcruise-'));
      const files: Record<string, string> = {
        'tsconfig.json': JSON.stringify({
          compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, verbatimModuleSyntax: true },
        }),
        // breaks core-not-to-adapters, statically and through a dynamic import()
        'src/a.ts': "import { x } from '../adapters/x.js';\nexport const a = x;\n",
        'src/lazy.ts': "export const load = async () => (await import('../adapters/x.js')).x;\n",
        // breaks core-not-to-platform-libs: 'discord.js' does not resolve here; @slack/bolt is a stub package
        'src/b.ts': "import { Client } from 'discord.js';\nexport const b = Client;\n",
        'src/e.ts': "import { App } from '@slack/bolt';\nexport const e = App;\n",
        'node_modules/@slack/bolt/package.json': JSON.stringify({ name: '@slack/bolt', version: '0.0.0', main: 'index.js' }),
        'node_modules/@slack/bolt/index.js': 'export const App = class {};\n',
        // breaks no-circular with a cycle made only of `import type`
        'src/c.ts': "import type { D } from './d.js';\nexport interface C { d?: D }\n",
        'src/d.ts': "import type { C } from './c.js';\nexport interface D { c?: C }\n",
        // allowed: core → core, adapter → core, adapter → platform SDK
        'src/ok.ts': "import type { C } from './c.js';\nexport const ok = (c: C) => c;\n",
        'adapters/x.ts': "import { ok } from '../src/ok.js';\nimport { Client } from 'discord.js';\nexport const x = [ok, Client];\n",
      };
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(fixture, path)), { recursive: true });
        writeFileSync(join(fixture, path), text);
      }
      violations = (await depcruise(['src', 'adapters'], fixture, join(fixture, 'tsconfig.json'))).summary.violations;
    });

    afterAll(() => {
      if (fixture) rmSync(fixture, { recursive: true, force: true });
    });

    it('reports exactly the planted violations, each rule at least once', () => {
      const direct = violations.filter((v) => v.rule.name !== 'no-circular').map(describeViolation);
      expect(direct.sort()).toEqual([
        'core-not-to-adapters: src/a.ts → adapters/x.ts',
        'core-not-to-adapters: src/lazy.ts → adapters/x.ts',
        'core-not-to-platform-libs: src/b.ts → discord.js',
        'core-not-to-platform-libs: src/e.ts → node_modules/@slack/bolt/index.js',
      ]);

      const cycles = violations.filter((v) => v.rule.name === 'no-circular');
      expect(cycles.length).toBeGreaterThan(0);
      for (const v of cycles) {
        expect(new Set([v.from, ...(v.cycle ?? []).map((step) => step.name)])).toEqual(new Set(['src/c.ts', 'src/d.ts']));
        for (const step of v.cycle ?? []) expect(step.dependencyTypes).toContain('type-only');
      }

      expect(new Set(violations.map((v) => v.rule.name))).toEqual(new Set(RULES));
      expect(violations.every((v) => v.rule.severity === 'error')).toBe(true);
    });
  });
});
