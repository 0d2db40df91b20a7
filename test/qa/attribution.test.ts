import { beforeAll, describe, expect, it } from 'vitest';
import { attributeSpeakers, samePerson, speechQuestion } from '../../src/qa/attribution.js';
import { answerQuestion } from '../../src/qa/answer.js';
import { openSqliteStorage } from '../../src/store/sqlite/index.js';
import { splitSentences } from '../../src/text/sentences.js';

const speakers = (text: string) => {
  const sentences = splitSentences(text);
  return sentences.map((s, i) => [s.slice(0, 24), attributeSpeakers(sentences)[i]]);
};

describe('attributeSpeakers: who said what in an article', () => {
  it('reads "X said", "said X", "X, a title, told …" and "according to X"', () => {
    const text = 'Anna Brandt met the strikers on Monday. "We will not give up," Anna Brandt said. "The offer is an insult," said Tomas Weber. ' +
      'Maria Lopez, a union lawyer, told reporters the strike was legal. The talks failed, according to Paul Okafor.';
    expect(attributeSpeakers(splitSentences(text))).toEqual([undefined, 'Anna Brandt', 'Tomas Weber', 'Maria Lopez', 'Paul Okafor']);
  });

  it('gives "he said" to the last person quoted, and a surname to the first full name that ends with it', () => {
    const text = 'Eden Sassoon, daughter of Vidal Sassoon, came to the vigil. "He cared," said Sassoon. "I will miss him," she added. ' +
      'The weather was cold.';
    expect(attributeSpeakers(splitSentences(text))).toEqual([undefined, 'Eden Sassoon', 'Eden Sassoon', undefined]);
  });

  it('attributes a quotation over several sentences as a whole, wherever its attribution stands', () => {
    const text = '"This was a barbaric act. Nobody helped her," Lt. Mark Gagan said Tuesday. "It is the worst crime I have seen." ' +
      'Police made an arrest.';
    expect(speakers(text).map(([, who]) => who)).toEqual(['Lt. Mark Gagan', 'Lt. Mark Gagan', 'Lt. Mark Gagan', undefined]);
  });

  it('tells two speakers in one paragraph apart', () => {
    const text = 'Stefan Stern, director of the High Pay Centre, said: "Investors are angry. They say enough is enough." ' +
      'But Helge Lund replied that the board had listened.';
    expect(attributeSpeakers(splitSentences(text))).toEqual(['Stefan Stern', 'Stefan Stern', 'Helge Lund']);
  });

  it('finds the person behind a role: "according to the Minister for London" after "Minister for London, Tessa Jowell"', () => {
    const text = 'The memorial was opened by the Minister for London, Tessa Jowell. Each column stood for "a unique grief" according to the Minister for London.';
    expect(attributeSpeakers(splitSentences(text))[1]).toBe('Tessa Jowell');
  });
});

describe('speechQuestion and samePerson', () => {
  it('recognises what a named person said, called or described, and what the question is about', () => {
    expect(speechQuestion('What did Marc Whitten say about Google Glass?')).toMatchObject({ speaker: ['marc', 'whitten'], describes: false });
    expect(speechQuestion('How did Lt. Mark Gagan describe the attack?')).toMatchObject({ speaker: ['mark', 'gagan'], describes: true });
    expect(speechQuestion('According to Ashley Claxton, what does the decision show?')).toMatchObject({ speaker: ['ashley', 'claxton'] });
    expect(speechQuestion('What did the Morris Knolls principal say about Connor?')).toMatchObject({ speaker: ['morris', 'knolls'], role: 'principal' });
    expect(speechQuestion('What did the police say?')).toBeUndefined();
    expect(speechQuestion('What did Watt add to the steam engine?')).toBeUndefined();
    expect(speechQuestion('How many people died?')).toBeUndefined();
  });

  it('matches a surname, refuses another first name, and a role by its title', () => {
    expect(samePerson({ speaker: ['gagan'] }, 'Lt. Mark Gagan')).toBe(true);
    expect(samePerson({ speaker: ['vidal', 'sassoon'] }, 'Eden Sassoon')).toBe(false);
    expect(samePerson({ speaker: ['marc', 'whitten'] }, "Xbox's Marc Whitten")).toBe(true);
    expect(samePerson({ speaker: ['morris', 'knolls'], role: 'principal' }, 'Morris Knolls Principal Ryan MacNaughton')).toBe(true);
    expect(samePerson({ speaker: ['mollie', 'olgin'], role: 'mother' }, 'Mario Olgin')).toBe(false);
  });
});

describe('answering "what did X say"', () => {
  const store = openSqliteStorage(':memory:');
  beforeAll(async () => {
    await store.documents.add([{
      source: 'Wire', title: 'Strike talks collapse', titleOrigin: 'metadata', lang: 'en',
      text: 'Talks between the rail union and the operator collapsed on Monday. "We will strike until the pay offer is fair," said union leader Anna Brandt. ' +
        'Operator chief Tomas Weber called the strike "reckless" and said the pay offer was final. Passengers face a week of cancelled trains.',
    }]);
  });
  const ask = (q: string) => answerQuestion(store.documents, q, []);

  it('answers with the person\'s own words, quoted verbatim and cited', async () => {
    const a = await ask('What did Anna Brandt say about the pay offer?');
    expect(a.status).toBe('answered');
    expect(a.text).toBe('"We will strike until the pay offer is fair," said union leader Anna Brandt.');
    expect(a.citations[0]?.quote).toBe(a.text);
  });

  it('does not answer with someone else\'s words, nor with the person speaking of something else', async () => {
    expect((await ask('What did Maria Brandt say about the pay offer?')).status).toBe('not_found');
    expect((await ask('What did Sven Lund say about the strike?')).status).toBe('not_found');
    expect((await ask('What did Anna Brandt say about the weather in Paris?')).status).toBe('not_found');
    expect((await ask('What did Tomas Weber call the strike?')).text).toMatch(/reckless/);
  });
});
