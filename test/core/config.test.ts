import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('has defaults that need nothing', () => {
    const c = loadConfig({});
    expect(c.BRIEFBOT_DB).toBe('./data/briefbot.db');
    expect(c.PORT).toBe(3000);
    expect(c.SLACK_BOT_TOKEN).toBeUndefined();
  });

  it('names each bad variable on its own line', () => {
    try {
      loadConfig({ PORT: 'eighty', SLACK_API_URL: 'not a url', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const lines = (e as Error).message.split('\n');
      expect(lines).toHaveLength(3);
      expect(lines.find((l) => l.includes('PORT'))).toMatch(/^config error: PORT .*"eighty"/);
      expect(lines.find((l) => l.includes('SLACK_API_URL'))).toMatch(/URL/);
      expect(lines.find((l) => l.includes('LOG_LEVEL'))).toBeDefined();
    }
  });

  it('refuses a half-configured platform', () => {
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/SLACK_APP_TOKEN.*SLACK_SIGNING_SECRET/);
    expect(() => loadConfig({ DISCORD_TOKEN: 'abc' })).toThrow(/DISCORD_APPLICATION_ID/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xapp-wrong', SLACK_SIGNING_SECRET: 's' })).toThrow(/SLACK_BOT_TOKEN must start with xoxb-/);
  });

  it('treats empty strings (as in a copied .env.example) as unset', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '  ' }).DISCORD_TOKEN).toBeUndefined();
  });
});
