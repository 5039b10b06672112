import { BlobServiceClient, RestError, type BlockBlobUploadOptions, type ContainerClient } from '@azure/storage-blob';
import type { StoreItems } from 'botbuilder';
import { InternalError } from '../errors/errors';
import { blobName } from './blobName';
import { writeCondition, type CasStorage, type WriteCondition, type WrittenETags } from './casStorage';
import { StorageConflictError } from './storageConflictError';

/**
 * Bot state in Azure Blob Storage, one JSON blob per key (see blobName), for several instances sharing one
 * container. Writes are conditional on the blob's own eTag (`If-Match`), and a create-only write is
 * `If-None-Match: *`, so the service itself decides who wins a race. Azure's answers to a failed condition
 * — 412 (condition not met), 409 (the blob already exists) and 404 on a compare-and-set (deleted meanwhile) — become
 * StorageConflictError here; callers never look at status codes or messages.
 *
 * Items of one write are stored one blob at a time (Blob Storage has no multi-blob transaction); the bot
 * writes a single item per turn.
 */
export class BlobStorage implements CasStorage {
  private readonly container: ContainerClient;
  private ready: Promise<unknown> | null = null;

  constructor(connectionString: string, containerName: string) {
    this.container = BlobServiceClient.fromConnectionString(connectionString).getContainerClient(containerName);
  }

  /** Creates the container on first use (once per process; retried after a failure). */
  private ensureContainer(): Promise<unknown> {
    this.ready ??= this.container.createIfNotExists().catch((err: unknown) => {
      this.ready = null;
      throw err;
    });
    return this.ready;
  }

  async read(keys: string[]): Promise<StoreItems> {
    await this.ensureContainer();
    const found: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        try {
          const response = await this.container.getBlobClient(blobName(key)).download();
          const body = await readAll(response.readableStreamBody);
          found[key] = { ...(JSON.parse(body) as object), eTag: response.etag };
        } catch (err) {
          if (!(err instanceof RestError && err.statusCode === 404)) throw err;
        }
      }),
    );
    return found;
  }

  async write(changes: StoreItems): Promise<WrittenETags> {
    await this.ensureContainer();
    const written: WrittenETags = {};
    for (const [key, item] of Object.entries(changes)) {
      const { json: body, condition } = writeCondition(item);
      const options: BlockBlobUploadOptions = {
        blobHTTPHeaders: { blobContentType: 'application/json' },
        conditions: condition.kind === 'create' ? { ifNoneMatch: '*' } : condition.kind === 'match' ? { ifMatch: condition.eTag } : {},
      };
      try {
        const response = await this.container.getBlockBlobClient(blobName(key)).upload(body, Buffer.byteLength(body), options);
        if (!response.etag) throw new InternalError(`Blob Storage stored "${key}" without an eTag`);
        written[key] = response.etag;
      } catch (err) {
        if (isLostCondition(err, condition)) throw new StorageConflictError(key, { cause: err });
        throw err;
      }
    }
    return written;
  }

  async delete(keys: string[]): Promise<void> {
    await this.ensureContainer();
    await Promise.all(keys.map((key) => this.container.getBlobClient(blobName(key)).deleteIfExists()));
  }

  /**
   * Lists the container and deletes the blobs last modified before `cutoff`; each delete is conditional on the blob
   * still being unmodified since then, so a conversation that another instance just saved is kept.
   */
  async purgeOlderThan(cutoff: Date, keep: readonly string[] = []): Promise<number> {
    await this.ensureContainer();
    const kept = new Set(keep.map(blobName));
    let purged = 0;
    for await (const blob of this.container.listBlobsFlat()) {
      if (blob.properties.lastModified >= cutoff || kept.has(blob.name)) continue;
      try {
        const r = await this.container.getBlobClient(blob.name).deleteIfExists({ conditions: { ifUnmodifiedSince: cutoff } });
        if (r.succeeded) purged++;
      } catch (err) {
        if (!(err instanceof RestError && err.statusCode === 412)) throw err;
      }
    }
    return purged;
  }

  /** Storage is reachable: the container answers. */
  async ping(): Promise<boolean> {
    await this.ensureContainer();
    await this.container.getProperties();
    return true;
  }
}

function isLostCondition(err: unknown, condition: WriteCondition): boolean {
  if (!(err instanceof RestError) || condition.kind === 'any') return false;
  return err.statusCode === 412 || err.statusCode === 409 || (condition.kind === 'match' && err.statusCode === 404);
}

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  if (!stream) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
