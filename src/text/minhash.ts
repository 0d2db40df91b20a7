// Near-copy detection: word shingles, MinHash signatures and LSH banding (Broder 1997; Leskovec, Rajaraman and
// Ullman, "Mining of Massive Datasets", ch. 3). A wire story republished with another intro line, a byline and a
// footer keeps most of its 5-word shingles; two outlets writing up the same event share almost none.
//
// Everything here is deterministic (fixed seeds, no Math.random): signatures are stored, so the same text must
// give the same signature in every process and every version that reads the same store.

export interface NearCopyParams {
  /** Words per shingle. */
  shingle: number;
  /** Positions in a signature. */
  hashes: number;
  /** LSH bands (hashes / bands positions each): two texts become candidates when one band is equal. */
  bands: number;
  /** Texts with fewer distinct shingles than this get no signature: too little text to call a copy. */
  minShingles: number;
  /** Estimated Jaccard similarity of the shingle sets at or above which a text is a copy of another. */
  threshold: number;
  seed: number;
}

/**
 * The store's parameters. Changing `shingle`, `hashes`, `bands` or `seed` changes every signature: signatures
 * already stored would no longer match new ones (a new migration would have to recompute them).
 * Threshold 0.55, chosen on synthetic copies of real news articles (`npx tsx eval/near-copies.ts`; docs/design.md,
 * "Wire copies"): 97% of copy pairs reach it and no pair of different texts does; at 0.8 a third of the copies
 * (short ones, and two differently edited copies of one text) would be missed. With 32 bands of 4 positions, a
 * pair at Jaccard 0.55 shares a bucket with probability 1 − (1 − 0.55⁴)³² ≈ 0.95, at 0.7 ≈ 1, at 0.3 ≈ 0.23 (then
 * turned down on the whole signature), at 0.1 ≈ 0.003.
 */
export const NEAR_COPY: NearCopyParams = { shingle: 5, hashes: 128, bands: 32, minShingles: 20, threshold: 0.55, seed: 0x5eedc0de };

/** Murmur3's 32-bit finaliser: a bijection on 32-bit integers with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const wordCharCache = new Map<number, boolean>();

/** Whether a UTF-16 code unit belongs to a word: ASCII letters and digits, and non-ASCII letters and digits. */
function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  // surrogate halves: the astral letters and digits they make are kept whole, its symbols (emoji) too (rare)
  if (c >= 0xd800 && c <= 0xdfff) return true;
  let w = wordCharCache.get(c);
  if (w === undefined) {
    w = LETTER_OR_DIGIT.test(String.fromCharCode(c));
    wordCharCache.set(c, w);
  }
  return w;
}

const ACCENTED = /[\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]/;

/**
 * The text normalised as for exact duplicates (store/identity.ts textHash: lower case, every run of characters
 * other than letters and digits a separator), accents folded as well.
 */
function normalise(text: string): string {
  // decomposing is the costly part: only for texts with Latin letters that carry accents (curly quotes need none)
  const plain = ACCENTED.test(text) ? text.normalize('NFKD').replace(/\p{M}/gu, '') : text;
  return plain.toLowerCase();
}

/** The words a shingle is made of (see normalise). */
export function shingleWords(text: string): string[] {
  const s = normalise(text);
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const inWord = i < s.length && isWordChar(s.charCodeAt(i));
    if (inWord && start < 0) start = i;
    else if (!inWord && start >= 0) {
      out.push(s.slice(start, i));
      start = -1;
    }
  }
  return out;
}

/** Hashes of the distinct `size`-word shingles of `text` (none when it has fewer words than `size`). */
export function shingles(text: string, size: number = NEAR_COPY.shingle): Uint32Array {
  // one pass: each word's FNV-1a hash is built as its characters go by (the same words as shingleWords)
  const s = normalise(text);
  const ws: number[] = [];
  let h = 0x811c9dc5;
  let inWord = false;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 32;
    if (isWordChar(c)) {
      h = Math.imul(h ^ c, 0x01000193);
      inWord = true;
    } else if (inWord) {
      ws.push(fmix32(h >>> 0));
      h = 0x811c9dc5;
      inWord = false;
    }
  }
  const n = Math.max(0, ws.length - size + 1);
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let sh = 0x811c9dc5;
    for (let j = 0; j < size; j++) sh = Math.imul(sh ^ ws[i + j]!, 0x01000193);
    all[i] = fmix32(sh >>> 0);
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
  const bins = new Uint32Array(hashes).fill(0xffffffff);
  const filled = new Uint8Array(hashes);
  const salt = fmix32(seed >>> 0);
  let nonEmpty = 0;
  for (let i = 0; i < set.length; i++) {
    const v = fmix32((set[i]! ^ salt) >>> 0);
    const bin = Math.floor((v / 0x1_0000_0000) * hashes);
    if (!filled[bin]) {
      filled[bin] = 1;
      nonEmpty++;
    }
    if (v < bins[bin]!) bins[bin] = v;
  }
  if (nonEmpty === 0 || nonEmpty === hashes) return bins;
  const out = bins.slice();
  const probeSalt = fmix32((seed ^ 0x9e3779b9) >>> 0);
  for (let i = 0; i < hashes; i++) {
    if (filled[i]) continue;
    let from = -1;
    // the probe sequence depends only on (i, attempt), so it is the same for every signature
    for (let attempt = 0; attempt < 64 * hashes && from < 0; attempt++) {
      const j = fmix32((probeSalt ^ Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(attempt + 1, 0x85ebca77)) >>> 0) % hashes;
      if (filled[j]) from = j;
    }
    if (from < 0) from = filled.indexOf(1); // 64·hashes misses in a row: not met in practice, but never loop forever
    out[i] = bins[from]!;
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
 * One LSH bucket key per band: band number × 2³² + a hash of the band's positions, so that keys of different bands
 * never meet (integers below 2⁵³: exact in JavaScript and in SQLite's INTEGER).
 */
export function bandKeys(sig: Uint32Array, bands: number = NEAR_COPY.bands): number[] {
  if (!Number.isInteger(bands) || bands <= 0 || sig.length % bands !== 0) throw new Error(`${sig.length} hashes do not split into ${bands} bands`);
  const rows = sig.length / bands;
  const keys: number[] = [];
  for (let b = 0; b < bands; b++) {
    let h = (0x811c9dc5 ^ b) >>> 0;
    for (let r = 0; r < rows; r++) h = Math.imul(h ^ sig[b * rows + r]!, 0x01000193);
    keys.push(b * 0x1_0000_0000 + fmix32(h >>> 0));
  }
  return keys;
}

export interface Fingerprint {
  signature: Uint32Array;
  /** LSH bucket keys, one per band (see bandKeys). */
  bands: number[];
}

/** The signature and band keys of a text, or undefined when it is too short to be judged a copy of anything. */
export function fingerprint(text: string, params: NearCopyParams = NEAR_COPY): Fingerprint | undefined {
  const set = shingles(text, params.shingle);
  if (set.length < params.minShingles) return undefined;
  const sig = signature(set, params.hashes, params.seed);
  return { signature: sig, bands: bandKeys(sig, params.bands) };
}

/** A signature as bytes (little-endian whatever the platform), for storage. */
export function signatureToBytes(sig: Uint32Array): Buffer {
  const buf = Buffer.alloc(sig.length * 4);
  for (let i = 0; i < sig.length; i++) buf.writeUInt32LE(sig[i]!, i * 4);
  return buf;
}

export function signatureFromBytes(buf: Uint8Array): Uint32Array {
  if (buf.length % 4 !== 0) throw new Error(`a signature has a multiple of 4 bytes, not ${buf.length}`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const sig = new Uint32Array(buf.length / 4);
  for (let i = 0; i < sig.length; i++) sig[i] = view.getUint32(i * 4, true);
  return sig;
}
