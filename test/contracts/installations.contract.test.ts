// Contract of the InstallationRepository port (src/store/repositories.ts), for every backend.
import { describe, expect, it } from 'vitest';
import { backends, storagePerTest } from './backends.js';

const installation = (team: string, token: string) => ({ team: { id: team, name: `“${team}” <!channel>` }, bot: { token, userId: 'UB', id: 'BB' }, scopes: ['commands'] });

describe.each(backends)('InstallationRepository contract on $name', (backend) => {
  const f = storagePerTest(backend, '2026-06-01T07:00:00.000Z');
  const repo = () => f.storage.installations;

  it('keeps one installation per workspace, as given; a reinstall replaces it', async () => {
    await repo().save('T-A', installation('T-A', 'xoxb-a1'), f.clock);
    await repo().save('T-B', installation('T-B', 'xoxb-b'), f.clock);
    await repo().save('T-A', installation('T-A', 'xoxb-a2'), f.clock);
    expect(await repo().count()).toBe(2);
    expect(await repo().find('T-A')).toEqual(installation('T-A', 'xoxb-a2'));
    expect(await repo().find('T-B')).toEqual(installation('T-B', 'xoxb-b'));
    expect(await repo().find('T-C')).toBeUndefined();
  });

  it('remove(): that workspace only, and says how many', async () => {
    await repo().save('T-A', installation('T-A', 'xoxb-a'), f.clock);
    await repo().save('T-B', installation('T-B', 'xoxb-b'), f.clock);
    expect(await repo().remove('T-A')).toBe(1);
    expect(await repo().remove('T-A')).toBe(0);
    expect(await repo().find('T-A')).toBeUndefined();
    expect(await repo().count()).toBe(1);
  });
});
