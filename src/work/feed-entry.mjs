// The file a feed polling thread starts with (see reader-entry.mjs for why it is JavaScript).
import { tsImport } from 'tsx/esm/api';

await tsImport('./feed-polling.ts', import.meta.url);
