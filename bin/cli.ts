// `briefbot …` (npm run briefbot, npx briefbot): the CLI with this build's platforms.
import { runCli } from '../src/cli.js';
import { platforms } from '../adapters/registry.js';

await runCli(process.argv, { platforms, serve: () => import('./main.js') });
