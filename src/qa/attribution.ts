// Who said what, within one article: each sentence that carries speech gets its speaker. Reported speech in news
// follows a few forms: "X said", "said X", "X, a spokesman, told …", "according to X", a pronoun ("he said")
// for the last person quoted (or, before anyone is, the article's first-named person), and quotes that run over
// several sentences, attributed once, in any of them, or not at all when the same person goes on speaking.
// A surname stands for the first full name in the article that ends with it ("Sassoon" for "Eden Sassoon" when
// she is named before "Vidal Sassoon"): articles name people in full first, then by surname.

const SPEECH_VERBS = 'said|says|told|tells|added|adds|wrote|writes|stated|states|explained|explains|asked|asks|noted|notes|warned|warns|recalled|recalls|argued|argues|insisted|insists|claimed|claims|continued|posted|tweeted|replied|responded|announced|declared|admitted|described|called';
const VERB = new RegExp(`\\b(?:${SPEECH_VERBS})\\b`, 'i');
/** A run of capitalised words: a name (titles and initials included: "Lt. Mark Gagan", "John F. Kerry"). */
const NAME = /[A-Z][\p{L}'’.-]*(?:\s+(?:(?:de|van|von|al|bin)\s+)?[A-Z][\p{L}'’.-]*)*/gu;
const NAME_AT_END = /([A-Z][\p{L}'’.-]*(?:\s+(?:(?:de|van|von|al|bin)\s+)?[A-Z][\p{L}'’.-]*)*)\s*$/u;
const NAME_AT_START = /^\s*([A-Z][\p{L}'’.-]*(?:\s+(?:(?:de|van|von|al|bin)\s+)?[A-Z][\p{L}'’.-]*)*)/u;
const PRONOUN = /^(?:he|she|they)$/i;
/** Words of a name that do not identify the person. */
const TITLES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'sir', 'lt', 'col', 'gen', 'sgt', 'capt', 'sen', 'rep', 'gov', 'president', 'minister', 'prime',
  'secretary', 'chief', 'officer', 'director', 'judge', 'justice', 'mayor', 'senator', 'governor', 'lord', 'lady', 'corrections', 'the',
  'himself', 'herself', 'ceo', 'spokesman', 'spokeswoman', 'spokesperson', 'police', 'detective', 'inspector', 'attorney', 'general',
]);

/** The identifying words of a name, lower-cased: "Lt. Mark Gagan" → ["mark", "gagan"]; a role ("the Minister for London") has none but its place names. */
export function nameWords(name: string): string[] {
  return name
    .split(/\s+/)
    .filter((w) => /^\p{Lu}/u.test(w))
    .map((w) => w.toLowerCase().replace(/[’']s$/, '').replace(/[^\p{L}-]/gu, ''))
    .filter((w) => w.length > 1 && !TITLES.has(w));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A role named as the speaker ("the Minister for London"): the person the article gave it to ("Minister for London, Tessa Jowell"). */
function holderOf(role: string, text: string): string | undefined {
  // a role has a word in lower case ("Minister for London", "the mayor"); a name does not
  if (!/\s\p{Ll}|^the\s/u.test(role.trim())) return undefined;
  const r = escape(role.trim());
  const name = NAME.source;
  return (new RegExp(`${r},?\\s+(${name})`, 'u').exec(text)?.[1] ?? new RegExp(`(${name}),\\s+(?:the\\s+)?${r}`, 'u').exec(text)?.[1])?.split(/\.\s/)[0]?.replace(/\.$/, '');
}

/** Text outside quotation marks (where attributions stand); `open`: the sentence starts inside a quotation. */
function outsideQuotes(sentence: string, open: boolean): string {
  return `${open ? '“' : ''}${sentence}`.replace(/[“"][^”"]*[”"]/g, ' … ').replace(/[“"][^”"]*$/, ' … ');
}

/** Whether a quotation is still open at the end of the sentence (`open`: it was at its start). */
function quoteBalance(sentence: string, open: boolean): boolean {
  let state = open;
  for (const ch of sentence) {
    if (ch === '“') state = true;
    else if (ch === '”') state = false;
    else if (ch === '"') state = !state;
  }
  return state;
}

function hasQuote(sentence: string): boolean {
  return /[“”"]/.test(sentence);
}

/** Capitalised words that start a sentence or name a time, not a person. */
const NOT_A_NAME = /^(?:But|And|Or|So|Yet|Then|Also|However|Meanwhile|Later|Earlier|Now|Still|Here|There|The|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)\b\s*/;

/** A name as a speaker: without a leading "But" or a time, nor the sentence's full stop. */
function cleanName(name: string | undefined): string | undefined {
  let n = name?.trim();
  while (n && NOT_A_NAME.test(n)) n = n.replace(NOT_A_NAME, '');
  return n ? n.replace(/(\p{Ll}{2,})\.$/u, '$1') : undefined;
}

/** The speaker a sentence names itself, or 'pronoun', or undefined. */
function explicitSpeaker(sentence: string, open: boolean): string | undefined {
  const text = outsideQuotes(sentence, open);
  const according = /\baccording to (?:the\s+)?([^,.;]+)/i.exec(text);
  if (according?.[1]) return according[1].trim();
  const verb = VERB.exec(text);
  if (!verb) return undefined;
  const before = text.slice(0, verb.index).replace(/,[^,]*,\s*$/, ' ').replace(/\s+(?:has|had|have|also|then|later|previously|once)\s*$/i, ' ');
  const after = text.slice(verb.index + verb[0].length);
  const subject = /\b(he|she|they)\s*$/i.exec(before)?.[1] ?? cleanName(NAME_AT_END.exec(before.trimEnd())?.[1]);
  if (subject) return PRONOUN.test(subject) ? 'pronoun' : subject;
  // "said X", "said union leader Anna Brandt", "said Mario Olgin, her father"
  const object = /^\s*(he|she|they)\b/i.exec(after)?.[1] ?? cleanName(NAME_AT_START.exec(after.replace(/^\s*(?:[\p{Ll}-]+\s+){0,3}(?=\p{Lu})/u, ''))?.[1]);
  if (object) return PRONOUN.test(object) ? 'pronoun' : object;
  return undefined;
}

/**
 * The speaker of each sentence of an article (undefined where no one speaks), as a name as written in the
 * article, resolved to the first full name ending with it.
 */
export function attributeSpeakers(sentences: readonly string[]): (string | undefined)[] {
  const people: string[] = []; // full names in order of first mention
  const resolve = (name: string, upTo: number): string => {
    const holder = holderOf(name, sentences.slice(0, upTo + 1).join(' '));
    if (holder) return holder;
    const words = nameWords(name);
    if (words.length !== 1) return name;
    return people.find((p) => nameWords(p).at(-1) === words[0]) ?? name;
  };
  const out: (string | undefined)[] = new Array<string | undefined>(sentences.length).fill(undefined);
  let lastSpeaker: string | undefined;
  let open = false; // a quotation runs on from the sentence before
  let group: number[] = []; // the sentences of the quotation under way
  let groupSpeaker: string | undefined;
  for (let i = 0; i < sentences.length; i++) {
    const s = sentences[i]!;
    for (const m of s.matchAll(NAME)) if (nameWords(m[0]).length >= 2 && !people.includes(m[0])) people.push(m[0]);
    const named = explicitSpeaker(s, open);
    const speaker = named === 'pronoun' ? (lastSpeaker ?? people[0]) : named ? resolve(named, i) : undefined;
    const quoted = open || hasQuote(s);
    open = quoteBalance(s, open);
    if (quoted) {
      group.push(i);
      groupSpeaker ??= speaker;
      if (open) continue;
      // a quotation is attributed in any of its sentences; one no one is named for is the last person quoted, going on
      const by = groupSpeaker ?? lastSpeaker;
      for (const g of group) out[g] = by;
      if (by) lastSpeaker = by;
      group = [];
      groupSpeaker = undefined;
    } else if (speaker) {
      out[i] = speaker; // reported speech: "Kerry said Pakistan had agreed …"
      lastSpeaker = speaker;
    }
  }
  for (const g of group) out[g] = groupSpeaker ?? lastSpeaker;
  return out;
}

/** True when `speaker` (a name from the article) is the person the question names. */
export function samePerson(q: Pick<SpeechQuestion, 'speaker' | 'role'>, speaker: string): boolean {
  const asked = q.speaker;
  const said = nameWords(speaker);
  // "the Morris Knolls principal": someone the article calls that ("Morris Knolls Principal Ryan MacNaughton")
  if (q.role) return new RegExp(`\\b${q.role}\\b`, 'i').test(speaker) && asked.every((w) => said.includes(w));
  const surname = asked.at(-1);
  if (!surname || said.at(-1) !== surname) return false;
  // a first name given on both sides must agree ("Vidal Sassoon" is not "Eden Sassoon")
  return asked.length < 2 || said.length < 2 || said.slice(0, -1).includes(asked[0]!);
}

/** "What did X say (about Y)?" and its kin: X's name words and the rest of the question (what it is about). */
export interface SpeechQuestion {
  speaker: string[];
  /** "the Morris Knolls principal", "Mollie Olgin's mother": the role the person is asked for by. */
  role?: string;
  topic: string;
  /** "What did X call Y", "how did X describe Y": Y is what X spoke of, rarely named again in X's words. */
  describes: boolean;
}

const ASKS_FOR_SPEECH = [
  /\bwhat (?:did|does|do|has|had|have|would|will) (?<who>.+?) (?:say|said|tell|told|call|write|wrote|post|ask|claim|warn|mean|describe|reply|announce)\b(?<rest>.*)$/i,
  /\bhow (?:did|does|do|has|had|would) (?<who>.+?) (?:describe|characteri[sz]e|explain|justify|sum up)\b(?<rest>.*)$/i,
  /^(?<rest0>.*?)\baccording to (?<who>[^,?]+),?(?<rest>.*)$/i,
];

export function speechQuestion(question: string): SpeechQuestion | undefined {
  for (const re of ASKS_FOR_SPEECH) {
    const m = re.exec(question.trim());
    const who = m?.groups?.who;
    if (!who) continue;
    // the speaker must be a named person: "what did the police say" is an ordinary question
    const name = [...who.matchAll(NAME)].map((n) => n[0]).filter((n) => nameWords(n).length > 0).at(-1);
    if (!name) return undefined;
    const role = /^(?:['’]s)?\s+(\p{Ll}+)\s*$/u.exec(who.slice(who.lastIndexOf(name) + name.length))?.[1];
    return {
      speaker: nameWords(name), ...(role ? { role } : {}),
      topic: `${m.groups?.rest0 ?? ''} ${who.replace(name, ' ')} ${m.groups?.rest ?? ''}`,
      describes: /\b(?:call|describe|characteri[sz]e|sum up)\b/i.test(question),
    };
  }
  return undefined;
}
