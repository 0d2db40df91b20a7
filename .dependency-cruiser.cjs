// Architecture guard, checked by test/architecture.test.ts (part of `npm test`)
// and printable with `npm run depcruise`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      // Cycles make load order fragile and block splitting the core from its adapters (type-only cycles included).
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(src|adapters|bin)/' },
      to: { circular: true },
    },
    {
      // The core is platform-neutral: adapters and the CLI entry depend on src/, never the other way round.
      name: 'core-not-to-adapters',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(adapters|bin)/' },
    },
    {
      // Slack/Discord SDKs belong in adapters/; the core must stay usable (and testable) without them.
      name: 'core-not-to-platform-libs',
      severity: 'error',
      from: { path: '^src/' },
      to: {
        path: [
          // the bare specifier, as recorded when the package could not be resolved
          '^(@slack/|@discordjs/|discord\\.js($|/))',
          // the resolved file inside any node_modules (also nested / pnpm layouts)
          '(^|/)node_modules/(@slack/|@discordjs/|discord\\.js/)',
        ],
      },
    },
  ],
  options: {
    // npm packages are leaves: recorded (so the platform-libs rule sees them) but not cruised into.
    doNotFollow: { path: '(^|/)node_modules/' },
    // Keep `import type` edges, which the TS compiler erases, so type-only cycles and imports are reported too.
    tsPreCompilationDeps: true,
    // Resolve like tsc does with the project's tsconfig (NodeNext: './x.js' is the file './x.ts').
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
    },
    // Only compute what the rules above need.
    skipAnalysisNotInRules: true,
  },
};
