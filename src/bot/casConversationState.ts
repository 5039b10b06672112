import { ConversationState, type TurnContext } from 'botbuilder';
import { InternalError } from '../errors/errors';
import { CREATE_ONLY_ETAG, VALUE_JSON, type CasStorage } from '../storage/casStorage';

type State = Record<string, unknown>;

/**
 * What this turn read: the state (properties change it in place), its JSON when read or last saved, and the eTag
 * it had. The JSON itself is the change check: state is plain data, so equal JSON means nothing changed, and
 * comparing two strings costs less than hashing them (which is what the base class does, three times a turn).
 */
interface Cached {
  state: State;
  json: string;
  /** The stored eTag this turn's state is based on; null when nothing was stored yet. */
  eTag: string | null;
}

/**
 * Conversation state whose save is a compare-and-set. Bot Framework's BotState always saves with `eTag: '*'`
 * (last writer wins), so two instances running turns of one conversation at once overwrite each other. Here the
 * save carries the eTag read in this turn — or, when nothing was stored yet, CREATE_ONLY_ETAG — and the store
 * refuses it with StorageConflictError when another writer got there first. `clear()` keeps the eTag, so
 * clearing is also a compare-and-set. `load(context, true)` reads fresh state (and eTag) for a retry.
 */
export class CasConversationState extends ConversationState {
  private readonly cacheKey = Symbol('casConversationState');

  constructor(private readonly cas: CasStorage) {
    // The base class's storage is never used: every method that touches storage is overridden below.
    super({ read: (keys) => cas.read(keys), write: async (changes) => void (await cas.write(changes)), delete: (keys) => cas.delete(keys) });
  }

  private key(context: TurnContext): string {
    const key = this.getStorageKey(context);
    if (!key) throw new InternalError('ConversationState: activity.channelId and activity.conversation.id are required');
    return key;
  }

  override async load(context: TurnContext, force = false): Promise<State> {
    const cached = context.turnState.get(this.cacheKey) as Cached | undefined;
    if (cached && !force) return cached.state;
    const key = this.key(context);
    const item = (await this.cas.read([key]))[key] as (State & { eTag?: unknown }) | undefined;
    const { eTag, ...state } = item ?? {};
    const fresh: Cached = { state, json: JSON.stringify(state), eTag: typeof eTag === 'string' ? eTag : null };
    context.turnState.set(this.cacheKey, fresh);
    return fresh.state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const cached = context.turnState.get(this.cacheKey) as Cached | undefined;
    if (!cached) return;
    const json = JSON.stringify(cached.state);
    if (!force && json === cached.json) return;
    const key = this.key(context);
    const written = await this.cas.write({ [key]: { ...cached.state, eTag: cached.eTag ?? CREATE_ONLY_ETAG, [VALUE_JSON]: json } });
    cached.eTag = written[key] ?? null;
    cached.json = json;
  }

  override async clear(context: TurnContext): Promise<void> {
    const cached = context.turnState.get(this.cacheKey) as Cached | undefined;
    context.turnState.set(this.cacheKey, { state: {}, json: '', eTag: cached?.eTag ?? null } satisfies Cached);
  }

  override async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.cacheKey);
    await this.cas.delete([this.key(context)]);
  }

  override get(context: TurnContext): State | undefined {
    return (context.turnState.get(this.cacheKey) as Cached | undefined)?.state;
  }
}
