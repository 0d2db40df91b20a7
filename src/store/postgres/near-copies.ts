// Near copies (wire copy) for a whole batch at once: the same choice SqliteDocumentStore.copyGroupOf makes for each
// document in turn, in two queries instead of one per document and one per candidate. SQLite reads a document's
// candidates from its LSH buckets (bucket by bucket in key order, each bucket's documents in id order, earlier
// documents of the batch included since they are already written), keeps the MAX_CANDIDATES sharing the most
// buckets (ties: first met), and takes the most similar of another source at or above the threshold (ties: first
// stored). Which candidates a document has depends on bucket keys alone, so the stored ones of every document are
// read first, and the batch is then judged in order in memory.
import { estimatePacked, NEAR_COPY, type Fingerprint } from '../../text/minhash.js';
import type { Db } from './db.js';

/** As SQLite's MAX_CANDIDATES. */
const MAX_CANDIDATES = 50;

export interface CopyInput {
  id: string;
  source: string;
  print: Fingerprint | undefined;
}

interface Candidate {
  /** Insertion order: stored documents by their seq, then the batch's in order. */
  seq: number;
  id: string;
  source: string;
  copyOf: string | undefined;
  signature: Uint8Array | null;
}

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** Every document of a batch's copy group (see DocumentStore.add), in the batch's order; undefined when it is none's copy. */
export async function copyGroups(db: Db, batch: readonly CopyInput[]): Promise<(string | undefined)[]> {
  const keys = new Map<string, Buffer>();
  for (const d of batch) for (const b of d.print?.buckets ?? []) keys.set(hex(b), Buffer.from(b));
  if (keys.size === 0) return batch.map(() => undefined);
  // every stored document sharing a bucket with one of the batch, bucket by bucket, ids in order within each
  const { rows } = await db.query<{ bucket: Buffer; document_id: string }>(
    'SELECT bucket, document_id FROM near_copy_buckets WHERE bucket = ANY($1::bytea[]) ORDER BY bucket, document_id',
    [[...keys.values()]],
  );
  const members = new Map<string, string[]>();
  for (const r of rows) {
    const k = r.bucket.toString('hex');
    members.get(k)?.push(r.document_id) ?? members.set(k, [r.document_id]);
  }
  // the candidates of each document: stored ones and the batch's earlier ones, by buckets shared
  const earlier = new Map<string, string[]>();
  const shortlists = batch.map((d) => {
    const hits = new Map<string, number>();
    // bucket keys start with their band's number, so key order is band order (bucketKeys' order)
    const buckets = [...(d.print?.buckets ?? [])].sort(Buffer.compare).map(hex);
    for (const k of buckets) {
      const mine = earlier.get(k);
      const ids = mine ? [...(members.get(k) ?? []), ...mine].sort(byBytes) : members.get(k) ?? [];
      for (const id of ids) hits.set(id, (hits.get(id) ?? 0) + 1);
    }
    for (const k of buckets) earlier.get(k)?.push(d.id) ?? earlier.set(k, [d.id]);
    return [...hits.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_CANDIDATES).map(([id]) => id);
  });
  const inBatch = new Map(batch.map((d, i) => [d.id, i]));
  const storedIds = [...new Set(shortlists.flat().filter((id) => !inBatch.has(id)))];
  const stored = new Map<string, Candidate>();
  if (storedIds.length > 0) {
    const found = await db.query<{ seq: string; id: string; source: string; copy_of: string | null; signature: Buffer | null }>(
      'SELECT seq, id, source, copy_of, near_copy_signature AS signature FROM documents WHERE id = ANY($1::text[])',
      [storedIds],
    );
    for (const r of found.rows) stored.set(r.id, { seq: Number(r.seq), id: r.id, source: r.source, copyOf: r.copy_of ?? undefined, signature: r.signature });
  }
  const groups: (string | undefined)[] = [];
  batch.forEach((d, i) => {
    if (!d.print) {
      groups.push(undefined);
      return;
    }
    let best: { row: Candidate; sim: number } | undefined;
    for (const id of shortlists[i]!) {
      const k = inBatch.get(id);
      const row: Candidate | undefined = k === undefined ? stored.get(id)
        : { seq: Number.MAX_SAFE_INTEGER - batch.length + k, id, source: batch[k]!.source, copyOf: groups[k], signature: batch[k]!.print?.signature ?? null };
      if (!row?.signature || row.source === d.source) continue;
      const sim = estimatePacked(d.print.signature, row.signature);
      // the most alike; between equals, the first stored
      if (sim >= NEAR_COPY.threshold && (!best || sim > best.sim || (sim === best.sim && row.seq < best.row.seq))) best = { row, sim };
    }
    groups.push(best && (best.row.copyOf ?? best.row.id));
  });
  return groups;
}

function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
