import { describe, expect, it } from 'vitest';
import { findMismatch, initialisms } from '../../src/qa/mismatch.js';
import { terms } from '../../src/text/tokens.js';

const doc = 'The Huguenots settled in Kent in 1685. Their third colony was Fort Caroline. Prices rose after the war.';
const docTerms = new Set(terms(doc));

describe('findMismatch: a matching sentence that does not answer the question', () => {
  it('flags a number the question names and the evidence lacks, digits or ordinal words', () => {
    expect(findMismatch('What happened in 1686?', 'The Huguenots settled in Kent in 1685.', doc, docTerms)).toMatchObject({ reason: 'number', detail: '1686' });
    expect(findMismatch('What happened in 1685?', 'The Huguenots settled in Kent in 1685.', doc, docTerms)).toBeUndefined();
    expect(findMismatch('What was their 3rd colony?', 'Their third colony was Fort Caroline.', doc, docTerms)).toBeUndefined();
    expect(findMismatch('What was their 4th colony?', 'Their third colony was Fort Caroline.', doc, docTerms)?.reason).toBe('number');
  });

  it('flags a negation the sentence lacks, and an opposite it uses instead', () => {
    expect(findMismatch('Where did the Huguenots not settle?', 'The Huguenots settled in Kent in 1685.', doc, docTerms)?.reason).toBe('negation');
    expect(findMismatch('What fell after the war?', 'Prices rose after the war.', doc, docTerms)).toMatchObject({ reason: 'opposite', detail: 'fell/rose' });
  });

  it('flags a name the article never mentions, comparing word forms', () => {
    expect(findMismatch('Where did the Huguenot colonists settle?', 'The Huguenots settled in Kent in 1685.', doc, docTerms)).toBeUndefined();
    expect(findMismatch('Where did the Walloon colonists settle?', 'The Huguenots settled in Kent in 1685.', doc, docTerms)).toMatchObject({ reason: 'name', detail: 'Walloon' });
  });

  it('knows an initialism the article spells out, and a name written without its accents', () => {
    const text = 'The Scottish Parliament adopted the rules. The European Union and the European Court of Justice agreed. Erdoğan met Möngke.';
    const vocab = new Set(terms(text));
    const spelled = initialisms(text);
    expect([...spelled]).toEqual(expect.arrayContaining(['SP', 'EU', 'ECJ']));
    expect(findMismatch('What did the SP adopt?', 'The Scottish Parliament adopted the rules.', text, vocab, spelled)).toBeUndefined();
    expect(findMismatch('What did the UN adopt?', 'The Scottish Parliament adopted the rules.', text, vocab, spelled)).toMatchObject({ reason: 'name', detail: 'UN' });
    expect(findMismatch('Whom did Erdogan meet?', 'Erdoğan met Möngke.', text, vocab, spelled)).toBeUndefined();
    expect(terms('Erdoğan Möngke Łódź straße')).toEqual(terms('Erdogan Mongke Lodz strasse'));
  });
});
