import { beforeAll, describe, expect, it } from 'vitest';
import { answerQuestion, DEFAULT_QA } from '../../src/qa/answer.js';
import { alternatives, compileLexicon } from '../../src/qa/paraphrase.js';
import { isOfKind, quantityKind } from '../../src/qa/quantity.js';
import { openSqliteStorage } from '../../src/store/sqlite/index.js';
import { terms } from '../../src/text/tokens.js';

describe('paraphrase: the news lexicon', () => {
  it('gives each question word of a phrase the other members as alternatives', () => {
    const alts = alternatives(new Set(terms('Who turned down the offer?')));
    expect(alts.get('turn')).toEqual(expect.arrayContaining([terms('reject'), terms('refuse')]));
    expect(alts.get('down')).toEqual(alts.get('turn'));
    expect(alternatives(new Set(terms('Who went down the stairs?'))).size).toBe(0); // "down" alone is no member
  });

  const store = openSqliteStorage(':memory:');
  beforeAll(async () => {
    await store.documents.add([{
      source: 'Wire', title: 'Coalition in turmoil', titleOrigin: 'metadata', lang: 'en',
      text: 'The finance minister Lena Varga resigned on Tuesday after the budget vote. The union rejected the government offer of a 3 percent rise. ' +
        'Organisers cancelled the summit in Riga because of the storm. The new tax took effect on January 1, 2018.',
    }]);
  });
  const ask = (q: string, lexicon = DEFAULT_QA.lexicon) => answerQuestion(store.documents, q, [], { ...DEFAULT_QA, lexicon });

  it.each([
    ['Which minister stepped down after the budget vote?', /resigned/],
    ['Who turned down the government offer?', /rejected/],
    ['Why was the summit in Riga called off?', /cancelled/],
    ['When did the new tax kick in?', /took effect/],
  ])('finds “%s” through its paraphrase, and not without the lexicon', async (question, expected) => {
    expect((await ask(question)).text).toMatch(expected);
    expect((await ask(question, compileLexicon([]))).status).toBe('not_found');
  });
});

describe('numbers and units', () => {
  it('knows the kind of quantity a question asks for', () => {
    expect(quantityKind('How long did the talks go on?')).toBe('duration');
    expect(quantityKind('How far did he fall?')).toBe('distance');
    expect(quantityKind('How much did the case cost the firm?')).toBe('money');
    expect(quantityKind('By how much did sales fall?')).toBe('ratio');
    expect(quantityKind('How many doses arrived?')).toEqual({ unit: 'dose' });
    expect(quantityKind('How many hours did they spend?')).toBe('duration');
    expect(quantityKind('How much is known?')).toBeUndefined();
  });

  it('tells a number of that kind from others in the sentence', () => {
    const s = 'Cummings, 20, dropped nine stories after a 30-year career and $972,815 in costs, four times more than 44 doses.';
    const at = (t: string) => ({ text: t, start: s.indexOf(t) });
    expect(isOfKind('distance', at('nine'), s)).toBe(true);
    expect(isOfKind('distance', at('20'), s)).toBe(false);
    expect(isOfKind('age', at('20'), s)).toBe(true);
    expect(isOfKind('duration', at('30'), s)).toBe(true);
    expect(isOfKind('money', at('$972,815'), s)).toBe(true);
    expect(isOfKind('money', at('nine'), s)).toBe(false);
    expect(isOfKind('ratio', at('four'), s)).toBe(true);
    expect(isOfKind({ unit: 'dose' }, at('44'), s)).toBe(true);
  });

  it('answers "how far" with the distance, not the age in the same article', async () => {
    const st = openSqliteStorage(':memory:');
    await st.documents.add([{
      source: 'Wire', title: 'Student dies in fall', titleOrigin: 'metadata', lang: 'en',
      text: 'Connor Cummings, 20, fell from the hotel scaffolding on Sunday night. Cummings dropped nine stories to a lower roof, police said.',
    }]);
    const a = await answerQuestion(st.documents, 'How far did Connor Cummings fall?', []);
    expect(a.span).toBe('nine');
    expect(a.text).toMatch(/nine stories/);
  });
});
