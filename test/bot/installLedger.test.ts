import { InstallLedger } from '../../src/bot/teamsTurn';
import { InMemoryStorage } from '../../src/storage/inMemoryStorage';

describe('InstallLedger: one welcome per installation', () => {
  it('of two announcements racing, exactly one claims the installation', async () => {
    const ledger = new InstallLedger(new InMemoryStorage());
    const claims = await Promise.all([ledger.claim('teams-installed/team:19:t'), ledger.claim('teams-installed/team:19:t')]);
    expect(claims.sort()).toEqual([false, true]);
    expect(await ledger.claim('teams-installed/team:19:other')).toBe(true);
  });

  it('a released installation can be claimed again (the app was removed, then added)', async () => {
    const ledger = new InstallLedger(new InMemoryStorage());
    expect(await ledger.claim('k')).toBe(true);
    await ledger.release('k');
    expect([await ledger.claim('k'), await ledger.claim('k')]).toEqual([true, false]);
  });
});
