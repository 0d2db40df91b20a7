import { describe, expect, it } from 'vitest';
import { ConfigError, fetchPolicy, loadConfig, slackMultiWorkspace } from '../../src/config.js';
import { DEFAULT_FETCH_POLICY } from '../../src/fetch/index.js';

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

  it('Slack OAuth installs: all three SLACK_CLIENT_* settings, HTTP mode, and not with SLACK_BOT_TOKEN', () => {
    const oauth = { SLACK_CLIENT_ID: '1.2', SLACK_CLIENT_SECRET: 'cs', SLACK_STATE_SECRET: 'ss', SLACK_SIGNING_SECRET: 's' };
    expect(slackMultiWorkspace(loadConfig(oauth))).toBe(true);
    expect(slackMultiWorkspace(loadConfig({}))).toBe(false);
    expect(() => loadConfig({ SLACK_CLIENT_ID: '1.2', SLACK_SIGNING_SECRET: 's' })).toThrow(/SLACK_CLIENT_ID is set but SLACK_CLIENT_SECRET and SLACK_STATE_SECRET are not/);
    expect(() => loadConfig({ ...oauth, SLACK_BOT_TOKEN: 'xoxb-1' })).toThrow(/not both/);
    expect(() => loadConfig({ ...oauth, SLACK_SIGNING_SECRET: '' })).toThrow(/HTTP mode/);
    expect(() => loadConfig({ ...oauth, SLACK_APP_TOKEN: 'xapp-1' })).toThrow(/HTTP mode/);
    expect(() => loadConfig({ ...oauth, SLACK_CLIENT_SECRET: 'very-secret-value', SLACK_STATE_SECRET: '' })).toThrow(/^(?![\s\S]*very-secret-value)/);
    expect(loadConfig({ ...oauth, DIGEST_CHANNELS: 'slack:T01/C02,slack:C03' }).DIGEST_CHANNELS).toEqual(['slack:T01/C02', 'slack:C03']);
  });

  it('treats empty strings (as in a copied .env.example) as unset', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '  ' }).DISCORD_TOKEN).toBeUndefined();
  });

  it('PROGRESS_EVERY_SECONDS: 5 by default, 0 or more', () => {
    expect(loadConfig({}).PROGRESS_EVERY_SECONDS).toBe(5);
    expect(loadConfig({ PROGRESS_EVERY_SECONDS: '0' }).PROGRESS_EVERY_SECONDS).toBe(0);
    expect(() => loadConfig({ PROGRESS_EVERY_SECONDS: '-1' })).toThrow(/PROGRESS_EVERY_SECONDS must be 0 or more/);
  });

  it('RETENTION_DAYS: unset or empty keeps everything; otherwise a positive whole number of days', () => {
    expect(loadConfig({}).RETENTION_DAYS).toBeUndefined();
    expect(loadConfig({ RETENTION_DAYS: ' ' }).RETENTION_DAYS).toBeUndefined();
    expect(loadConfig({ RETENTION_DAYS: '30' }).RETENTION_DAYS).toBe(30);
    expect(() => loadConfig({ RETENTION_DAYS: '0' })).toThrow(/RETENTION_DAYS must be positive \(leave it empty to keep everything\) \(got "0"\)/);
    expect(() => loadConfig({ RETENTION_DAYS: '1.5' })).toThrow(/RETENTION_DAYS must be a whole number of days/);
    expect(() => loadConfig({ RETENTION_DAYS: 'a month' })).toThrow(/RETENTION_DAYS must be a whole number of days \(got "a month"\)/);
  });
});

describe('DATABASE_URL and secrets', () => {
  it('refuses a URL that is no postgres:// one without showing it (it may hold a password), nor any token', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://bot:s3cret@db:5432/briefbot' }).DATABASE_URL).toBe('postgres://bot:s3cret@db:5432/briefbot');
    expect(loadConfig({}).DATABASE_URL).toBeUndefined();
    const refusal = (env: Record<string, string>) => {
      try {
        loadConfig(env);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    const bad = refusal({ DATABASE_URL: 'postgre://bot:s3cret@db:5432/briefbot', SLACK_BOT_TOKEN: 'xoxp-s3cret', DATABASE_POOL_MAX: '0' });
    expect(bad).toMatch(/config error: DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL \(its value is not shown/);
    expect(bad).toMatch(/config error: SLACK_BOT_TOKEN must start with xoxb- \(its value is not shown/);
    expect(bad).toMatch(/DATABASE_POOL_MAX must be positive \(got "0"\)/);
    expect(bad).not.toContain('s3cret');
  });
});

describe('fetch settings and fetchPolicy', () => {
  it('refuses FETCH_ALLOW_HOSTS entries that are not a host name, IP or CIDR, and non-positive limits', () => {
    expect(() => loadConfig({ FETCH_ALLOW_HOSTS: 'intranet.local,*' })).toThrow(/config error: FETCH_ALLOW_HOSTS .*host name, IP address or CIDR.*\(got "intranet\.local,\*"\)/);
    expect(() => loadConfig({ FETCH_ALLOW_HOSTS: 'http://intranet.local/' })).toThrow(/FETCH_ALLOW_HOSTS/);
    expect(() => loadConfig({ FETCH_ALLOW_HOSTS: '10.0.0.0/33' })).toThrow(/FETCH_ALLOW_HOSTS/);
    expect(() => loadConfig({ FETCH_MAX_BYTES: '0' })).toThrow(/FETCH_MAX_BYTES must be positive/);
    expect(() => loadConfig({ FETCH_MAX_BYTES: 'ten megs' })).toThrow(/FETCH_MAX_BYTES/);
    expect(() => loadConfig({ FETCH_TIMEOUT_MS: '1.5' })).toThrow(/FETCH_TIMEOUT_MS must be a whole number/);
  });

  it('builds the default policy from an empty environment', () => {
    expect(fetchPolicy(loadConfig({}))).toEqual({ ...DEFAULT_FETCH_POLICY, allowHosts: [] });
    expect(DEFAULT_FETCH_POLICY).toMatchObject({ maxBytes: 10_485_760, timeoutMs: 15_000, maxRedirects: 5 });
    expect(DEFAULT_FETCH_POLICY.userAgent).toMatch(/^briefbot\//);
  });

  it('builds the policy from the FETCH_* variables', () => {
    const c = loadConfig({ FETCH_ALLOW_HOSTS: ' intranet.local , 10.0.0.0/8,,127.0.0.1 ', FETCH_MAX_BYTES: '2048', FETCH_TIMEOUT_MS: '500' });
    expect(fetchPolicy(c)).toEqual({ ...DEFAULT_FETCH_POLICY, allowHosts: ['intranet.local', '10.0.0.0/8', '127.0.0.1'], maxBytes: 2048, timeoutMs: 500 });
  });
});
