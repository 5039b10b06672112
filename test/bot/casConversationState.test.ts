import { TestAdapter, TurnContext } from 'botbuilder';
import { CasConversationState } from '../../src/bot/casConversationState';
import { VALUE_JSON } from '../../src/storage/casStorage';
import { InMemoryStorage } from '../../src/storage/inMemoryStorage';
import { StorageConflictError } from '../../src/storage/storageConflictError';

const KEY = 'test/conversations/c1/';
const turn = () => new TurnContext(new TestAdapter(), { type: 'message', channelId: 'test', conversation: { id: 'c1', isGroup: false, conversationType: '', name: '' } });

describe('CasConversationState', () => {
  it('lets only the first of two turns that started from nothing save; the other gets StorageConflictError', async () => {
    const storage = new InMemoryStorage();
    const state = new CasConversationState(storage);
    const n = state.createProperty<number>('n');
    const [a, b] = [turn(), turn()];
    await n.set(a, 1);
    await n.set(b, 2);
    await state.saveChanges(a);
    await expect(state.saveChanges(b)).rejects.toBeInstanceOf(StorageConflictError);
    expect((await storage.read([KEY]))[KEY]).toMatchObject({ n: 1 });
  });

  it('saves with the eTag this turn read: a stale turn loses, and after a forced load it wins', async () => {
    const storage = new InMemoryStorage();
    const state = new CasConversationState(storage);
    const n = state.createProperty<number>('n');
    const first = turn();
    await n.set(first, 1);
    await state.saveChanges(first);
    const [a, b] = [turn(), turn()];
    await n.set(a, (await n.get(a, 0)) + 10);
    await n.set(b, (await n.get(b, 0)) + 100);
    await state.saveChanges(a);
    await expect(state.saveChanges(b)).rejects.toBeInstanceOf(StorageConflictError);
    await state.load(b, true);
    await n.set(b, (await n.get(b, 0)) + 100);
    await state.saveChanges(b);
    expect((await storage.read([KEY]))[KEY]).toMatchObject({ n: 111 });
  });

  it('serializes the state once per save: the store gets the JSON the change check made, and nothing when it did not change', async () => {
    const storage = new InMemoryStorage();
    const written: unknown[] = [];
    const write = storage.write.bind(storage);
    storage.write = async (changes) => {
      written.push(...Object.values(changes));
      return write(changes);
    };
    const stringify = jest.spyOn(JSON, 'stringify');
    const state = new CasConversationState(storage);
    const notes = state.createProperty<string[]>('notes');
    const a = turn();
    await notes.set(a, ['ä', 'b']);
    stringify.mockClear();
    await state.saveChanges(a);
    expect(stringify).toHaveBeenCalledTimes(1);
    stringify.mockRestore();
    expect(written).toHaveLength(1);
    expect((written[0] as Record<symbol, unknown>)[VALUE_JSON]).toBe('{"notes":["ä","b"]}');
    await state.saveChanges(a);
    expect(written).toHaveLength(1);
  });

  it('saves twice in one turn, and clearing is a compare-and-set too', async () => {
    const storage = new InMemoryStorage();
    const state = new CasConversationState(storage);
    const n = state.createProperty<number>('n');
    const a = turn();
    await n.set(a, 1);
    await state.saveChanges(a);
    await n.set(a, 2);
    await state.saveChanges(a);
    const [b, c] = [turn(), turn()];
    await state.load(b);
    await state.load(c);
    await state.clear(b);
    await state.saveChanges(b);
    await state.clear(c);
    await expect(state.saveChanges(c)).rejects.toBeInstanceOf(StorageConflictError);
    expect((await storage.read([KEY]))[KEY]).toEqual({ eTag: expect.any(String) });
  });

  it('writes nothing when the turn changed nothing, and writes when a nested value changed in place', async () => {
    const storage = new InMemoryStorage();
    let writes = 0;
    const counting = Object.assign(Object.create(storage) as InMemoryStorage, {
      write: (changes: Parameters<InMemoryStorage['write']>[0]) => (writes++, storage.write(changes)),
    });
    const state = new CasConversationState(counting);
    const box = state.createProperty<{ items: number[] }>('box');
    const a = turn();
    await box.set(a, { items: [1] });
    await state.saveChanges(a);
    expect(writes).toBe(1);
    const b = turn();
    await box.get(b);
    await state.saveChanges(b);
    expect(writes).toBe(1);
    (await box.get(b))!.items.push(2);
    await state.saveChanges(b);
    expect(writes).toBe(2);
    await state.saveChanges(b);
    expect(writes).toBe(2);
    await state.saveChanges(b, true);
    expect(writes).toBe(3);
    expect((await storage.read([KEY]))[KEY]).toMatchObject({ box: { items: [1, 2] } });
  });
});
