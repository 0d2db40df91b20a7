import { describe, expect, it } from 'vitest';
import { findMismatch } from '../../src/qa/mismatch.js';

const doc = 'The Huguenots settled in Kent in 1685. Their third colony was Fort Caroline. Prices rose after the war.';

describe('findMismatch: a matching sentence that does not answer the question', () => {
  it('flags a number the question names and the evidence lacks, digits or ordinal words', () => {
    expect(findMismatch('What happened in 1686?', 'The Huguenots settled in Kent in 1685.', doc, doc)).toMatchObject({ reason: 'number', detail: '1686' });
    expect(findMismatch('What happened in 1685?', 'The Huguenots settled in Kent in 1685.', doc, doc)).toBeUndefined();
    expect(findMismatch('What was their 3rd colony?', 'Their third colony was Fort Caroline.', doc, doc)).toBeUndefined();
    expect(findMismatch('What was their 4th colony?', 'Their third colony was Fort Caroline.', doc, doc)?.reason).toBe('number');
  });

  it('flags a negation the sentence lacks, and an opposite it uses instead', () => {
    expect(findMismatch('Where did the Huguenots not settle?', 'The Huguenots settled in Kent in 1685.', doc, doc)?.reason).toBe('negation');
    expect(findMismatch('What fell after the war?', 'Prices rose after the war.', doc, doc)).toMatchObject({ reason: 'opposite', detail: 'fell/rose' });
  });

  it('flags a name the article never mentions, comparing word forms', () => {
    expect(findMismatch('Where did the Huguenot colonists settle?', 'The Huguenots settled in Kent in 1685.', doc, doc)).toBeUndefined();
    expect(findMismatch('Where did the Walloon colonists settle?', 'The Huguenots settled in Kent in 1685.', doc, doc)).toMatchObject({ reason: 'name', detail: 'Walloon' });
  });
});
