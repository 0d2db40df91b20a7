// Brief/Answer → Slack Block Kit. Everything from articles is escaped so it can never ping or break
// formatting; messages respect Slack's limits and are split only between whole blocks (never mid-citation).
import type { Answer, Brief, Citation, KeyPoint, Story } from '../../src/domain.js';
import { answerFooter, methodLabel, type Listing } from '../../src/render/view.js';

export const SLACK_LIMITS = {
  sectionText: 3000,
  blocksPerMessage: 50,
  contextElements: 10,
  contextText: 2000,
  fallbackText: 3000,
  buttonValue: 2000,
  /** Our own budget for all block text in one message; keeps payloads well under Slack's size limits. */
  messageChars: 12_000,
} as const;

export interface PlainText { type: 'plain_text'; text: string; emoji?: boolean }
export interface Mrkdwn { type: 'mrkdwn'; text: string; verbatim?: boolean }
export interface Button { type: 'button'; action_id: string; value: string; text: PlainText; style?: 'primary' | 'danger' }
export type SlackBlock =
  | { type: 'section'; text: Mrkdwn }
  | { type: 'context'; elements: Mrkdwn[] }
  | { type: 'divider' }
  | { type: 'header'; text: PlainText }
  | { type: 'actions'; block_id?: string; elements: Button[] };
export interface SlackMessage { text: string; blocks: SlackBlock[] }

export const FEEDBACK_UP = 'feedback_up';
export const FEEDBACK_DOWN = 'feedback_down';

const ZWSP = '\u200B';

/** Escapes the three characters Slack treats as control characters. */
export function escapeSlack(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Inverse of safeText for reading our own messages back (thread history). */
export function unescapeSlack(s: string): string {
  return s.replaceAll(ZWSP, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const isBoundary = (c: string | undefined): boolean => c === undefined || /[\s\p{P}\p{S}]/u.test(c);

/**
 * Untrusted text → mrkdwn that shows literally: one line, &<> escaped (so `<!channel>`, `<@U1>` are inert),
 * bare @here/@channel/@everyone broken, and *_~` at word boundaries fenced with zero-width spaces so they
 * cannot open or close bold/italic/strike/code. Mid-word ones (file names like 002_ea08) are left alone.
 */
export function safeText(raw: string): string {
  const escaped = escapeSlack(raw.replace(/\s+/g, ' ').trim()).replace(/@(channel|here|everyone)\b/gi, `@${ZWSP}$1`);
  let out = '';
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i] as string;
    if ('*_~`'.includes(c) && (isBoundary(escaped[i - 1]) || isBoundary(escaped[i + 1]))) out += ZWSP + c + ZWSP;
    else out += c;
  }
  // "&gt;" at the start of a line would render as a block quote.
  return out.startsWith('&gt;') ? ZWSP + out : out;
}

/** Cuts already-safe text to `max` chars with an ellipsis, never inside an entity or a surrogate pair. */
export function clip(safe: string, max: number): string {
  if (safe.length <= max) return safe;
  let cut = safe.slice(0, Math.max(0, max - 1));
  const amp = cut.lastIndexOf('&');
  if (amp >= 0 && !cut.slice(amp).includes(';')) cut = cut.slice(0, amp);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/**
 * A mrkdwn link; only http(s) URLs are linked, anything else shows the label alone, and so does a link longer than
 * `max` (an aggregator's or tracker's URL runs to thousands of characters). Never cut: clip() would break it.
 */
export function link(url: string | undefined, safeLabel: string, max = Number.POSITIVE_INFINITY): string {
  if (!url || !/^https?:\/\//i.test(url)) return safeLabel;
  const href = url.replace(/[<>|\s]/g, (c) => encodeURIComponent(c));
  const linked = `<${href}|${safeLabel}>`;
  return linked.length <= max ? linked : safeLabel;
}

/** Items joined by `separator` within `max` characters, whole or not at all; what does not fit is counted ("+N more"). */
function fitList(items: readonly string[], separator: string, max: number): string {
  const out: string[] = [];
  let used = 0;
  for (const [i, item] of items.entries()) {
    const more = i < items.length - 1 ? ` +${items.length - i - 1} more`.length : 0;
    const add = (out.length ? separator.length : 0) + item.length;
    if (used + add + more > max) {
      out.push(`+${items.length - i} more`);
      break;
    }
    out.push(item);
    used += add;
  }
  return out.join(separator);
}

const section = (text: string): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text, verbatim: true } });
const context = (texts: string[]): SlackBlock => ({
  type: 'context',
  elements: texts.slice(0, SLACK_LIMITS.contextElements).map((t) => ({ type: 'mrkdwn', text: clip(t, SLACK_LIMITS.contextText), verbatim: true })),
});

export function feedbackBlock(value: string): SlackBlock {
  if (value.length > SLACK_LIMITS.buttonValue) throw new Error('feedback button value too long');
  const button = (action_id: string, emoji: string): Button => ({ type: 'button', action_id, value, text: { type: 'plain_text', text: emoji, emoji: true } });
  return { type: 'actions', block_id: 'feedback', elements: [button(FEEDBACK_UP, '👍'), button(FEEDBACK_DOWN, '👎')] };
}

/** A citation label's longest link: longer ones show as a plain [n]. */
const LABEL_LINK_MAX = 400;

/** Numbers a story's documents [1], [2], …; citations of other documents get the next numbers. */
function citationLabels(story: Story): (c: Citation) => { n: number; text: string } {
  const numbers = new Map<string, number>();
  const urls = new Map<string, string | undefined>();
  for (const d of story.documents) {
    if (!numbers.has(d.documentId)) numbers.set(d.documentId, numbers.size + 1);
    urls.set(d.documentId, d.url);
  }
  return (c) => {
    if (!numbers.has(c.documentId)) numbers.set(c.documentId, numbers.size + 1);
    const n = numbers.get(c.documentId) as number;
    return { n, text: link(c.url ?? urls.get(c.documentId), `[${n}]`, LABEL_LINK_MAX) };
  };
}

/** One key point as a single line; the point's text is clipped if need be, its citation labels never are. */
function keyPointLine(kp: KeyPoint, label: (c: Citation) => { n: number; text: string }): string {
  const seen = new Set<string>();
  const cited = kp.citations
    .filter((c) => !seen.has(c.documentId) && seen.add(c.documentId))
    .map(label)
    .sort((a, b) => a.n - b.n);
  let labels = cited.map((l) => l.text).join('');
  // linked labels that would crowd out the point's text are shown plain: the story's sources line links them
  if (labels.length > SLACK_LIMITS.sectionText / 2) labels = cited.map((l) => `[${l.n}]`).join('');
  const only = kp.onlyIn ? ` · _only in_ ${clip(safeText(kp.onlyIn), 200)}` : '';
  const tail = ` ${labels}${only}`;
  return `• ${clip(safeText(kp.text), SLACK_LIMITS.sectionText - tail.length - 2)}${tail}`;
}

/** Groups lines into as few sections as fit the per-section limit; a line is never split. */
function linesToSections(lines: string[]): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + 1 + line.length > SLACK_LIMITS.sectionText) {
      blocks.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : clip(line, SLACK_LIMITS.sectionText);
  }
  if (current) blocks.push(section(current));
  return blocks;
}

interface Item { block: SlackBlock; keepWithNext?: boolean }

function storyItems(story: Story, n: number): Item[] {
  const head = `${n}. *${clip(safeText(story.headline), 400)}*\nSources: `;
  // whole source entries only (a clipped one broke its link); those that do not fit are counted
  const sources = story.documents.map((d, i) => `[${i + 1}] ${link(d.url, `${clip(safeText(d.source), 100)}: ${clip(safeText(d.title), 200)}`, 600)}`);
  const headText = `${head}${fitList(sources, ' · ', SLACK_LIMITS.sectionText - head.length)}`;
  const label = citationLabels(story);
  return [
    { block: { type: 'divider' }, keepWithNext: true },
    { block: section(headText), keepWithNext: story.keyPoints.length > 0 },
    ...linesToSections(story.keyPoints.map((kp) => keyPointLine(kp, label))).map((block) => ({ block })),
  ];
}

function blockChars(b: SlackBlock): number {
  if (b.type === 'section' || b.type === 'header') return b.text.text.length;
  if (b.type === 'context') return b.elements.reduce((n, e) => n + e.text.length, 0);
  return 0;
}

/** Packs blocks into messages under the block and size budgets; `trailer` goes at the end of the last one. */
export function packMessages(items: Item[], trailer: SlackBlock[] = []): SlackBlock[][] {
  const maxBlocks = SLACK_LIMITS.blocksPerMessage - trailer.length;
  const messages: Item[][] = [[]];
  let chars = 0;
  for (const item of items) {
    let current = messages[messages.length - 1] as Item[];
    const size = blockChars(item.block);
    if (current.length > 0 && (current.length >= maxBlocks || chars + size > SLACK_LIMITS.messageChars)) {
      // Carry trailing headings/dividers over so a story's title stays with its points.
      const carried: Item[] = [];
      while (current.length > 1 && current[current.length - 1]?.keepWithNext) carried.unshift(current.pop() as Item);
      current = [...carried];
      messages.push(current);
      chars = carried.reduce((n, it) => n + blockChars(it.block), 0);
    }
    current.push(item);
    chars += size;
  }
  const out = messages.map((m) => m.map((it) => it.block));
  (out[out.length - 1] as SlackBlock[]).push(...trailer);
  return out;
}

function withFallbacks(parts: SlackBlock[][], first: string, label: string): SlackMessage[] {
  return parts.map((blocks, i) => ({
    blocks,
    text: clip(i === 0 ? first : `${label} (continued, part ${i + 1} of ${parts.length})`, SLACK_LIMITS.fallbackText),
  }));
}

export interface RenderOptions {
  /** When set, the last message carries 👍/👎 buttons with this value. */
  feedbackValue?: string;
  /**
   * At most this many messages (a response_url takes 5): stories are left out from the last until the rest fit,
   * and the brief ends by saying how many and how to see them.
   */
  maxMessages?: number;
}

export function renderBrief(brief: Brief, options: RenderOptions = {}): SlackMessage[] {
  const max = options.maxMessages ?? Number.POSITIVE_INFINITY;
  let shown = brief.stories.length;
  let messages = renderStories(brief, shown, options);
  while (messages.length > max && shown > 1) messages = renderStories(brief, --shown, options);
  return messages;
}

function renderStories(brief: Brief, shown: number, options: RenderOptions): SlackMessage[] {
  const topic = brief.request.topic ? safeText(brief.request.topic) : undefined;
  const count = `${brief.stories.length} ${brief.stories.length === 1 ? 'story' : 'stories'}`;
  const items: Item[] = [
    { block: { type: 'header', text: { type: 'plain_text', text: 'News brief', emoji: true } }, keepWithNext: true },
    { block: context([[topic ? `Topic: ${clip(topic, 200)}` : 'Latest news', count, methodLabel(brief.method, 'brief')].join(' · ')]), keepWithNext: true },
  ];
  if (brief.stories.length === 0) {
    items.push({ block: section(topic ? `I found no stories about _${clip(topic, 200)}_ in my sources.` : 'I found no stories in my sources.') });
  }
  brief.stories.slice(0, shown).forEach((story, i) => items.push(...storyItems(story, i + 1)));
  const left = brief.stories.length - shown;
  if (left > 0) {
    const ask = topic ? `a narrower topic than _${clip(topic, 100)}_` : 'a topic';
    items.push({ block: context([`${left} more ${left === 1 ? 'story' : 'stories'} did not fit: \`/brief &lt;topic&gt;\` with ${ask} shows them.`]) });
  }
  if (brief.notes.length > 0) items.push({ block: context(brief.notes.map((n) => `ℹ️ ${safeText(n)}`)) });
  const trailer = options.feedbackValue ? [feedbackBlock(options.feedbackValue)] : [];
  const headlines = brief.stories.map((s) => safeText(s.headline)).join('; ');
  const first = `News brief${topic ? ` on ${topic}` : ''}: ${count}${headlines ? ` — ${headlines}` : ''}`;
  return withFallbacks(packMessages(items, trailer), first, 'News brief');
}

function citationItem(c: Citation, n: number): Item {
  const source = link(c.url, `${clip(safeText(c.source), 200)}: ${clip(safeText(c.title), 200)}`, 1000);
  const tail = `\n— [${n}] ${source}`;
  return { block: section(`> “${clip(safeText(c.quote), SLACK_LIMITS.sectionText - tail.length - 10)}”${tail}`) };
}

export function renderAnswer(answer: Answer, options: RenderOptions = {}): SlackMessage[] {
  // Line by line: an answer about a digest's story is a headline then one point per line.
  const text = answer.text.split('\n').map(safeText).filter(Boolean).join('\n');
  const items: Item[] = [];
  if (answer.status === 'not_found') {
    items.push({ block: section(clip(`:mag: *I couldn't find an answer to that in my sources.*\n${text}`, SLACK_LIMITS.sectionText)) });
  } else {
    const span = answer.span && answer.span !== answer.text ? `*${clip(safeText(answer.span), 500)}*\n` : '';
    items.push({ block: section(clip(`${span}${text}`, SLACK_LIMITS.sectionText)) });
    const seen = new Set<string>();
    const citations = answer.citations.filter((c) => !seen.has(`${c.documentId}\n${c.quote}`) && seen.add(`${c.documentId}\n${c.quote}`));
    citations.slice(0, 10).forEach((c, i) => items.push(citationItem(c, i + 1)));
    const sources = new Set(citations.map((c) => c.documentId)).size;
    items.push({ block: context([safeText(`Answer from ${sources} ${sources === 1 ? 'source' : 'sources'} · ${answerFooter(answer)}`)]) });
  }
  const trailer = options.feedbackValue ? [feedbackBlock(options.feedbackValue)] : [];
  return withFallbacks(packMessages(items, trailer), text || 'Answer', 'Answer');
}

/** A listing (src/render/view.ts: subscriptions, digest outlets, followed feeds) as one message. */
export function renderListing(listing: Listing): string {
  if ('empty' in listing) return listing.empty;
  return clip([`*${safeText(listing.heading)}*`, ...listing.lines.map((l) => `• ${safeText(l)}`)].join('\n'), SLACK_LIMITS.fallbackText);
}
