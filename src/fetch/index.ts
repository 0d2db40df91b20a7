// The safe fetcher's public face: what the rest of briefbot imports from src/fetch/.
export { safeFetch } from './safe-fetch.js';
export { isAllowedAddress } from './addresses.js';
export { DEFAULT_FETCH_POLICY, DEFAULT_USER_AGENT, type Conditional, type Fetched, type FetchPolicy } from './policy.js';
export type { Resolve, ResolvedAddress } from './guard.js';
