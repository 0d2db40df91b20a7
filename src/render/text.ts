// Brief and Answer as plain text (with light Markdown): the console adapter and the CLI print this.
import type { Answer, Brief, Citation, KeyPoint, Story } from '../domain.js';
import { echo } from './echo.js';

function sourceLine(story: Story): string {
  return story.documents.map((d, i) => `[${i + 1}] ${d.source}${d.publishedAt ? ` (${d.publishedAt.slice(0, 10)})` : ''}: ${d.title}`).join('\n   ');
}

function refs(story: Story, citations: readonly Citation[]): string {
  const numbers = citations.map((c) => story.documents.findIndex((d) => d.documentId === c.documentId) + 1);
  return [...new Set(numbers)].sort((a, b) => a - b).map((n) => `[${n}]`).join('');
}

function point(story: Story, p: KeyPoint, withQuotes: boolean): string {
  const mark = p.onlyIn ? ` (only in ${p.onlyIn})` : '';
  const lines = [`   • ${p.text} ${refs(story, p.citations)}${mark}`];
  if (withQuotes) {
    for (const c of p.citations) if (c.quote !== p.text) lines.push(`       ↳ ${c.source}: “${c.quote}”`);
  }
  return lines.join('\n');
}

export function briefToText(brief: Brief): string {
  const about = brief.request.topic ? ` about “${echo(brief.request.topic)}”` : '';
  const n = brief.stories.length;
  const kind = brief.request.since ? `Digest of what is new since ${utcMinute(brief.request.since)}` : 'Brief';
  const out = [`${kind}${about}: ${n} ${n === 1 ? 'story' : 'stories'} (${brief.method})`];
  brief.stories.forEach((s, i) => {
    out.push('', `${i + 1}. ${s.headline}`, `   ${sourceLine(s)}`, '   Key points:');
    out.push(...s.keyPoints.map((p, k) => point(s, p, true).replace('   •', `   ${k + 1}.`)));
    if (new Set(s.documents.map((d) => d.source)).size > 1) {
      // agreement points already listed as key points are referred to by number, not repeated
      const shared = s.keyPoints.flatMap((p, k) => (p.citations.length > 1 && !p.onlyIn ? [k + 1] : []));
      const keyTexts = new Set(s.keyPoints.map((p) => p.text));
      const extra = s.agreement.filter((p) => !keyTexts.has(p.text));
      const head = shared.length ? `key points ${shared.join(', ')}` : extra.length ? '' : 'no point reported by more than one outlet';
      out.push(`   Outlets agree on: ${head}`);
      out.push(...extra.map((p) => point(s, p, false)));
      if (s.differences.length) {
        out.push('   Reported by one outlet only:');
        out.push(...s.differences.map((p) => point(s, p, false)));
      }
    }
  });
  for (const note of brief.notes) out.push('', `Note: ${note}`);
  return out.join('\n');
}

export function answerToText(answer: Answer): string {
  const notes = (answer.notes ?? []).map((n) => `Note: ${n}`);
  if (answer.status === 'not_found') return [answer.text, ...notes].join('\n');
  const text = answer.span ? answer.text.replace(answer.span, `**${answer.span}**`) : answer.text;
  const cites = answer.citations.map((c, i) => `  [${i + 1}] ${c.source}, “${c.title}”${c.url ? ` <${c.url}>` : ''}${i > 0 || c.quote !== answer.text ? `: “${c.quote}”` : ''}`);
  return [`${text}`, 'Sources:', ...cites, ...notes].join('\n');
}

/** Plain text of a brief (headlines and points), stored with feedback votes. */
export function briefPlainText(brief: Brief): string {
  return brief.stories.map((s) => [s.headline, ...s.keyPoints.map((p) => `- ${p.text}`)].join('\n')).join('\n\n');
}

/** "2026-06-01T07:00:00.000Z" → "2026-06-01 07:00 UTC". */
export function utcMinute(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}
