// A process that opens (creating and migrating) a database file, adds one document and exits: the race test
// starts several at once on a new file. Usage: open-worker.ts <db> <n>
import { openSqliteStorage } from '../../src/store/sqlite/index.js';

const [db, n] = process.argv.slice(2) as [string, string];
const storage = openSqliteStorage(db);
await storage.documents.add([{ source: `Outlet ${n}`, title: `Report ${n}`, titleOrigin: 'metadata', lang: 'en', text: `Report number ${n} about the harbour. Ferries resumed on day ${n}.` }]);
await storage.close();
