// Tokens, stop words and stems: the shared vocabulary of clustering, summarising and Q&A.
import { stemmer } from 'stemmer';
import { eng } from 'stopword';

const STOP = new Set<string>([
  ...eng,
  'also', 'say', 'said', 'says', 'told', 'would', 'could', 'one', 'two', 'new', 'last', 'year', 'week', 'mr', 'ms',
  'however', 'according', 'including', 'many', 'much', 'us', 'may', 'might', 'will', 'well', 'like',
  // question words: they say what kind of answer is wanted, not what it is about
  'who', 'whom', 'whose', 'what', 'which', 'when', 'where', 'why', 'how', 'did', 'does', 'do', 'tell', 'please',
]);

// Numbers keep their separators and ordinal or plural suffix ("15,000", "3.5", "3rd", "1990s"); words keep
// inner apostrophes and hyphens.
const WORD = /\p{N}+(?:[.,]\p{N}+)*(?:st|nd|rd|th|s)?(?![\p{L}\p{N}])|[\p{L}\p{N}][\p{L}\p{N}'’\-]*/gu;

/** Lower-cased word tokens, with apostrophe suffixes ('s) removed. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) {
    const w = normaliseWord(m[0]);
    if (w) out.push(w);
  }
  return out;
}

function normaliseWord(token: string): string {
  return token.toLowerCase().replace(/['’]s?$/u, '').replace(/-+$/, '').replace(/(?<=\d),(?=\d)/g, '');
}

export function isStopword(word: string): boolean {
  return STOP.has(word);
}

// Transliterated names vary ("Pashinyan" / "Pashinian"); fold the common y/i and doubled-letter variants.
function foldName(word: string): string {
  return word.replace(/y(?=[aeiou])|(?<=[aeiou])y/g, 'i').replace(/(.)\1+/g, '$1');
}

// Porter stemming leaves irregular verb forms apart ("held" / "hold"); map the common ones to their base.
const IRREGULAR: Record<string, string> = Object.fromEntries(
  ('held:hold met:meet went:go gone:go took:take taken:take gave:give given:give made:make came:come saw:see seen:see ' +
    'won:win lost:lose led:lead left:leave sent:send spent:spend built:build bought:buy brought:bring thought:think ' +
    'began:begin begun:begin became:become chose:choose chosen:choose fell:fall fallen:fall felt:feel fought:fight ' +
    'found:find flew:fly flown:fly grew:grow grown:grow kept:keep knew:know known:know paid:pay ran:run rose:rise risen:rise ' +
    'sold:sell spoke:speak spoken:speak stood:stand struck:strike wrote:write written:write broke:break broken:break ' +
    'drove:drive driven:drive ate:eat eaten:eat sought:seek taught:teach caught:catch hung:hang shook:shake shaken:shake ' +
    'stole:steal stolen:steal swore:swear sworn:swear threw:throw thrown:throw wore:wear worn:wear withdrew:withdraw withdrawn:withdraw ' +
    'children:child men:man women:woman people:person mice:mouse feet:foot teeth:tooth')
    .split(' ')
    .map((pair) => pair.split(':') as [string, string]),
);

// Raw token (as written) → its term, or '' when it is dropped. Ingest and retrieval see the same few
// thousand tokens again and again; one lookup replaces lower-casing, clean-up, stop-word check and stemming.
const termCache = new Map<string, string>();

// Letters that Unicode decomposition leaves whole; the rest lose their accents through NFD.
const PLAIN: Record<string, string> = { ı: 'i', ø: 'o', ł: 'l', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe', þ: 'th', ð: 'd' };

/** "Erdoğan" and "Erdogan", "Möngke" and "Mongke" are the same name to a reader; the FTS index folds them too. */
function foldAccents(word: string): string {
  // most words are plain ASCII: skip the normalisation for them
  return /^[\x00-\x7f]*$/.test(word) ? word : word.normalize('NFD').replace(/\p{M}/gu, '').replace(/[ıøłđßæœþð]/g, (c) => PLAIN[c] ?? c);
}

function termOf(token: string): string {
  let t = termCache.get(token);
  if (t === undefined) {
    const w = foldAccents(normaliseWord(token));
    t = w.length < 2 || STOP.has(w) ? '' : /\d/.test(w) ? w : foldName(stemmer(IRREGULAR[w] ?? w));
    if (termCache.size > 200_000) termCache.clear();
    termCache.set(token, t);
  }
  return t;
}

/** Content terms of a text: stop words and 1-letter tokens dropped, Porter-stemmed, name variants folded. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) {
    const t = termOf(m[0]);
    if (t) out.push(t);
  }
  return out;
}

export type TermVector = Map<string, number>;

export function termCounts(ts: readonly string[]): TermVector {
  const v: TermVector = new Map();
  for (const t of ts) v.set(t, (v.get(t) ?? 0) + 1);
  return v;
}

export function cosine(a: TermVector, b: TermVector): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const [t, w] of small) {
    const o = large.get(t);
    if (o !== undefined) dot += w * o;
  }
  for (const w of a.values()) na += w * w;
  for (const w of b.values()) nb += w * w;
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Weights a count vector by idf. */
export function weigh(counts: TermVector, idf: (term: string) => number): TermVector {
  const v: TermVector = new Map();
  for (const [t, c] of counts) v.set(t, (1 + Math.log(c)) * idf(t));
  return v;
}
