import { describe, expect, it } from 'vitest';
import {
  bucketKeys, estimateJaccard, estimatePacked, fingerprint, jaccard, NEAR_COPY, packSignature, shingles, signature,
} from '../../src/text/minhash.js';
import { terms } from '../../src/text/tokens.js';
import { mulberry32 } from '../../bench/corpus.js';
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

const print = (text: string) => fingerprint(terms(text));
const similarity = (a: string, b: string) => {
  const [fa, fb] = [print(a), print(b)];
  return fa && fb ? estimatePacked(fa.signature, fb.signature) : undefined;
};

describe('shingles', () => {
  it('are runs of 5 terms: case, punctuation, accents, stop words and word endings do not matter', () => {
    const a = shingles(terms('Dockworkers at the port of Valmora walked off the job on Monday.'));
    expect(terms('Dockworkers at the port of Valmora walked off the job on Monday.')).toHaveLength(7);
    expect(a).toHaveLength(3);
    expect(shingles(terms('DOCKWORKERS, at a port of valmora — walking off their jobs on monday!'))).toEqual(a);
    expect(shingles(terms('Dockwörkers at the port of Valmorá walked off the job on Monday.'))).toEqual(a);
    expect(shingles(terms('Dockworkers at the port of Valmora walked off the job on Tuesday.'))).not.toEqual(a);
  });

  it('are distinct, and there are none under five terms', () => {
    expect(shingles(['a1', 'b2', 'c3', 'd4', 'e5', 'a1', 'b2', 'c3', 'd4', 'e5'])).toHaveLength(5);
    expect(shingles(['only', 'four', 'terms', 'here'])).toHaveLength(0);
    expect(shingles([])).toHaveLength(0);
  });
});

describe('signature and estimate', () => {
  it('is deterministic: the same text gives the same signature in every run (they are stored)', () => {
    const f = print(WIRE)!;
    expect(f.signature).toHaveLength(NEAR_COPY.hashes * 2);
    expect(print(WIRE)!.signature).toEqual(f.signature);
    // pinned: a change here changes every stored signature, which then no longer match new ones
    expect(f.signature.subarray(0, 8).toString('hex')).toBe(PINNED_SIGNATURE);
    expect(f.buckets[0]!.toString('hex')).toBe(PINNED_BUCKET);
    expect(packSignature(signature(shingles(terms(WIRE)), NEAR_COPY.hashes, 7))).not.toEqual(f.signature);
  });

  it('estimates the Jaccard similarity without bias, within sampling error, for small and large sets, packed or not', () => {
    const rnd = mulberry32(1);
    for (const [common, onlyA, onlyB] of [[20, 0, 0], [15, 5, 5], [30, 30, 30], [100, 20, 40], [300, 100, 100], [500, 0, 500], [10, 200, 200], [0, 50, 50]] as const) {
      let bias = 0;
      const trials = 40;
      for (let t = 0; t < trials; t++) {
        const [a, b] = sets(rnd, common, onlyA, onlyB);
        const exact = jaccard(a, b);
        expect(exact).toBeCloseTo(common / (common + onlyA + onlyB), 10);
        const [sa, sb] = [signature(a), signature(b)];
        const est = estimateJaccard(sa, sb);
        // 128 positions: a standard error of 0.044 at most; five of them is far out
        expect(Math.abs(est - exact), `${common}/${onlyA}/${onlyB}`).toBeLessThan(0.22);
        expect(Math.abs(estimatePacked(packSignature(sa), packSignature(sb)) - est)).toBeLessThanOrEqual(1 / 128);
        bias += est - exact;
      }
      expect(Math.abs(bias / trials), `bias at ${common}/${onlyA}/${onlyB}`).toBeLessThan(0.03);
    }
  });

  it('gives 1 for the same set in any order; an empty set gives all 0xffffffff; lengths must match', () => {
    const a = shingles(terms(WIRE));
    expect(estimateJaccard(signature(a), signature(a.slice().reverse()))).toBe(1);
    expect([...new Set(signature(new Uint32Array()))]).toEqual([0xffffffff]);
    expect(() => estimateJaccard(signature(a), signature(a, 64))).toThrow(/different lengths/);
    expect(() => estimatePacked(packSignature(signature(a)), packSignature(signature(a, 64)))).toThrow(/different lengths/);
  });

  it('packs to the low 16 bits of each position, little-endian', () => {
    const sig = signature(shingles(terms(WIRE)));
    const packed = packSignature(sig);
    expect(packed).toHaveLength(NEAR_COPY.hashes * 2);
    sig.forEach((v, i) => expect(packed.readUInt16LE(i * 2)).toBe(v & 0xffff));
  });

  it('makes one bucket key per band: the band\'s number, then its bytes, as SQL can rebuild them', () => {
    const { signature: packed, buckets } = print(WIRE)!;
    expect(buckets).toHaveLength(NEAR_COPY.bands);
    const width = 2 * NEAR_COPY.rows;
    buckets.forEach((key, b) => {
      expect(key[0]).toBe(b);
      expect(key.subarray(1)).toEqual(packed.subarray(width * b, width * (b + 1)));
    });
    const changed = Buffer.from(packed);
    changed[width + 1] = changed[width + 1]! ^ 1; // a byte of band 1
    const after = bucketKeys(changed);
    expect(after.filter((k, i) => !k.equals(buckets[i]!))).toEqual([after[1]]);
    expect(() => bucketKeys(packed, NEAR_COPY.hashes, 3)).toThrow(/does not make/);
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
    expect(jaccard(shingles(terms(BOILERPLATE_ONE)), shingles(terms(BOILERPLATE_TWO)))).toBeGreaterThan(0.4); // the boilerplate is most of each
    expect(similarity(BOILERPLATE_ONE, BOILERPLATE_TWO)).toBeLessThan(t);
    expect(similarity(MARKET_MONDAY, MARKET_TUESDAY)).toBeLessThan(t);
  });

  it('very short texts get no fingerprint: too little to tell a copy from a coincidence', () => {
    expect(print(SHORT_ONE)).toBeUndefined();
    expect(print(SHORT_TWO)).toBeUndefined();
    expect(fingerprint(Array(500).fill('word'))).toBeUndefined(); // one distinct shingle, however long
    const ts = terms(WIRE);
    // n terms make n − 4 shingles
    expect(fingerprint(ts.slice(0, NEAR_COPY.minShingles + 4))).toBeDefined();
    expect(fingerprint(ts.slice(0, NEAR_COPY.minShingles + 3))).toBeUndefined();
  });
});

const PINNED_SIGNATURE = 'eddbaf7013180dff';
const PINNED_BUCKET = '00eddbaf701318';
