/** TRIAGE_THREADS: 'auto' (the default) follows the machine's cores; numbers 0–8 are taken as they are. */
function configWithCores(cores: number, env: Record<string, string | undefined>): number {
  let threads = -1;
  jest.isolateModules(() => {
    jest.doMock('node:os', () => ({ ...jest.requireActual<typeof import('node:os')>('node:os'), availableParallelism: () => cores }));
    const { loadConfig } = jest.requireActual<typeof import('../../src/config/config')>('../../src/config/config');
    threads = loadConfig({ ...process.env, TRIAGE_THREADS: undefined, ...env }).TRIAGE_THREADS;
  });
  jest.dontMock('node:os');
  return threads;
}

describe('TRIAGE_THREADS', () => {
  it('defaults to one thread on a machine with two cores or more, and none on a single core', () => {
    expect(configWithCores(1, {})).toBe(0);
    expect(configWithCores(2, {})).toBe(1);
    expect(configWithCores(16, { TRIAGE_THREADS: 'auto' })).toBe(1);
  });

  it('takes 0 to 8 as given, whatever the cores', () => {
    expect(configWithCores(16, { TRIAGE_THREADS: '0' })).toBe(0);
    expect(configWithCores(1, { TRIAGE_THREADS: '3' })).toBe(3);
  });

  it('refuses anything else with a message naming the setting', () => {
    for (const bad of ['9', '-1', 'two', '1.5']) expect(() => configWithCores(2, { TRIAGE_THREADS: bad })).toThrow(/TRIAGE_THREADS: expected 'auto' or a whole number from 0 to 8/);
  });
});
