// Near-copy detection: shingles, MinHash signatures and LSH banding (Broder 1997; Leskovec, Rajaraman and Ullman,
// "Mining of Massive Datasets", ch. 3). A wire story republished with another intro line, a byline and a footer
// keeps most of its shingles (runs of 5 terms); two outlets writing up the same event share almost none.
//
// Everything here is deterministic (fixed seeds, no Math.random): signatures are stored, so the same text must
// give the same signature in every process and every version that reads the same store.

export interface NearCopyParams {
  /** Terms per shingle. */
  shingle: number;
  /** Positions in a signature. */
  hashes: number;
  /** LSH bands: two texts become candidates when they agree on every position of one band. */
  bands: number;
  /** Positions in a band (bands × rows ≤ hashes: the first ones are banded, all of them are compared). */
  rows: number;
  /** Texts with fewer distinct shingles than this get no signature: too little text to call a copy. */
  minShingles: number;
  /** Estimated Jaccard similarity of the shingle sets at or above which a text is a copy of another. */
  threshold: number;
  seed: number;
}

/**
 * The store's parameters. Changing `shingle`, `hashes`, `bands`, `rows` or `seed` changes what is stored:
 * signatures and buckets already stored would no longer match new ones (a new migration would recompute them; the
 * SQLite trigger that drops a document's buckets also spells out the 12 bands of 3).
 * Threshold 0.6, chosen on synthetic copies of real news articles (`npx tsx eval/near-copies.ts`; docs/design.md,
 * "Wire copies"): 95% of copy pairs are linked and no pair of different texts is; at 0.8 a quarter of the copies
 * (short ones, and two differently edited copies of one text) would be missed.
 * LSH: 12 bands of 3 positions. A pair at Jaccard J shares a bucket with probability 1 − (1 − J³)¹²: 0.95 at 0.6,
 * 0.99 at 0.7, 0.28 at 0.3 and 0.012 at 0.1 (candidates are then judged on all 128 positions). Rows of 2
 * positions would find more near the threshold but make every document that shares an outlet's footer a candidate
 * (35 per document on the bench corpus); each band is a row to write and a lookup per document, most of the ingest
 * cost, and 16 bands link only 0.2% more of the study's copies than 12.
 */
export const NEAR_COPY: NearCopyParams = { shingle: 5, hashes: 128, bands: 12, rows: 3, minShingles: 20, threshold: 0.6, seed: 0x5eedc0de };

/** Murmur3's 32-bit finaliser: a bijection on 32-bit integers with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units, then mixed. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h >>> 0);
}

/**
 * Hashes of the distinct `size`-term shingles of a text's terms (text/tokens.ts `terms`: case, punctuation,
 * accents and stop words gone, words stemmed), none when it has fewer terms than `size`. Terms rather than raw
 * words: an edit of case, punctuation, a stop word or a word's ending leaves them alone, and the store has them
 * already for its full-text index.
 */
export function shingles(ts: readonly string[], size: number = NEAR_COPY.shingle): Uint32Array {
  const hs = ts.map(hashString);
  const n = Math.max(0, hs.length - size + 1);
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5;
    for (let j = 0; j < size; j++) h = Math.imul(h ^ hs[i + j]!, 0x01000193);
    all[i] = fmix32(h >>> 0);
  }
  // distinct values: sorted, then repeats dropped in place
  all.sort();
  let k = 0;
  for (let i = 0; i < n; i++) if (i === 0 || all[i] !== all[k - 1]) all[k++] = all[i]!;
  return all.slice(0, k);
}

/**
 * MinHash signature of a set of shingle hashes by one-permutation hashing with optimal densification (Li, Owen and
 * Zhang 2012; Shrivastava 2017): one hash x ↦ fmix32(x ⊕ seed) spreads the set over `hashes` bins by its top
 * bits and each bin keeps its smallest value; an empty bin takes the value of the first non-empty bin along a
 * probe sequence fixed by the bin's number alone. Two signatures then agree at a position with probability equal
 * to the sets' Jaccard similarity, as with `hashes` independent permutations, for one hash per shingle instead of
 * `hashes` of them (a 500-word article: ~500 hash evaluations instead of ~64,000). An empty set gives all 0xffffffff.
 */
export function signature(set: Uint32Array, hashes: number = NEAR_COPY.hashes, seed: number = NEAR_COPY.seed): Uint32Array {
  if (!Number.isInteger(hashes) || hashes <= 0) throw new Error(`a signature needs a positive number of hashes, not ${hashes}`);
  const out = new Uint32Array(hashes).fill(0xffffffff);
  const filled = new Uint8Array(hashes);
  const salt = fmix32(seed >>> 0);
  const scale = hashes / 0x1_0000_0000; // a 32-bit value times this: its bin, by its top bits
  let nonEmpty = 0;
  for (let i = 0; i < set.length; i++) {
    const v = fmix32((set[i]! ^ salt) >>> 0);
    const bin = Math.floor(v * scale);
    if (filled[bin] === 0) {
      filled[bin] = 1;
      nonEmpty++;
      out[bin] = v;
    } else if (v < out[bin]!) out[bin] = v;
  }
  if (nonEmpty === 0 || nonEmpty === hashes) return out;
  const probeSalt = fmix32((seed ^ 0x9e3779b9) >>> 0);
  for (let i = 0; i < hashes; i++) {
    if (filled[i] === 1) continue;
    let from = -1;
    // the probe sequence depends only on (i, attempt), so it is the same for every signature
    for (let attempt = 0; attempt < 64 * hashes && from < 0; attempt++) {
      const j = Math.floor(fmix32((probeSalt ^ Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(attempt + 1, 0x85ebca77)) >>> 0) * scale);
      if (filled[j] === 1) from = j;
    }
    if (from < 0) from = filled.indexOf(1); // 64·hashes misses in a row: not met in practice, but never loop forever
    out[i] = out[from]!; // a filled bin keeps its own value
  }
  return out;
}

/** Estimated Jaccard similarity of two sets: the share of positions where their signatures agree. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length !== b.length || a.length === 0) throw new Error(`signatures of different lengths (${a.length}, ${b.length})`);
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** Exact Jaccard similarity of two sets of shingle hashes (for tests and for choosing the threshold). */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  const sa = new Set(a);
  const sb = new Set(b);
  let common = 0;
  for (const x of sa) if (sb.has(x)) common++;
  const union = sa.size + sb.size - common;
  return union === 0 ? 0 : common / union;
}

/**
 * A signature as stored: the low 16 bits of each position, little-endian (256 bytes for 128 positions). Two
 * different values share their low 16 bits with probability 2⁻¹⁶, which moves an estimate by ~0.00002 at most
 * (b-bit minwise hashing, Li and König 2010); the top bits of a one-permutation value are mostly its bin anyway.
 */
export function packSignature(sig: Uint32Array): Buffer {
  const out = Buffer.allocUnsafe(sig.length * 2); // every byte is written below
  for (let i = 0; i < sig.length; i++) out.writeUInt16LE(sig[i]! & 0xffff, i * 2);
  return out;
}

/** Estimated Jaccard similarity of two packed signatures: the share of their 16-bit positions that are equal. */
export function estimatePacked(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length || a.length === 0 || a.length % 2 !== 0) throw new Error(`packed signatures of different lengths (${a.length}, ${b.length})`);
  let same = 0;
  for (let i = 0; i < a.length; i += 2) if (a[i] === b[i] && a[i + 1] === b[i + 1]) same++;
  return same / (a.length / 2);
}

/**
 * LSH bucket keys of a packed signature, one per band: the band's number as one byte, then the band's 2·rows
 * bytes. SQL computes the same from the stored bytes (x'05' || substr(signature, 1 + 2·rows·5, 2·rows) for band
 * 5), which is how the store drops a document's buckets with it.
 */
export function bucketKeys(packed: Uint8Array, bands: number = NEAR_COPY.bands, rows: number = NEAR_COPY.rows): Buffer[] {
  if (!Number.isInteger(bands) || !Number.isInteger(rows) || bands <= 0 || bands > 256 || rows <= 0 || bands * rows * 2 > packed.length) {
    throw new Error(`a ${packed.length}-byte signature does not make ${bands} bands of ${rows}`);
  }
  const size = 1 + 2 * rows;
  const all = Buffer.allocUnsafe(bands * size); // one allocation, every byte written below
  const keys: Buffer[] = [];
  for (let b = 0; b < bands; b++) {
    all[b * size] = b;
    all.set(packed.subarray(2 * rows * b, 2 * rows * (b + 1)), b * size + 1);
    keys.push(all.subarray(b * size, (b + 1) * size));
  }
  return keys;
}

export interface Fingerprint {
  /** The packed signature (see packSignature). */
  signature: Buffer;
  /** LSH bucket keys, one per band (see bucketKeys). */
  buckets: Buffer[];
}

/**
 * The packed signature and bucket keys of a text given as its terms (text/tokens.ts `terms` of the whole text, or
 * of its sentences one after the other: the same list), or undefined when it is too short to be judged a copy.
 */
export function fingerprint(ts: readonly string[], params: NearCopyParams = NEAR_COPY): Fingerprint | undefined {
  const set = shingles(ts, params.shingle);
  if (set.length < params.minShingles) return undefined;
  const packed = packSignature(signature(set, params.hashes, params.seed));
  return { signature: packed, buckets: bucketKeys(packed, params.bands, params.rows) };
}
