// The file piscina starts in each reader thread. It is JavaScript because a worker thread does not inherit the
// TypeScript loader the bot runs under in every setting (vitest's workers do not have it); tsx loads the rest.
import { tsImport } from 'tsx/esm/api';

const { handle } = await tsImport('./reader-thread.ts', import.meta.url);

export default handle;
