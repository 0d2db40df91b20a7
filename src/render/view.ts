// What every renderer says, in the same words, before any platform markup: labels, counts and the text of the
// digest listings. Renderers (text here; Slack and Discord in their adapters) add markup and escaping only.
import type { Answer, Method, Source } from '../domain.js';
import { utcMinute } from './text.js';

export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** How a brief or answer was made, for its footer. */
export function methodLabel(method: Method, kind: 'brief' | 'answer'): string {
  if (method === 'llm') return `LLM ${kind === 'brief' ? 'summary' : 'answer'}, checked against the quoted sources`;
  return `Extractive ${kind === 'brief' ? 'summary' : 'answer'}: sentences quoted from the sources`;
}

/** An answer's footer: how it was made, then its notes (a dropped sentence, a fallback from the model). */
export function answerFooter(answer: Pick<Answer, 'method' | 'notes'>): string {
  return [methodLabel(answer.method, 'answer'), ...(answer.notes ?? [])].join(' · ');
}

/** A heading and its lines, or one sentence when there is nothing to list; all plain text, unescaped. */
export type Listing = { heading: string; lines: string[] } | { empty: string };

/** A channel's digest subscriptions (`descriptions` from describeSubscription). `how`: how to set one up. */
export function subscriptionsListing(descriptions: readonly string[], how: string): Listing {
  if (descriptions.length === 0) return { empty: `This channel has no scheduled digests. Set one up with ${how}.` };
  return { heading: `Scheduled digests in this channel (${descriptions.length}):`, lines: [...descriptions] };
}

/** The outlets behind a channel's digest and how many of their articles fall in the current window. */
export function sourcesListing(report: { since: string; sources: readonly { source: string; documents: number }[] }): Listing {
  const since = utcMinute(report.since);
  if (report.sources.length === 0) return { empty: `No articles have come in since ${since}, so a digest now would have nothing new.` };
  return {
    heading: `Outlets feeding this channel's digest, articles since ${since}:`,
    lines: report.sources.map((s) => `${s.source}: ${plural(s.documents, 'article', 'articles')}`),
  };
}

/** The feeds the bot follows, one line each: name, address, what it brought, and why it is failing if it is. */
export function followedListing(sources: readonly Source[]): Listing {
  if (sources.length === 0) return { empty: 'I follow no feeds yet: an admin can add one with `/brief sources add <url>`.' };
  return {
    heading: `Feeds I follow (${sources.length}):`,
    lines: sources.map((s) => {
      const read = s.lastSuccessAt ? `last read ${utcMinute(s.lastSuccessAt)}` : 'not read yet';
      const failing = s.lastError ? `; failing ${plural(s.failures, 'time', 'times')} in a row: ${s.lastError}` : '';
      return `${s.name ?? new URL(s.url).hostname} (${s.url}): ${plural(s.itemsStored, 'article', 'articles')}, ${read}${failing}`;
    }),
  };
}
