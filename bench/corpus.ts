// Deterministic synthetic news corpus for the benchmark: many stories, each reported by several outlets.
// Every story, person, city and article is a pure function of (seed, index), so documents can be streamed
// in batches (the harness never holds the corpus in the process it measures) and the same seed always gives
// the same corpus. No Math.random anywhere.
import type { NewDocument } from '../src/domain.js';
import {
  CITY_SUFFIXES, COUNTRIES, CRITIC_WORDS, FILLER, FIRST_NAMES, MONTHS, ORG_HEADS, ORG_TAILS, OUTLETS, ROLES,
  SYLLABLES, TOPICS, WEEKDAYS, type Country, type Topic,
} from './vocab.js';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the parts, so every (seed, kind, index…) gets its own independent stream. */
export function hashSeed(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('|')) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from empty list');
    return item;
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}

export interface Person { full: string; last: string; role: string; country: Country }
export interface Story {
  id: number;
  a: Person;
  b: Person;
  topic: Topic;
  thing: string;
  figure: string;
  city: string;
  day: Date;
  money: string;
  critic: string;
  org: string;
  criticWord: string;
  outlets: string[];
}

export type QuestionKind = 'figure' | 'place' | 'deal' | 'critic' | 'when' | 'said' | 'off-topic';
export interface QuestionSpec {
  question: string;
  kind: QuestionKind;
  /** A string the supporting sentence contains; absent for off-topic questions (no answer in the corpus). */
  expected?: string;
  story?: number;
}

export interface CorpusOptions {
  documents: number;
  seed: number;
  /** Number of questions to derive (default 200; about a fifth are off-topic). */
  questions?: number;
  /** Last publication day (default 2025-06-30); dates spread over the 60 days before it. */
  end?: string;
}

const DAY_MS = 86_400_000;
const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const an = (w: string): string => `${/^[aeiou]/i.test(w) ? 'an' : 'a'} ${w}`;
const fmt = (n: number): string => n.toLocaleString('en-US');
const dayText = (d: Date): string => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;

function syllableWord(rng: Rng, min: number, max: number): string {
  let w = '';
  for (let i = rng.range(min, max); i > 0; i--) w += rng.pick(SYLLABLES);
  return cap(w);
}

export class CorpusPlan {
  readonly storyCount: number;
  readonly end: Date;
  private readonly people: number;
  private readonly cities: number;

  constructor(readonly options: CorpusOptions) {
    this.end = new Date(`${options.end ?? '2025-06-30'}T00:00:00Z`);
    this.people = Math.max(200, Math.ceil(options.documents / 10));
    this.cities = Math.max(100, Math.ceil(options.documents / 20));
    let docs = 0;
    let k = 0;
    while (docs < options.documents) docs += this.outletCount(k++);
    this.storyCount = k;
  }

  private outletCount(k: number): number {
    return new Rng(hashSeed(this.options.seed, 'n', k)).range(2, 6);
  }

  person(i: number): Person {
    const rng = new Rng(hashSeed(this.options.seed, 'person', i));
    const first = rng.pick(FIRST_NAMES);
    const last = syllableWord(rng, 2, 3) + (rng.chance(0.3) ? rng.pick(['yan', 'ov', 'ishvili', 'son', 'ez']) : '');
    return { full: `${first} ${last}`, last, role: rng.pick(ROLES), country: rng.pick(COUNTRIES) };
  }

  city(i: number): string {
    const rng = new Rng(hashSeed(this.options.seed, 'city', i));
    return rng.chance(0.3) ? rng.pick(COUNTRIES).capital : syllableWord(rng, 1, 2) + rng.pick(CITY_SUFFIXES);
  }

  story(k: number): Story {
    const seed = this.options.seed;
    const rng = new Rng(hashSeed(seed, 'story', k));
    const a = this.person(rng.int(this.people));
    let b = this.person(rng.int(this.people));
    for (let tries = 0; b.country === a.country && tries < 20; tries++) b = this.person(rng.int(this.people));
    const topic = rng.pick(TOPICS);
    const scale = rng.pick([1, 10, 100, 1000]);
    const money = rng.chance(0.5) ? `$${rng.range(2, 950)} million` : `€${rng.range(1, 9)}.${rng.range(1, 9)} billion`;
    return {
      id: k, a, b, topic,
      thing: rng.pick(topic.things),
      figure: fmt(rng.range(12, 99) * scale),
      city: this.city(rng.int(this.cities)),
      day: new Date(this.end.getTime() - rng.int(60) * DAY_MS),
      money,
      critic: this.person(rng.int(this.people)).full,
      org: `${rng.pick(ORG_HEADS)} ${rng.pick(ORG_TAILS)}`,
      criticWord: rng.pick(CRITIC_WORDS),
      outlets: rng.shuffle(OUTLETS).slice(0, this.outletCount(k)),
    };
  }

  /** Streams the documents, story by story, in batches of `size`. */
  *batches(size: number): Generator<NewDocument[]> {
    let batch: NewDocument[] = [];
    let emitted = 0;
    for (let k = 0; k < this.storyCount; k++) {
      const story = this.story(k);
      for (let o = 0; o < story.outlets.length && emitted < this.options.documents; o++, emitted++) {
        batch.push(this.article(story, o));
        if (batch.length === size) {
          yield batch;
          batch = [];
        }
      }
    }
    if (batch.length > 0) yield batch;
  }

  article(s: Story, o: number): NewDocument {
    const outlet = s.outlets[o]!;
    const rng = new Rng(hashSeed(this.options.seed, 'article', s.id, o));
    const { a, b, topic } = s;
    const X = a.country;
    const Y = b.country;
    const lead = rng.pick([
      `${a.full}, the ${X.adj} ${a.role}, met ${b.full}, the ${Y.adj} ${b.role}, in ${s.city} on ${dayText(s.day)}.`,
      `${X.adj} ${a.role} ${a.full} travelled to ${s.city} on ${WEEKDAYS[s.day.getUTCDay()]} ${dayText(s.day)} for talks with ${b.full}.`,
      `${a.full} and ${b.full} held talks on ${topic.name} in ${s.city} on ${dayText(s.day)}.`,
    ]);
    const figure = rng.pick([
      `${a.last} announced that ${s.figure} ${s.thing} would be ${topic.done} by ${MONTHS[(s.day.getUTCMonth() + 3) % 12]}.`,
      `According to ${a.last}, ${s.figure} ${s.thing} will be ${topic.done} under the plan.`,
      `A total of ${s.figure} ${s.thing} are to be ${topic.done}, ${a.last} announced after the meeting.`,
    ]);
    const shared: string[] = [];
    if (o === 0 || rng.chance(0.6)) {
      shared.push(rng.pick([
        `The two sides signed ${an(topic.deal)} worth ${s.money}.`,
        `${cap(an(topic.deal))} worth ${s.money} was signed at the end of the talks.`,
        `${X.name} and ${Y.name} agreed ${an(topic.deal)} valued at ${s.money}.`,
      ]));
    }
    if (o === 0 || rng.chance(0.5)) {
      shared.push(rng.pick([
        `${s.critic} of the ${s.org} criticised the ${topic.deal}, calling it ${s.criticWord}.`,
        `The ${topic.deal} was criticised by ${s.critic} of the ${s.org}, who called it ${s.criticWord}.`,
      ]));
    }
    if (rng.chance(0.5)) shared.push(`'Cooperation on ${topic.name} matters to both our countries,' ${b.last} told reporters.`);
    if (rng.chance(0.4)) shared.push(`It was the ${rng.pick(['second', 'third', 'fourth'])} meeting between ${a.last} and ${b.last} this year.`);
    const own: string[] = [];
    const details = [
      () => `${outlet} has learned that a further ${fmt(rng.range(2, 90) * 10)} ${rng.pick(topic.things)} could follow later in the year.`,
      () => `A source close to the ${X.adj} delegation told ${outlet} that ${this.person(rng.int(this.people)).full} had drafted the proposal.`,
      () => `According to documents seen by ${outlet}, the talks began ${rng.range(2, 11)} weeks earlier than announced.`,
      () => `${outlet} understands that the ${rng.pick(ORG_HEADS)} ${rng.pick(ORG_TAILS)} will monitor the implementation.`,
      () => `Speaking to ${outlet}, a ${Y.adj} official said ${rng.range(3, 40)} experts would visit ${s.city} next month.`,
    ];
    for (const make of rng.shuffle(details).slice(0, rng.range(1, 3))) own.push(make());
    const total = rng.range(8, 15);
    const fillers = rng.shuffle(FILLER).slice(0, Math.max(0, total - 2 - shared.length - own.length));
    const body = [lead, figure, ...rng.shuffle([...shared, ...own, ...fillers])];
    const paragraphs: string[] = [];
    for (let i = 0; i < body.length; ) {
      const n = rng.range(1, 3);
      paragraphs.push(body.slice(i, i + n).join(' '));
      i += n;
    }
    const title = rng.pick([
      `${a.last} and ${b.last} meet in ${s.city} to discuss ${topic.name}`,
      `${a.last} announces ${s.figure} ${s.thing} after talks with ${b.last}`,
      `${X.name} and ${Y.name} sign ${topic.deal}`,
      `${cap(topic.name)} on the agenda as ${a.last} meets ${b.last}`,
    ]);
    const published = new Date(s.day.getTime() + rng.int(2) * DAY_MS + rng.range(6, 22) * 3_600_000);
    return {
      source: outlet,
      title,
      titleOrigin: 'metadata',
      url: `https://news.example/${outlet.toLowerCase().replace(/[^a-z]+/g, '-')}/${s.id}-${o}`,
      publishedAt: published.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      text: paragraphs.join('\n\n'),
      lang: 'en',
    };
  }

  /** Questions spread over the stories; about a fifth are off-topic (nothing in the corpus answers them). */
  questions(count = this.options.questions ?? 200): QuestionSpec[] {
    const rng = new Rng(hashSeed(this.options.seed, 'questions'));
    const offCount = Math.round(count / 5);
    const out: QuestionSpec[] = [];
    // 'said' takes the reader's who-said-what path (src/qa/speech.ts), which reads whole articles
    const kinds: QuestionKind[] = ['figure', 'place', 'deal', 'critic', 'when', 'said'];
    for (let i = 0; i < count - offCount; i++) {
      const k = Math.min(this.storyCount - 1, Math.floor((i + rng.float()) * (this.storyCount / (count - offCount))));
      const s = this.story(k);
      const kind = kinds[i % kinds.length]!;
      const q = {
        figure: { question: `How many ${s.thing} did ${s.a.full} announce?`, expected: s.figure },
        place: { question: `Where did ${s.a.full} meet ${s.b.full}?`, expected: s.city },
        deal: { question: `How much is the ${s.topic.deal} between ${s.a.country.name} and ${s.b.country.name} signed in ${s.city} worth?`, expected: s.money },
        critic: { question: `Who criticised the ${s.topic.deal} signed in ${s.city}?`, expected: s.critic },
        when: { question: `When did ${s.a.full} meet ${s.b.full}?`, expected: dayText(s.day) },
        said: { question: `What did ${s.b.full} say about ${s.topic.name}?`, expected: 'matters to both our countries' },
      }[kind as Exclude<QuestionKind, 'off-topic'>];
      out.push({ ...q, kind, story: k });
    }
    const subjects = ['penguins', 'giraffes', 'saxophones', 'croissants', 'comets', 'violins', 'octopuses', 'bicycles', 'murals', 'vinyl records'];
    const forms = ['How many {} live in the zoo?', 'What is the history of {}?', 'Where can I see rare {}?', 'Who collects antique {}?', 'Why are {} so popular?'];
    for (let i = 0; i < offCount; i++) {
      out.push({ question: rng.pick(forms).replace('{}', rng.pick(subjects)), kind: 'off-topic' });
    }
    return rng.shuffle(out);
  }

  /** Topic strings for brief({ topic }): subjects, countries and a few people from the corpus. */
  topics(): string[] {
    const rng = new Rng(hashSeed(this.options.seed, 'topics'));
    const people = Array.from({ length: 4 }, () => this.story(rng.int(this.storyCount)).a.full);
    return [...TOPICS.slice(0, 8).map((t) => t.name), 'Armenia', 'Georgia', 'Kazakhstan', 'energy Turkey', ...people];
  }
}

export interface Corpus {
  documents: NewDocument[];
  questions: QuestionSpec[];
  topics: string[];
  stories: number;
  /** The day after the last publication date: use it as "now" so recency windows see the corpus. */
  now: string;
}

export function generateCorpus(options: CorpusOptions): Corpus {
  const plan = new CorpusPlan(options);
  const documents: NewDocument[] = [];
  for (const batch of plan.batches(10_000)) documents.push(...batch);
  return { documents, questions: plan.questions(), topics: plan.topics(), stories: plan.storyCount, now: corpusNow(plan) };
}

export function corpusNow(plan: CorpusPlan): string {
  return new Date(plan.end.getTime() + 2 * DAY_MS).toISOString();
}
