// The publication date a page states in its JSON-LD (<script type="application/ld+json">): each block is
// parsed with JSON.parse inside try and checked with zod, top-level arrays and @graph arrays included.
// An article-like node (NewsArticle, BlogPosting, …) wins over any other node that has a datePublished.
import { z } from 'zod';

const MAX_BLOCKS = 20;
const MAX_NODES = 200;

const LdNode = z.looseObject({
  '@type': z.union([z.string(), z.array(z.string())]).optional(),
  datePublished: z.string().min(1).optional(),
  '@graph': z.array(z.unknown()).optional(),
});
type LdNode = z.infer<typeof LdNode>;

const ARTICLE_TYPE = /(Article|BlogPosting|Report|LiveBlogPosting|SocialMediaPosting)$/;

function isArticle(node: LdNode): boolean {
  const types = Array.isArray(node['@type']) ? node['@type'] : [node['@type'] ?? ''];
  return types.some((t) => ARTICLE_TYPE.test(t));
}

/** The nodes of one JSON-LD block: a node, an array of nodes, or a node holding an @graph array. */
function nodesOf(data: unknown, out: LdNode[]): void {
  const queue: unknown[] = [data];
  while (queue.length > 0 && out.length < MAX_NODES) {
    const next = queue.shift();
    if (Array.isArray(next)) {
      queue.push(...next.slice(0, MAX_NODES));
      continue;
    }
    const node = LdNode.safeParse(next);
    if (!node.success) continue;
    out.push(node.data);
    if (node.data['@graph']) queue.push(...node.data['@graph'].slice(0, MAX_NODES));
  }
}

/** datePublished from a page's JSON-LD blocks (their raw text), or undefined when none states one. */
export function jsonLdDatePublished(blocks: readonly string[]): string | undefined {
  const nodes: LdNode[] = [];
  for (const block of blocks.slice(0, MAX_BLOCKS)) {
    try {
      nodesOf(JSON.parse(block) as unknown, nodes);
    } catch {
      // a broken block is skipped: pages often carry invalid JSON-LD
    }
  }
  const dated = nodes.filter((n) => n.datePublished?.trim());
  return (dated.find(isArticle) ?? dated[0])?.datePublished?.trim();
}
