/** Runs the turns of one conversation one after another; different conversations still run side by side. */
export class ConversationQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Conversations with a turn running or waiting; nothing is kept for a conversation once its turns are done. */
  get size(): number {
    return this.tails.size;
  }

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
