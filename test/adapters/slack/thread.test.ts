import { describe, expect, it } from 'vitest';
import { BoundedMap } from '../../../adapters/kit/bounded-map.js';
import { isBroadcastOnly, questionFrom, turnsFromMessages } from '../../../adapters/slack/thread.js';

const bot = { botId: 'BBOT', botUserId: 'UBOT' };

describe('questionFrom', () => {
  it('strips the bot mention and turns Slack markup into plain text', () => {
    expect(questionFrom('<@UBOT> who met  <@U2|ana> in <#C1|general>? see <https://x.example|this> &amp; &lt;that&gt;', 'UBOT')).toBe(
      'who met @ana in #general? see this & <that>',
    );
    expect(questionFrom('<@UBOT|briefbot>', 'UBOT')).toBe('');
  });
  it('detects broadcasts that do not mention the bot', () => {
    expect(isBroadcastOnly('<!channel> hi', bot)).toBe(true);
    expect(isBroadcastOnly('<!here|here> <@UBOT> hi', bot)).toBe(false);
    expect(isBroadcastOnly('<@UBOT> hi', bot)).toBe(false);
  });
});

describe('turnsFromMessages', () => {
  const msgs = [
    { ts: '1.0', user: 'U1', text: '<@UBOT> first question?' },
    { ts: '2.0', user: 'UBOT', bot_id: 'BBOT', text: 'First answer &amp; more.' },
    { ts: '2.5', user: 'UBOT', bot_id: 'BBOT', text: 'Answer (continued, part 2 of 2)' },
    { ts: '3.0', user: 'U2', text: 'chatter' },
    { ts: '3.5', bot_id: 'BOTHER', text: '<@UBOT> from another bot' },
    { ts: '4.0', user: 'U1', text: '<@UBOT> second, unanswered?' },
    { ts: '5.0', user: 'U1', text: '<@UBOT> the current one' },
  ];
  it('pairs questions with the bot’s first reply, oldest first, up to the current message', () => {
    expect(turnsFromMessages(msgs, bot, { beforeTs: '5.0', requireMention: true })).toEqual([
      { question: 'first question?', answer: 'First answer & more.' },
      { question: 'second, unanswered?' },
    ]);
  });
  it('in DMs every message from a person is a question', () => {
    const turns = turnsFromMessages(msgs, bot, { beforeTs: '5.0', requireMention: false });
    expect(turns.map((t) => t.question)).toEqual(['first question?', 'chatter', 'second, unanswered?']);
  });
});

describe('BoundedMap', () => {
  it('keeps a bounded number of entries, least recently used out first, within a TTL', () => {
    let now = 2000;
    const m = new BoundedMap<string, number>({ max: 2, ttlMs: 1000, now: () => now });
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    expect([m.get('a'), m.get('b'), m.get('c'), m.size]).toEqual([undefined, 2, 3, 2]);
    m.get('b'); // used: now the most recent, so 'c' is the one to go
    m.set('d', 4);
    expect([m.get('b'), m.get('c'), m.get('d')]).toEqual([2, undefined, 4]);
    now = 4000;
    expect([m.get('b'), m.size]).toEqual([undefined, 1]);
  });
});
