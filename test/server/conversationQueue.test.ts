import { ConversationQueue } from '../../src/server/conversationQueue';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('ConversationQueue', () => {
  it('runs the turns of one conversation in order while other conversations go on', async () => {
    const queue = new ConversationQueue();
    const log: string[] = [];
    const turn = (key: string, n: number, waits: number) =>
      queue.run(key, async () => {
        log.push(`${key}${n} start`);
        for (let i = 0; i < waits; i++) await tick();
        log.push(`${key}${n} end`);
      });
    await Promise.all([turn('a', 1, 3), turn('a', 2, 0), turn('b', 1, 0)]);
    expect(log.indexOf('a1 end')).toBeLessThan(log.indexOf('a2 start'));
    expect(log.indexOf('b1 end')).toBeLessThan(log.indexOf('a1 end'));
  });

  it('keeps nothing for a conversation once its turns are done, whatever the number of conversations', async () => {
    const queue = new ConversationQueue();
    const running = Array.from({ length: 5000 }, (_, i) => queue.run(`c${i % 2500}`, async () => tick()));
    expect(queue.size).toBe(2500);
    await Promise.all(running);
    expect(queue.size).toBe(0);
  });

  it('frees the conversation when a turn fails, and the next turn still runs', async () => {
    const queue = new ConversationQueue();
    await expect(queue.run('x', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(queue.size).toBe(0);
    await expect(queue.run('x', async () => 42)).resolves.toBe(42);
    expect(queue.size).toBe(0);
  });
});
