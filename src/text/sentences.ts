// Sentence splitting on ICU's sentence segmenter (built into Node), plus a repair pass for
// abbreviations ICU does not know ("Mr.", "Jan.", "U.S.") that would otherwise end a sentence.
const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

const ABBREVIATIONS = new Set(
  [
    'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'gen', 'col', 'lt', 'sgt', 'capt', 'gov', 'sen', 'rep', 'pres',
    'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
    'no', 'vs', 'etc', 'inc', 'ltd', 'co', 'corp', 'approx', 'est', 'dept', 'fig', 'vol', 'mt', 'ft',
  ],
);

function endsWithAbbreviation(s: string): boolean {
  const end = s.trimEnd();
  if (!end.endsWith('.')) return false;
  // only the last word matters; looking at the tail keeps this cheap on long paragraphs
  const m = /(?:^|[\s(“"'])([A-Za-z][A-Za-z.]*)\.$/.exec(end.slice(-24));
  if (!m?.[1]) return false;
  const word = m[1].toLowerCase();
  // initials and dotted acronyms: "J.", "U.S.", "p.m."
  if (/^[a-z]$/.test(word) || /^([a-z]\.)+[a-z]$/.test(word)) return true;
  return ABBREVIATIONS.has(word);
}

/** Splits one paragraph of text into sentences (trimmed, non-empty). */
export function splitSentences(text: string): string[] {
  const parts: string[] = [];
  let paragraphEnded = true;
  // a missing space after a full stop ("was using.The man") hides a sentence boundary from ICU
  const spaced = text.replace(/([a-z]{2}[.!?][”"’']?)(?=[A-Z][a-z])/g, '$1 ');
  // One ICU pass over the whole text: it breaks after every line break, so paragraphs stay apart.
  for (const { segment } of segmenter.segment(spaced)) {
    const s = segment.trim();
    if (!s) continue;
    const prev = parts[parts.length - 1];
    // Join a fragment to the previous piece (same paragraph only) when that piece ended on an abbreviation,
    // or when the fragment starts in lower case / with a digit (a sentence never does after a real stop).
    // Joined as written (the raw segment keeps its spacing), so "<!channel>" stays "<!channel>".
    if (prev !== undefined && !paragraphEnded && (endsWithAbbreviation(prev) || /^[a-z0-9,;)]/.test(s))) {
      parts[parts.length - 1] = prev + segment;
    } else {
      parts.push(segment);
    }
    paragraphEnded = /\n\s*$/.test(segment);
  }
  return parts.map((p) => p.replace(/\s+/g, ' ').trim());
}
