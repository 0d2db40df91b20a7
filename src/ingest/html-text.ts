// Visible text of HTML, one paragraph per block: block elements and <br> break lines, inline elements
// do not, and script/style/iframe/embedded content never reaches the text. Walks the linkedom tree
// iteratively (no recursion, so hostile nesting depth cannot overflow the stack).
import { parseHTML } from 'linkedom';

const BLOCK = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DETAILS', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER',
  'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY',
  'TABLE', 'TD', 'TH', 'TR', 'UL',
]);
/** Never text: code, styling, embedded documents and objects, form controls. */
const SKIP = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'FRAME', 'FRAMESET', 'OBJECT', 'EMBED', 'APPLET', 'SVG', 'MATH',
  'CANVAS', 'HEAD', 'TITLE', 'META', 'LINK', 'BUTTON', 'SELECT', 'TEXTAREA', 'INPUT', 'FORM',
]);

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

interface MinimalNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<MinimalNode>;
}

/** Paragraphs of a parsed node's visible text, in order, whitespace collapsed (kept inside <pre>). */
export function nodeToParagraphs(root: MinimalNode): string[] {
  const parts: string[] = [];
  // a stack of nodes to visit, with markers for "leaving a block" and "leaving a <pre>"
  const stack: Array<MinimalNode | 'end-block' | 'end-pre'> = [];
  const pushChildren = (node: MinimalNode): void => {
    for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]!);
  };
  let pre = 0;
  pushChildren(root);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node === 'end-block') {
      parts.push('\n');
      continue;
    }
    if (node === 'end-pre') {
      pre--;
      parts.push('\n');
      continue;
    }
    if (node.nodeType === TEXT_NODE) {
      const text = node.textContent ?? '';
      parts.push(pre > 0 ? text : text.replace(/\s+/g, ' '));
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue; // comments, processing instructions
    const tag = node.nodeName.toUpperCase();
    if (SKIP.has(tag)) continue;
    if (tag === 'BR') {
      parts.push('\n');
      continue;
    }
    if (tag === 'PRE') {
      pre++;
      parts.push('\n');
      stack.push('end-pre');
    } else if (BLOCK.has(tag)) {
      parts.push('\n');
      stack.push('end-block');
    }
    pushChildren(node);
  }
  return parts
    .join('')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00A0]+/g, ' ').trim())
    .filter(Boolean);
}

/** Visible text of an HTML fragment or page: paragraphs separated by a blank line. */
export function htmlToText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  return nodeToParagraphs(document.body as unknown as MinimalNode).join('\n\n');
}
