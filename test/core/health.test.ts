import { describe, expect, it } from 'vitest';
import { healthReport, healthResponse } from '../../src/health.js';

const adapter = (platform: 'slack' | 'discord', up: boolean) => ({ platform, connected: () => up });

describe('health', () => {
  it('is ready when the database answers and every adapter is connected; says which check failed otherwise', () => {
    expect(healthReport({ databaseReachable: () => true }, [adapter('slack', true), adapter('discord', true)]))
      .toEqual({ ready: true, checks: { database: 'ok', slack: 'connected', discord: 'connected' } });
    expect(healthReport({ databaseReachable: () => true }, [adapter('slack', true), adapter('discord', false)]))
      .toEqual({ ready: false, checks: { database: 'ok', slack: 'connected', discord: 'disconnected' } });
    expect(healthReport({ databaseReachable: () => false }, []).ready).toBe(false);
  });

  it('answers /healthz always, /readyz 200 or 503 with the checks, and nothing else', () => {
    const up = () => ({ ready: true, checks: { database: 'ok' as const } });
    const down = () => ({ ready: false, checks: { database: 'unreachable' as const } });
    expect(healthResponse('/healthz', down)).toEqual({ status: 200, body: 'ok\n' });
    expect(healthResponse('/readyz?verbose=1', up)?.status).toBe(200);
    expect(JSON.parse(healthResponse('/readyz', down)!.body)).toEqual({ ready: false, checks: { database: 'unreachable' } });
    expect(healthResponse('/readyz', down)?.status).toBe(503);
    expect(healthResponse('/metrics', up)).toBeUndefined();
  });
});
