// The core's vocabulary: one zod schema per type, the TypeScript type inferred from it.
// Everything that crosses a boundary (CLI --json, adapters, LLM output) is parsed with these.
import { z } from 'zod';

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/, 'ISO 8601 date');

/** How a document's title was obtained: stated in metadata, a heading in the text, or derived from the first sentence. */
export const TitleOrigin = z.enum(['metadata', 'heading', 'first-sentence']);

/** An article as it arrives, before it has an id. */
export const NewDocument = z.object({
  source: z.string().min(1),
  title: z.string().min(1),
  titleOrigin: TitleOrigin,
  url: z.string().url().optional(),
  publishedAt: IsoDate.optional(),
  text: z.string().min(1),
  lang: z.string().default('en'),
  origin: z.string().optional(), // file path or feed URL it came from, for messages
});
export type NewDocument = z.infer<typeof NewDocument>;

export const Document = NewDocument.extend({
  id: z.string().min(1),
  ingestedAt: z.string(),
  /**
   * Set when the text is a near copy (wire copy: the same agency text with another intro, byline or footer) of
   * documents stored before it: the id of that copy group's first stored document. Unset on that first document.
   */
  copyOf: z.string().min(1).optional(),
  /**
   * The story the document joined when it was stored (stories/incremental.ts); it keeps that id as articles
   * arrive. Unset only on documents that were never stored (a brief clusters those itself).
   */
  storyId: z.string().min(1).optional(),
});
export type Document = z.infer<typeof Document>;

export const Sentence = z.object({
  documentId: z.string(),
  index: z.number().int().nonnegative(),
  text: z.string(),
});
export type Sentence = z.infer<typeof Sentence>;

export const Citation = z.object({
  documentId: z.string(),
  source: z.string(),
  title: z.string(),
  url: z.string().optional(),
  quote: z.string(),
});
export type Citation = z.infer<typeof Citation>;

export const KeyPoint = z.object({
  text: z.string(),
  citations: z.array(Citation).min(1),
  /** Set when a single outlet reports the point. */
  onlyIn: z.string().optional(),
});
export type KeyPoint = z.infer<typeof KeyPoint>;

export const StorySource = z.object({
  documentId: z.string(),
  source: z.string(),
  title: z.string(),
  url: z.string().optional(),
  publishedAt: z.string().optional(),
});
export type StorySource = z.infer<typeof StorySource>;

export const Story = z.object({
  id: z.string(),
  headline: z.string(),
  documents: z.array(StorySource).min(1),
  keyPoints: z.array(KeyPoint),
  /** Points reported by two or more outlets. */
  agreement: z.array(KeyPoint),
  /** Points reported by one outlet only (each has onlyIn). */
  differences: z.array(KeyPoint),
  timespan: z.object({ from: z.string().optional(), to: z.string().optional() }),
});
export type Story = z.infer<typeof Story>;

export const Method = z.enum(['extractive', 'llm']);
export type Method = z.infer<typeof Method>;

export const BriefRequest = z.object({
  topic: z.string().optional(),
  since: z.string().optional(),
  maxStories: z.number().int().positive().optional(),
});
export type BriefRequest = z.infer<typeof BriefRequest>;

export const Brief = z.object({
  generatedAt: z.string(),
  request: BriefRequest,
  stories: z.array(Story),
  method: Method,
  notes: z.array(z.string()),
});
export type Brief = z.infer<typeof Brief>;

export const AnswerStatus = z.enum(['answered', 'not_found']);

export const Answer = z.object({
  question: z.string(),
  status: AnswerStatus,
  /** Plain text of the answer: the supporting sentence(s), or the not-found message. */
  text: z.string(),
  /** The shortest span that answers the question, when one could be found. */
  span: z.string().optional(),
  citations: z.array(Citation),
  method: Method,
  /** What the user should know about how it was made: sentences the check dropped, a fallback from the model. */
  notes: z.array(z.string()).optional(),
  /** The model's cost, when one was asked (LLM_BASE_URL): tokens in and out, and how long it took. */
  llm: z.object({ model: z.string(), tokensIn: z.number().int().nonnegative(), tokensOut: z.number().int().nonnegative(), ms: z.number().nonnegative() }).optional(),
});
export type Answer = z.infer<typeof Answer>;

/** One earlier exchange in a conversation thread, for follow-up questions. */
export const ThreadTurn = z.object({ question: z.string(), answer: z.string().optional() });
export type ThreadTurn = z.infer<typeof ThreadTurn>;

/** What a 👍/👎 rates: an answer (with its question) or a brief (with its topic, if any). */
export const FeedbackContext = z.object({
  kind: z.enum(['answer', 'brief']),
  question: z.string().optional(),
  answerText: z.string(),
  citations: z.array(Citation),
});
export type FeedbackContext = z.infer<typeof FeedbackContext>;

export const Vote = z.enum(['up', 'down']);
export type Vote = z.infer<typeof Vote>;

export const Feedback = FeedbackContext.extend({
  platform: z.string(),
  /** The Slack workspace the vote came from, when the bot serves many. */
  workspaceId: z.string().optional(),
  userId: z.string(),
  vote: Vote,
});
export type Feedback = z.infer<typeof Feedback>;

/** The chat platforms a digest can go to; `console` is the local terminal preview. */
export const Platform = z.enum(['slack', 'discord', 'console']);
export type Platform = z.infer<typeof Platform>;

/**
 * Where a digest goes: a channel on a platform, and on Slack with many workspaces (OAuth installs) the workspace
 * (team id) it belongs to, whose token posts there. Undefined where the platform needs none (Discord, one-token Slack).
 */
export interface ChannelAddress {
  platform: Platform;
  channelId: string;
  workspaceId?: string;
}

/** A channel's scheduled digest. `origin`: set in chat, or by DIGEST_CHANNELS (re-applied at every start). */
export const Subscription = z.object({
  id: z.number().int(),
  platform: Platform,
  workspaceId: z.string().min(1).optional(),
  channelId: z.string().min(1),
  timeOfDay: z.string().regex(/^\d{2}:\d{2}$/),
  timezone: z.string(),
  topic: z.string(),
  weekdaysOnly: z.boolean(),
  postWhenEmpty: z.boolean(),
  origin: z.enum(['chat', 'config']),
  createdBy: z.string().optional(),
  /** Set when a delivery failed for good (the channel is gone, the bot was removed): why. No digest goes out until it is subscribed again. */
  pausedReason: z.string().optional(),
});
export type Subscription = z.infer<typeof Subscription>;
export type NewSubscription = Omit<Subscription, 'id' | 'pausedReason'>;

/** How a feed was read: RSS 2.0, RSS 1.0/RDF, Atom or JSON Feed. */
export const FeedKind = z.enum(['rss', 'rdf', 'atom', 'json']);
export type FeedKind = z.infer<typeof FeedKind>;

/** A followed source (a feed) and its poll state. `name` is the outlet its articles are credited to. */
export const Source = z.object({
  id: z.number().int(),
  url: z.string().url(),
  name: z.string().optional(),
  kind: FeedKind.optional(),
  origin: z.enum(['cli', 'config', 'chat']),
  addedBy: z.string().optional(),
  addedAt: z.string(),
  nextPollAt: z.string(),
  lastPollAt: z.string().optional(),
  lastSuccessAt: z.string().optional(),
  lastError: z.string().optional(),
  /** Polls failed in a row (0 after a success): the backoff grows with it. */
  failures: z.number().int().nonnegative(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  itemsStored: z.number().int().nonnegative(),
});
export type Source = z.infer<typeof Source>;
export type NewSource = Pick<Source, 'url' | 'origin'> & Partial<Pick<Source, 'name' | 'addedBy'>>;
