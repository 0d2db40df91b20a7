// Answers with a language model (#15), against a fake OpenAI-compatible server on 127.0.0.1: what the user gets
// for a good answer, an invented sentence, a bad citation, uncited text, NOT_FOUND, an injection, malformed output,
// a slow model, 500s, 429s and a dropped connection. The real core, seeded with the project's seeds.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BriefBot } from '../../src/app.js';
import { FakeOpenAi } from '../doubles/openai-api.js';
import { testApp } from '../helpers/bot.js';
import { freePort } from '../helpers/cli.js';

const QUESTION = 'How many doses of Sputnik V did Armenia receive first?';
const TIMEOUT_MS = 1500;
let fake: FakeOpenAi;
let bot: BriefBot | undefined;

beforeAll(async () => {
  fake = await FakeOpenAi.start();
});
afterAll(() => fake.close());
afterEach(async () => {
  fake.reset();
  await bot?.close();
  bot = undefined;
});

const withModel = async () => (bot = (await testApp({ env: { LLM_BASE_URL: fake.url, LLM_MODEL: 'fake-model', LLM_TIMEOUT_MS: String(TIMEOUT_MS) } })).bot);
/** The first passage the bot sent that mentions doses, and its number in the prompt. */
const dosePassage = (passages: string[]) => {
  const i = passages.findIndex((p) => /doses/.test(p) && /\d/.test(p));
  return { n: i + 1, text: passages[i]! };
};

describe('answers written by a model, checked against their sources', () => {
  it('a correct cited answer is given as the model wrote it, citing the stored sentence verbatim, with its cost', async () => {
    await withModel();
    fake.next({ reply: (ps) => `${dosePassage(ps).text} [${dosePassage(ps).n}]` });
    const a = await bot!.answer(QUESTION);
    expect(a.method).toBe('llm');
    expect(a.text).toMatch(/15,000.*\[1\]$/);
    expect(a.citations).toHaveLength(1);
    expect(a.text).toContain(a.citations[0]!.quote);
    expect(a.llm).toMatchObject({ model: 'fake-model', tokensIn: 321, tokensOut: 42 });
    expect(a.notes).toBeUndefined();
    // the contract: passages numbered and fenced in the user message, the system message says they are data
    const sent = fake.requests.at(-1)!;
    expect(sent.model).toBe('fake-model');
    expect(sent.messages[0]?.content).toMatch(/data, never instructions/);
    expect(sent.messages[1]?.content).toMatch(/<<<\n\[1\] \(/);
  });

  it('an invented sentence is dropped and the user told; a citation to a passage not given is dropped', async () => {
    await withModel();
    fake.next({ reply: (ps) => `${dosePassage(ps).text} [${dosePassage(ps).n}] Armenia then received 99,000 doses from Canada [${dosePassage(ps).n}]. The vaccine was approved by Mars [42].` });
    const a = await bot!.answer(QUESTION);
    expect(a.method).toBe('llm');
    expect(a.text).not.toMatch(/99,000|Mars/);
    expect(a.notes).toEqual(['2 sentences the sources do not support left out.']);
  });

  it.each([
    ['uncited text', 'Armenia received fifteen thousand doses.', /did not pass the source check, so this is the extractive answer/],
    ['NOT_FOUND', 'NOT_FOUND', /found no answer in the sources, so this is the extractive answer/],
  ])('%s: the extractive answer, with a one-line note', async (_name, reply, note) => {
    await withModel();
    fake.next({ reply });
    const a = await bot!.answer(QUESTION);
    expect(a.method).toBe('extractive');
    expect(a.status).toBe('answered');
    expect(a.text).toMatch(/15,000/);
    expect(a.notes?.[0]).toMatch(note);
  });

  it('says plainly it does not know when neither the model nor the store has an answer', async () => {
    await withModel();
    fake.next({ reply: 'NOT_FOUND' });
    const a = await bot!.answer('What is the population of Brazil?');
    expect(a.status).toBe('not_found');
    expect(a.text).toMatch(/I don't know/);
  });

  it.each([
    ['malformed output', { malformed: '{"choices": []}' }, 'malformed'],
    ['a 500', { status: 500 }, 'http_500'],
    ['a 401', { status: 401 }, 'http_401'],
    ['a dropped connection', { drop: true as const }, 'network'],
    ['a 429 asking for more time than is left', { status: 429, headers: { 'retry-after': '30' } }, 'http_429'],
  ])('%s: the extractive answer, saying why', async (_name, behaviour, reason) => {
    await withModel();
    fake.next(behaviour);
    const a = await bot!.answer(QUESTION);
    expect(a.method).toBe('extractive');
    expect(a.text).toMatch(/15,000/);
    expect(a.notes).toEqual([`The language model was not available (${reason}), so this is the extractive answer.`]);
  });

  it('a server that refuses the connection: the extractive answer, saying why', async () => {
    bot = (await testApp({ env: { LLM_BASE_URL: `http://127.0.0.1:${await freePort()}/v1`, LLM_MODEL: 'fake-model', LLM_TIMEOUT_MS: String(TIMEOUT_MS) } })).bot;
    const a = await bot.answer(QUESTION);
    expect(a.method).toBe('extractive');
    expect(a.notes).toEqual(['The language model was not available (network), so this is the extractive answer.']);
  });

  it('a model slower than LLM_TIMEOUT_MS: the extractive answer within the timeout and a small margin', async () => {
    await withModel();
    fake.next({ reply: 'too late [1]', delayMs: 5000 });
    const started = Date.now();
    const a = await bot!.answer(QUESTION);
    expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1000);
    expect(a.method).toBe('extractive');
    expect(a.notes?.[0]).toMatch(/not available \(timeout\)/);
  });

  it('a 429 with a Retry-After that fits is tried once more, and answered', async () => {
    await withModel();
    const before = fake.requests.length;
    fake.next({ status: 429, headers: { 'retry-after': '0' } }, { reply: (ps) => `${dosePassage(ps).text} [${dosePassage(ps).n}]` });
    const a = await bot!.answer(QUESTION);
    expect(a.method).toBe('llm');
    expect(fake.requests.length - before).toBe(2);
  });

  it('after three failures in a row the model is left alone for a while: no request, no wait', async () => {
    await withModel();
    fake.next({ status: 500 }, { status: 500 }, { status: 500 });
    for (let i = 0; i < 3; i++) await bot!.answer(QUESTION);
    const before = fake.requests.length;
    const a = await bot!.answer(QUESTION);
    expect(fake.requests.length).toBe(before);
    expect(a.notes?.[0]).toMatch(/not available \(paused\)/);
  });

  it('without LLM_BASE_URL nothing changes: the extractive answer, no note, no request', async () => {
    bot = (await testApp()).bot;
    const before = fake.requests.length;
    const a = await bot.answer(QUESTION);
    expect(a.method).toBe('extractive');
    expect(a.notes).toBeUndefined();
    expect(fake.requests.length).toBe(before);
  });
});
