// Digest delivery (PlatformAdapter.post): a long brief split across messages, each within Discord's limits.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DiscordMessagePayload } from '../../../adapters/discord/render.js';
import type { BriefBot } from '../../../src/app.js';
import { Brief } from '../../../src/domain.js';
import { isUserError } from '../../../src/errors.js';
import { assertWithinLimits, story } from '../../doubles/discord-briefs.js';
import { CHANNEL_ID, discordTestApp, startDiscordHarness, type DiscordHarness } from '../../doubles/discord-harness.js';

describe('discord digest delivery', () => {
  let bot: BriefBot;
  let h: DiscordHarness;
  beforeEach(async () => {
    const app = await discordTestApp({ seeds: [] });
    bot = app.bot;
    h = await startDiscordHarness(app);
  });
  afterEach(async () => {
    await h.close();
    await bot.close();
  });

  it('reports itself connected once the gateway is ready, and not after it stops (for /readyz)', async () => {
    expect(h.adapter.connected()).toBe(true);
    await h.adapter.stop();
    expect(h.adapter.connected()).toBe(false);
  });

  it('posts a 30-story brief as several messages in order, within limits, buttons under the last', async () => {
    const brief = Brief.parse({ generatedAt: '2021-04-09T08:00:00Z', request: {}, stories: Array.from({ length: 30 }, (_, i) => story(i)), method: 'llm', notes: [] });
    await h.adapter.post({ channelId: CHANNEL_ID }, brief);
    const posts = h.rest.find('POST', new RegExp(`^/channels/${CHANNEL_ID}/messages$`));
    expect(posts.length).toBeGreaterThan(3);
    const bodies = posts.map((p) => p.body as DiscordMessagePayload & { components?: unknown[]; allowed_mentions?: unknown });
    assertWithinLimits(bodies);
    expect(bodies.every((b) => JSON.stringify(b.allowed_mentions) === '{"parse":[],"replied_user":false}')).toBe(true);
    expect(bodies.slice(0, -1).every((b) => (b.components ?? []).length === 0)).toBe(true);
    expect(bodies.at(-1)?.components).toHaveLength(1);
    const titles = bodies.flatMap((b) => b.embeds.map((e) => e.title ?? '')).filter((t) => !t.includes('(continued)'));
    expect(titles.map((t) => t.split(':')[0])).toEqual(Array.from({ length: 30 }, (_, i) => `Story ${i}`));
  });

  it('rejects with a UserError for a channel it cannot see', async () => {
    const brief = Brief.parse({ generatedAt: '2021-04-09T08:00:00Z', request: {}, stories: [], method: 'extractive', notes: [] });
    const error = await h.adapter.post({ channelId: '900000000000000404' }, brief).catch((e: unknown) => e);
    expect(isUserError(error)).toBe(true);
    expect(String(error)).toMatch(/900000000000000404/);
  });
});
