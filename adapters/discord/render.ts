// Brief/Answer → Discord message payloads (embeds). Every Discord limit is enforced here, so the handlers
// can send what they get without checking lengths. Article text is escaped so it cannot break layout.
import { escapeMarkdown, type APIEmbed, type APIEmbedField, type MessageMentionOptions } from 'discord.js';
import type { Answer, Brief, Citation, KeyPoint, Story } from '../../src/domain.js';
import { answerFooter, methodLabel, type Listing } from '../../src/render/view.js';
import { echo } from '../../src/render/echo.js';

export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  embedsPerMessage: 10,
  /** Sum of every embed's title, description, field names/values, footer text and author name. */
  totalPerMessage: 6000,
  /** An embed's own URL. */
  url: 2048,
} as const;

/**
 * The answer to an interaction whose shape this version does not know (a stale registration after an upgrade, a
 * rolling deploy): Discord would otherwise tell the user "The application did not respond".
 */
export const OUT_OF_DATE = 'That command or button is out of date (I was updated since it was made). Type `/brief` again to use the current one.';

/** Nobody is pinged by anything the bot sends, including the person it replies to. */
export const NO_PINGS: MessageMentionOptions = { parse: [], repliedUser: false };

export interface DiscordMessagePayload {
  content?: string;
  embeds: APIEmbed[];
}

const COLOR = 0x3b82f6;
const MAX_SOURCES_PER_POINT = 5;
const MAX_SOURCES_FIELD_ITEMS = 10;
const MAX_ANSWER_CITATIONS = 10;

/** Escapes markdown that would change layout, and defuses mention syntax visually
 * (allowedMentions is what guarantees nobody is pinged; this keeps "@everyone" from looking like one). */
export function escapeDiscord(text: string): string {
  return escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true })
    .replace(/@(everyone|here)/g, '@\u200b$1')
    .replace(/<(@[!&]?|#)(\d+)>/g, '<\u200b$1$2>');
}

/** Cuts at a word boundary and adds an ellipsis; `max` counts UTF-16 units, as Discord does. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, max);
  let cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  if (space > max * 0.6) cut = cut.slice(0, space);
  // Don't leave a dangling backslash escape or half a surrogate pair.
  cut = cut.replace(/\\+$/, (m) => (m.length % 2 ? m.slice(1) : m)).replace(/[\uD800-\uDBFF]$/, '');
  return `${cut}…`;
}

/**
 * A masked link when the URL is safe to embed and the link fits in `max` characters, else the escaped label alone
 * (an aggregator's or tracker's URL runs to thousands of characters; the label is what a reader needs).
 */
function link(label: string, url: string | undefined, max: number = DISCORD_LIMITS.fieldValue): string {
  const safeLabel = escapeDiscord(label.replace(/[[\]]/g, ''));
  const masked = url && /^https?:\/\/[^\s]+$/i.test(url) ? `[${safeLabel}](${url.replace(/\)/g, '%29')})` : undefined;
  return masked && masked.length <= max ? masked : truncate(safeLabel, max);
}

export function embedSize(e: APIEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

function uniqueSources(citations: readonly Citation[]): Citation[] {
  const seen = new Set<string>();
  return citations.filter((c) => (seen.has(c.documentId) ? false : (seen.add(c.documentId), true)));
}

/** Characters a key point's text keeps however many sources it cites. */
const POINT_TEXT_MIN = 80;

/**
 * One key point as a block of at most `maxChars`: its text may be shortened; each source is cited whole, as a link,
 * or as its name alone when the link would not fit, and those that fit in no way are counted ("+N more").
 */
function keyPointBlock(point: KeyPoint, maxChars: number): string {
  const sources = uniqueSources(point.citations);
  // A point from one outlet says so ("only in X"); a shared point lists every outlet that reports it.
  const only = point.onlyIn !== undefined && sources.length === 1 && sources[0]?.source === point.onlyIn;
  const prefix = only ? '\n  — *only in* ' : '\n  — ';
  const suffix = point.onlyIn && !only ? ` · *only in ${truncate(escapeDiscord(point.onlyIn), 100)}*` : '';
  const budget = Math.max(0, maxChars - POINT_TEXT_MIN - prefix.length - suffix.length - ' · +99 more'.length);
  const shown: string[] = [];
  let used = 0;
  for (const c of sources.slice(0, MAX_SOURCES_PER_POINT)) {
    const room = budget - used - (shown.length ? 3 : 0);
    if (room <= 0) break;
    const item = link(c.source, c.url, Math.min(room, DISCORD_LIMITS.fieldValue));
    if (item.length > room || item === '…') break;
    shown.push(item);
    used += item.length + (shown.length > 1 ? 3 : 0);
  }
  if (sources.length > shown.length) shown.push(`+${sources.length - shown.length} more`);
  const cite = `${prefix}${shown.join(' · ')}${suffix}`;
  return `• ${truncate(escapeDiscord(point.text.trim()), Math.max(1, maxChars - cite.length - 2))}${cite}`;
}

function sourcesField(story: Story): APIEmbedField {
  const docs = story.documents.slice(0, MAX_SOURCES_FIELD_ITEMS);
  const lines: string[] = [];
  let used = 0;
  for (const d of docs) {
    const date = d.publishedAt ? ` (${d.publishedAt.slice(0, 10)})` : '';
    const line = `${link(`${d.source}: ${truncate(d.title, 120)}`, d.url, DISCORD_LIMITS.fieldValue - 60)}${escapeDiscord(date)}`;
    if (used + line.length + 40 > DISCORD_LIMITS.fieldValue) break;
    lines.push(line);
    used += line.length + 1;
  }
  const rest = story.documents.length - lines.length;
  if (rest > 0) lines.push(`+${rest} more`);
  return { name: story.documents.length === 1 ? 'Source' : `Sources (${story.documents.length})`, value: lines.join('\n') };
}

/** A story as one embed, or several when its key points exceed one description. */
function storyEmbeds(story: Story, footer: string): APIEmbed[] {
  const title = truncate(escapeDiscord(story.headline), DISCORD_LIMITS.embedTitle);
  const contTitle = `${truncate(escapeDiscord(story.headline), DISCORD_LIMITS.embedTitle - 12)} (continued)`;
  const field = sourcesField(story);
  const url = story.documents.find((d) => d.url && /^https?:\/\//i.test(d.url) && d.url.length <= DISCORD_LIMITS.url)?.url;
  // Each embed must also fit alone in a message's 6,000-character budget.
  const budget = (t: string, fields: number) =>
    Math.min(DISCORD_LIMITS.embedDescription, DISCORD_LIMITS.totalPerMessage - t.length - footer.length - fields);
  const firstBudget = budget(title, field.name.length + field.value.length);
  const blocks = story.keyPoints.map((p) => keyPointBlock(p, Math.min(firstBudget, budget(contTitle, 0))));
  if (blocks.length === 0) blocks.push('*No key points could be extracted for this story.*');

  const descriptions: string[] = [];
  let current = '';
  for (const block of blocks) {
    const limit = descriptions.length === 0 ? firstBudget : budget(contTitle, 0);
    const next = current ? `${current}\n${block}` : block;
    if (next.length > limit && current) {
      descriptions.push(current);
      current = block;
    } else current = next;
  }
  descriptions.push(current);

  return descriptions.map((description, i) => ({
    title: i === 0 ? title : contTitle,
    ...(i === 0 && url ? { url } : {}),
    description,
    ...(i === 0 ? { fields: [field] } : {}),
    color: COLOR,
    footer: { text: footer },
  }));
}

/** Packs embeds into messages: at most 10 per message and 6,000 characters in total. */
function pack(embeds: APIEmbed[]): APIEmbed[][] {
  const messages: APIEmbed[][] = [];
  let current: APIEmbed[] = [];
  let size = 0;
  for (const e of embeds) {
    const s = embedSize(e);
    if (current.length > 0 && (current.length >= DISCORD_LIMITS.embedsPerMessage || size + s > DISCORD_LIMITS.totalPerMessage)) {
      messages.push(current);
      current = [];
      size = 0;
    }
    current.push(e);
    size += s;
  }
  if (current.length) messages.push(current);
  return messages;
}

/** A brief as one or more messages: a header line, then one embed per story (more if a story is long). */
export function renderBriefMessages(brief: Brief): DiscordMessagePayload[] {
  const topic = brief.request.topic ? ` on “${escapeDiscord(echo(brief.request.topic))}”` : '';
  const notes = brief.notes.map((n) => escapeDiscord(n)).join(' · ');
  const method = methodLabel(brief.method, 'brief');
  const lastFooter = truncate(notes ? `${method} · ${notes}` : method, DISCORD_LIMITS.footer);

  if (brief.stories.length === 0) {
    const content = truncate(`**Brief${topic}**: no stories found. Try another topic, or ingest more articles.${notes ? `\n-# ${notes}` : ''}`, DISCORD_LIMITS.content);
    return [{ content, embeds: [] }];
  }
  const embeds = brief.stories.flatMap((s) => storyEmbeds(s, method));
  const last = embeds[embeds.length - 1];
  // Notes go on the final embed; recheck that it still fits its message budget.
  if (last && notes) {
    last.footer = { text: lastFooter };
    const over = embedSize(last) - DISCORD_LIMITS.totalPerMessage;
    if (over > 0) last.footer = { text: truncate(lastFooter, Math.max(1, lastFooter.length - over)) };
  }
  const docs = new Set(brief.stories.flatMap((s) => s.documents.map((d) => d.documentId))).size;
  const n = brief.stories.length;
  const header = `**Brief${topic}**: ${n} ${n === 1 ? 'story' : 'stories'} from ${docs} ${docs === 1 ? 'article' : 'articles'}`;
  const groups = pack(embeds);
  return groups.map((group, i) => ({
    content: truncate(i === 0 ? header : `*(brief continued, ${i + 1}/${groups.length})*`, DISCORD_LIMITS.content),
    embeds: group,
  }));
}

function citationField(c: Citation, n: number, maxValue: number): APIEmbedField {
  const name = truncate(`[${n}] ${escapeDiscord(c.source)}`, 100);
  const max = Math.min(DISCORD_LIMITS.fieldValue, maxValue);
  // the quote keeps at least a few words; the reference is a link, or the title alone when the link is too long
  const ref = link(truncate(c.title, 200), c.url, Math.max(1, Math.min(300, max - 40)));
  const room = Math.max(1, max - ref.length - 3);
  return { name, value: `> ${truncate(escapeDiscord(c.quote.replace(/\s+/g, ' ').trim()), room)}\n${ref}` };
}

/** An answer as one message: quotes and sources in an embed; "not found" as a plain sentence. */
export function renderAnswerMessage(answer: Answer): DiscordMessagePayload {
  if (answer.status === 'not_found') {
    return { content: truncate(escapeDiscord(answer.text), DISCORD_LIMITS.content), embeds: [] };
  }
  const seen = new Set<string>();
  const cites = answer.citations.filter((c) => {
    const k = `${c.documentId}\u0000${c.quote}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
  const shown = cites.slice(0, MAX_ANSWER_CITATIONS);
  const more = cites.length - shown.length;
  const footer = truncate(`${answerFooter(answer)}${more > 0 ? ` · +${more} more sources` : ''}`, DISCORD_LIMITS.footer);
  const title = truncate(escapeDiscord(answer.question), DISCORD_LIMITS.embedTitle);
  const span = answer.span && answer.span.trim() !== answer.text.trim() ? `**${escapeDiscord(answer.span.trim())}**\n\n` : '';
  const text = `${span}${escapeDiscord(answer.text.trim())}`;
  // Split the 6,000-character message budget: the answer text first (up to 1,500), the quotes share the rest.
  const fixed = title.length + footer.length + Math.min(text.length, 1500) + shown.length * 60;
  const perField = shown.length ? Math.floor((DISCORD_LIMITS.totalPerMessage - fixed) / shown.length) : 0;
  const fields = shown.map((c, i) => citationField(c, i + 1, perField));
  const fieldChars = fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const room = Math.min(DISCORD_LIMITS.embedDescription, DISCORD_LIMITS.totalPerMessage - title.length - footer.length - fieldChars);
  return { embeds: [{ title, description: truncate(text, room), fields, color: COLOR, footer: { text: footer } }] };
}

/** A listing (src/render/view.ts: subscriptions, digest outlets, followed feeds) as one message. */
export function renderListing(listing: Listing): string {
  if ('empty' in listing) return listing.empty;
  return truncate([`**${escapeDiscord(listing.heading)}**`, ...listing.lines.map((l) => `• ${escapeDiscord(l)}`)].join('\n'), DISCORD_LIMITS.content);
}
