// B-cubed clustering scores (Bagga & Baldwin 1998), for any predicted grouping of items against gold clusters.
// Per item: precision = |its predicted group ∩ its gold cluster| / |its predicted group|,
//           recall    = |its predicted group ∩ its gold cluster| / |its gold cluster|;
// both averaged over the gold items with equal weights, and F1 is the harmonic mean of the two averages.
// The prediction is a partition: an item may be in at most one predicted group and one gold cluster.

export interface ItemScore {
  id: string;
  precision: number;
  recall: number;
}

export interface BCubedScores {
  precision: number;
  recall: number;
  f1: number;
  /** Gold items scored (every item of every gold cluster). */
  items: number;
  /** Predicted groups, after adding the missing items as singletons and removing items not in the gold. */
  groups: number;
  /** Gold items absent from the prediction: each was scored as a group of its own (a singleton). */
  missing: string[];
  /** Predicted items that are in no gold cluster: removed from their groups before scoring. */
  unknown: string[];
  perItem: ItemScore[];
}

/**
 * B-cubed precision, recall and F1 of `predicted` (groups of item ids) against `gold` (clusters of item ids).
 * Items of the gold that the prediction leaves out count as singletons (listed in `missing`); predicted items
 * that no gold cluster has are dropped before scoring (listed in `unknown`). Throws when an item appears twice
 * in the gold or in the prediction, or when the gold is empty.
 */
export function bcubed(predicted: readonly (readonly string[])[], gold: readonly (readonly string[])[]): BCubedScores {
  const goldOf = new Map<string, number>();
  gold.forEach((cluster, k) => {
    for (const id of cluster) {
      if (goldOf.has(id)) throw new Error(`bcubed: item ${JSON.stringify(id)} is in more than one gold cluster`);
      goldOf.set(id, k);
    }
  });
  if (goldOf.size === 0) throw new Error('bcubed: the gold clusters have no items');

  const seen = new Set<string>();
  const unknown: string[] = [];
  const groups: string[][] = [];
  for (const group of predicted) {
    const kept: string[] = [];
    for (const id of group) {
      if (seen.has(id)) throw new Error(`bcubed: item ${JSON.stringify(id)} is in more than one predicted group`);
      seen.add(id);
      if (goldOf.has(id)) kept.push(id);
      else unknown.push(id);
    }
    if (kept.length > 0) groups.push(kept);
  }
  const missing = [...goldOf.keys()].filter((id) => !seen.has(id));
  for (const id of missing) groups.push([id]);

  const goldSize = gold.map((c) => c.length);
  const perItem: ItemScore[] = [];
  for (const group of groups) {
    // how many of the group's items each gold cluster holds
    const overlap = new Map<number, number>();
    for (const id of group) {
      const k = goldOf.get(id)!;
      overlap.set(k, (overlap.get(k) ?? 0) + 1);
    }
    for (const id of group) {
      const k = goldOf.get(id)!;
      const both = overlap.get(k)!;
      perItem.push({ id, precision: both / group.length, recall: both / goldSize[k]! });
    }
  }
  const n = perItem.length;
  const precision = perItem.reduce((s, x) => s + x.precision, 0) / n;
  const recall = perItem.reduce((s, x) => s + x.recall, 0) / n;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, items: n, groups: groups.length, missing, unknown, perItem };
}

/** The mean precision and recall of a subset of items (e.g. one gold cluster), from a run's per-item scores. */
export function meanItemScores(items: readonly ItemScore[]): { precision: number; recall: number } {
  if (items.length === 0) return { precision: 0, recall: 0 };
  return {
    precision: items.reduce((s, x) => s + x.precision, 0) / items.length,
    recall: items.reduce((s, x) => s + x.recall, 0) / items.length,
  };
}
