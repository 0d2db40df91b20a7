import { describe, expect, it } from 'vitest';
import {
  bandKeys, estimateJaccard, fingerprint, jaccard, NEAR_COPY, shingles, shingleWords, signature, signatureFromBytes, signatureToBytes,
} from '../../src/text/minhash.js';
import {
  BOILERPLATE_ONE, BOILERPLATE_TWO, COPY_A, COPY_B, MARKET_MONDAY, MARKET_TUESDAY, OWN, SHORT_ONE, SHORT_TWO, WIRE,
} from '../fixtures/wire.js';

/** Two sets of random 32-bit values with `common` values in common and `onlyA` / `onlyB` of their own. */
function sets(rnd: () => number, common: number, onlyA: number, onlyB: number): [Uint32Array, Uint32Array] {
  const values = new Set<number>();
  while (values.size < common + onlyA + onlyB) values.add(Math.floor(rnd() * 0x1_0000_0000));
  const all = [...values];
  return [Uint32Array.from(all.slice(0, common + onlyA)), Uint32Array.from([...all.slice(0, common), ...all.slice(common + onlyA)])];
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const similarity = (a: string, b: string) => {
  const [fa, fb] = [fingerprint(a), fingerprint(b)];
  return fa && fb ? estimateJaccard(fa.signature, fb.signature) : undefined;
};

describe('shingles', () => {
  it('are 5-word windows over the words, whatever the case, punctuation, spacing or accents', () => {
    expect(shingleWords('The  Port’s strike — “ended”, at 5:30pm! Zürich')).toEqual(['the', 'port', 's', 'strike', 'ended', 'at', '5', '30pm', 'zurich']);
    const a = shingles('Dockworkers at the port of Valmora walked off the job.');
    expect(a).toHaveLength(6);
    expect(shingles('dockworkers AT the port, of valmora — walked off the JOB')).toEqual(a);
    expect(shingles('Dockwörkers at the port of Valmora walked off the job.')).toEqual(a);
  });

  it('are distinct, and there are none under five words', () => {
    expect(shingles('one two three four five one two three four five')).toHaveLength(5);
    expect(shingles('only four words here')).toHaveLength(0);
    expect(shingles('')).toHaveLength(0);
    expect(shingles('¡!… — ,.')).toHaveLength(0);
  });
});

describe('signature and estimate', () => {
  it('is deterministic: the same text gives the same signature in every run (they are stored)', () => {
    const sig = signature(shingles(WIRE));
    expect(sig).toHaveLength(NEAR_COPY.hashes);
    expect(signature(shingles(WIRE))).toEqual(sig);
    // pinned: a change here changes every stored signature, which then no longer match new ones
    expect([...sig.slice(0, 4)]).toEqual([24791373, 36339911, 3534252782, 133062251]);
    expect(bandKeys(sig)[0]).toBe(1423389976);
    expect(signature(shingles(WIRE), NEAR_COPY.hashes, 7)).not.toEqual(sig);
  });

  it('estimates the Jaccard similarity without bias, within sampling error, for small and large sets', () => {
    const rnd = mulberry32(1);
    for (const [common, onlyA, onlyB] of [[20, 0, 0], [15, 5, 5], [30, 30, 30], [100, 20, 40], [300, 100, 100], [500, 0, 500], [10, 200, 200], [0, 50, 50]] as const) {
      let errors = 0;
      const trials = 40;
      for (let t = 0; t < trials; t++) {
        const [a, b] = sets(rnd, common, onlyA, onlyB);
        const exact = jaccard(a, b);
        expect(exact).toBeCloseTo(common / (common + onlyA + onlyB), 10);
        const est = estimateJaccard(signature(a), signature(b));
        // 128 positions: standard error at most 0.044; five of them is far out
        expect(Math.abs(est - exact), `${common}/${onlyA}/${onlyB}`).toBeLessThan(0.22);
        errors += est - exact;
      }
      expect(Math.abs(errors / trials), `bias at ${common}/${onlyA}/${onlyB}`).toBeLessThan(0.03);
    }
  });

  it('gives 1 for the same set in any order, and for an empty set all 0xffffffff', () => {
    const a = shingles(WIRE);
    expect(estimateJaccard(signature(a), signature(a.slice().reverse()))).toBe(1);
    expect([...new Set(signature(new Uint32Array()))]).toEqual([0xffffffff]);
    expect(() => estimateJaccard(signature(a), signature(a, 64))).toThrow(/different lengths/);
  });

  it('splits into band keys that never collide across bands and are exact integers', () => {
    const sig = signature(shingles(WIRE));
    const keys = bandKeys(sig);
    expect(keys).toHaveLength(NEAR_COPY.bands);
    keys.forEach((k, b) => {
      expect(Number.isSafeInteger(k)).toBe(true);
      expect(Math.floor(k / 0x1_0000_0000)).toBe(b);
    });
    const changed = sig.slice();
    changed[5] = changed[5]! ^ 1; // position 5 is in band 1 (4 positions a band)
    const after = bandKeys(changed);
    expect(after.filter((k, i) => k !== keys[i])).toEqual([after[1]]);
    expect(() => bandKeys(sig, 3)).toThrow(/do not split/);
  });

  it('round-trips through bytes, little-endian', () => {
    const sig = signature(shingles(WIRE));
    const bytes = signatureToBytes(sig);
    expect(bytes).toHaveLength(NEAR_COPY.hashes * 4);
    expect(bytes.readUInt32LE(0)).toBe(sig[0]);
    expect(signatureFromBytes(bytes)).toEqual(sig);
    expect(signatureFromBytes(new Uint8Array(bytes))).toEqual(sig);
    expect(() => signatureFromBytes(new Uint8Array(6))).toThrow();
  });
});

describe('near copies of the fixtures at the store threshold', () => {
  const t = NEAR_COPY.threshold;

  it('wire copies with another intro, byline, footer, a cut and reworded phrases reach it, also against each other', () => {
    expect(similarity(WIRE, COPY_A)).toBeGreaterThanOrEqual(t);
    expect(similarity(WIRE, COPY_B)).toBeGreaterThanOrEqual(t);
    expect(similarity(COPY_A, COPY_B)).toBeGreaterThanOrEqual(t);
  });

  it('an independent report of the same event shares nothing like it', () => {
    expect(similarity(WIRE, OWN)).toBeLessThan(0.1);
    expect(similarity(COPY_A, OWN)).toBeLessThan(0.1);
  });

  it('different stories in the same long boilerplate, and a template with other figures, stay under it', () => {
    expect(jaccard(shingles(BOILERPLATE_ONE), shingles(BOILERPLATE_TWO))).toBeGreaterThan(0.4); // the boilerplate is most of each
    expect(similarity(BOILERPLATE_ONE, BOILERPLATE_TWO)).toBeLessThan(t);
    expect(similarity(MARKET_MONDAY, MARKET_TUESDAY)).toBeLessThan(t);
  });

  it('very short texts get no fingerprint: too little to tell a copy from a coincidence', () => {
    expect(fingerprint(SHORT_ONE)).toBeUndefined();
    expect(fingerprint(SHORT_TWO)).toBeUndefined();
    expect(fingerprint('word '.repeat(500))).toBeUndefined(); // one distinct shingle, however long
    const words = WIRE.split(' ');
    // n words make n − 4 shingles
    expect(fingerprint(words.slice(0, NEAR_COPY.minShingles + 4).join(' '))).toBeDefined();
    expect(fingerprint(words.slice(0, NEAR_COPY.minShingles + 3).join(' '))).toBeUndefined();
  });
});
