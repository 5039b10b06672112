import { decodeFileText } from '../ndr/decodeText';

/** A Bot Framework attachment, as far as reading a file needs it. */
export interface FileAttachment {
  readonly contentType?: string;
  readonly contentUrl?: string;
  readonly name?: string;
  readonly content?: unknown;
}

/** What became of an attached file: its text, or why it could not be read. */
export type FileRead =
  | { readonly kind: 'read'; readonly name: string; readonly bytes: number; readonly text: string }
  | { readonly kind: 'too-large'; readonly name: string; readonly maxBytes: number }
  | { readonly kind: 'binary'; readonly name: string }
  | { readonly kind: 'failed'; readonly name: string };

/** Teams sends a file the user attached as this, with a pre-authenticated `downloadUrl` on SharePoint / OneDrive. */
export const TEAMS_FILE_DOWNLOAD = 'application/vnd.microsoft.teams.file.download.info';

export interface FileReaderOptions {
  /** Larger files are not read on (UPLOAD_MAX_BYTES). */
  readonly maxBytes: number;
  /** Hosts a Teams file may be downloaded from: the host itself or any subdomain of it (FILE_DOWNLOAD_HOSTS). */
  readonly allowedHosts: readonly string[];
  /** http as well as https (tests against a local server only). */
  readonly allowHttp: boolean;
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

export type FileReader = (attachment: FileAttachment) => Promise<FileRead>;

const MAX_REDIRECTS = 3;

/**
 * The attachments of a message that are files: a Teams file (download info), a file carried in the activity as a
 * `data:` URL (the local Direct Line upload), or any other attachment with a URL to its content (Azure Direct Line's
 * uploads) — downloaded only from FILE_DOWNLOAD_HOSTS, else the user hears it could not be read. Cards and Teams'
 * HTML copy of the message (content inline, no URL) are not files.
 */
export function fileAttachmentsOf(attachments: readonly FileAttachment[] | undefined): FileAttachment[] {
  return (attachments ?? []).filter(
    (a) => a.contentType === TEAMS_FILE_DOWNLOAD || (typeof a.contentUrl === 'string' && !(a.contentType ?? '').startsWith('application/vnd.microsoft.card.')),
  );
}

/** True when `url` may be fetched: https (or http when allowed), no credentials, an allowed host or a subdomain of one. */
export function downloadAllowed(url: string, options: Pick<FileReaderOptions, 'allowedHosts' | 'allowHttp'>): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && !(options.allowHttp && parsed.protocol === 'http:')) return false;
  if (parsed.username !== '' || parsed.password !== '') return false;
  const host = parsed.hostname.toLowerCase();
  return options.allowedHosts.some((h) => host === h || host.endsWith(`.${h}`));
}

export function createFileReader(options: FileReaderOptions): FileReader {
  const doFetch = options.fetch ?? fetch;

  /** The bytes of a `data:` URL, or too large (judged from its length, before decoding). */
  function fromDataUrl(url: string): Uint8Array | 'too-large' | 'failed' {
    const comma = url.indexOf(',');
    if (comma < 0) return 'failed';
    const base64 = url.slice(0, comma).toLowerCase().endsWith(';base64');
    const payload = url.slice(comma + 1);
    if ((base64 ? Math.floor((payload.length * 3) / 4) - 2 : payload.length) > options.maxBytes) return 'too-large';
    const bytes = base64 ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponentSafe(payload), 'utf8');
    return bytes.length > options.maxBytes ? 'too-large' : bytes;
  }

  /** Downloads within the allowlist (every redirect checked before it is followed), the size cap and the timeout. */
  async function download(url: string): Promise<Uint8Array | 'too-large' | 'failed'> {
    const signal = AbortSignal.timeout(options.timeoutMs);
    let current = url;
    try {
      for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
        if (!downloadAllowed(current, options)) return 'failed';
        const res = await doFetch(current, { redirect: 'manual', signal });
        const location = res.headers.get('location');
        if (res.status >= 300 && res.status < 400 && location) {
          await res.body?.cancel();
          current = new URL(location, current).href;
          continue;
        }
        if (!res.ok || !res.body) {
          await res.body?.cancel();
          return 'failed';
        }
        const declared = Number(res.headers.get('content-length') ?? NaN);
        if (declared > options.maxBytes) {
          await res.body.cancel();
          return 'too-large';
        }
        return await readCapped(res.body, options.maxBytes);
      }
      return 'failed';
    } catch {
      return 'failed';
    }
  }

  return async (attachment) => {
    const name = fileNameOf(attachment);
    const url = attachment.contentType === TEAMS_FILE_DOWNLOAD ? downloadUrlOf(attachment.content) : attachment.contentUrl;
    if (!url) return { kind: 'failed', name };
    const bytes = url.startsWith('data:') && attachment.contentType !== TEAMS_FILE_DOWNLOAD ? fromDataUrl(url) : await download(url);
    if (bytes === 'too-large') return { kind: 'too-large', name, maxBytes: options.maxBytes };
    if (bytes === 'failed') return { kind: 'failed', name };
    const decoded = decodeFileText(bytes);
    return decoded.kind === 'binary' ? { kind: 'binary', name } : { kind: 'read', name, bytes: bytes.length, text: decoded.text };
  };
}

/** Reads a body to its end, or stops (and cancels the rest) as soon as it holds more than `max` bytes. */
async function readCapped(body: ReadableStream<Uint8Array>, max: number): Promise<Uint8Array | 'too-large'> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, total);
    total += value.length;
    if (total > max) {
      await reader.cancel();
      return 'too-large';
    }
    chunks.push(value);
  }
}

function fileNameOf(attachment: FileAttachment): string {
  const name = typeof attachment.name === 'string' ? attachment.name.trim().slice(0, 200) : '';
  return name === '' ? 'file' : name;
}

function downloadUrlOf(content: unknown): string | undefined {
  const url = (content as { downloadUrl?: unknown } | null | undefined)?.downloadUrl;
  return typeof url === 'string' ? url : undefined;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
