// npm run eval -- --llm: the same questions with a model, counted as the user would see them (hand-made items
// and the fake OpenAI-compatible server; the evaluation data is not loaded here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateWithModel } from '../../eval/llm.js';
import { createChatModel } from '../../src/llm/client.js';
import { FakeOpenAi } from '../doubles/openai-api.js';

let fake: FakeOpenAi;
beforeAll(async () => {
  fake = await FakeOpenAi.start();
});
afterAll(() => fake.close());

const context = 'The harbour of Port Ellen reopened on Tuesday after two months of repairs. The repairs cost 4 million pounds, the council said.';
const items = [
  { id: 'a', squad_id: 'a', context, question: 'How much did the repairs of the harbour cost?', answers: ['4 million pounds'], is_impossible: false },
  { id: 'b', squad_id: 'b', context, question: 'When did the harbour of Port Ellen reopen?', answers: ['Tuesday'], is_impossible: false },
  { id: 'c', squad_id: 'c', context, question: 'How many ships used the harbour of Port Ellen last year?', answers: [], is_impossible: true },
];

describe('evaluateWithModel', () => {
  it('scores the model\'s answers and counts its fallbacks, dropped sentences and tokens', async () => {
    const cost = (ps: string[]) => ps.findIndex((p) => p.includes('4 million')) + 1;
    fake.next(
      { reply: (ps) => `The repairs cost 4 million pounds [${cost(ps)}]. The harbour is the oldest in Europe [${cost(ps)}].` },
      { status: 500 },
      { reply: 'NOT_FOUND' },
    );
    const model = createChatModel({ baseURL: fake.url, model: 'fake-model', timeoutMs: 3000, maxTokens: 100 });
    const row = await evaluateWithModel(items, 'test', model);
    expect(row).toMatchObject({ model: 'fake-model', answerableTop1: 1, byModel: 1, fallbacks: 1, droppedSentences: 1, errors: 0, tokensIn: 642, tokensOut: 84 });
    expect(row.unanswerableRefused).toBe(1);
  });
});
