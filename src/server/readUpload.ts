import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { InputError, RefusedError } from '../errors/errors';

/** One file of an upload, held in memory (never more than the upload's byte cap in all). */
export interface UploadedFile {
  readonly name: string;
  readonly contentType: string;
  readonly bytes: Buffer;
}

/** What Direct Line's upload carries: the activity (its JSON part) and the files. */
export interface Upload {
  readonly activity: unknown;
  readonly files: readonly UploadedFile[];
}

/** The activity part is a small JSON document. */
export const MAX_ACTIVITY_PART_BYTES = 64 * 1024;
/** Files per upload (Web Chat sends one part per attached file). */
export const MAX_UPLOAD_FILES = 10;
/** Room for the activity part, the part headers and boundaries on top of the files themselves. */
const OVERHEAD_BYTES = MAX_ACTIVITY_PART_BYTES + 16 * 1024;

const MULTIPART = /^multipart\/form-data\s*;/i;

export function isMultipart(req: IncomingMessage): boolean {
  return MULTIPART.test(req.headers['content-type'] ?? '');
}

/**
 * Reads a Direct Line upload (multipart/form-data: a part named "activity" holding the activity as JSON, and one part
 * per file) as a stream. At most `maxBytes` of file content are kept: a request that declares more is refused before
 * anything is read, and one that sends more stops being read at the cap (RefusedError too-large; the caller answers
 * and closes the connection). Not multipart: RefusedError unsupported-media-type. Malformed: InputError.
 */
export function readUpload(req: IncomingMessage, maxBytes: number): Promise<Upload> {
  if (!isMultipart(req)) return Promise.reject(new RefusedError('unsupported-media-type', 'An upload must be multipart/form-data.'));
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > maxBytes + OVERHEAD_BYTES) return Promise.reject(tooLarge(maxBytes));
  return new Promise<Upload>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { files: MAX_UPLOAD_FILES + 1, fields: 1, parts: MAX_UPLOAD_FILES + 2, fieldSize: MAX_ACTIVITY_PART_BYTES, headerPairs: 50 },
      });
    } catch {
      reject(new InputError('The multipart body has no usable boundary.'));
      return;
    }
    let activityJson: string | null = null;
    const files: UploadedFile[] = [];
    let total = 0;
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      // Stop reading: nothing more of the body is parsed or kept.
      req.unpipe(parser);
      req.pause();
      parser.removeAllListeners();
      parser.on('error', () => undefined);
      reject(err);
    };
    parser.on('file', (field, stream, info) => {
      const isActivity = field === 'activity';
      const cap = isActivity ? MAX_ACTIVITY_PART_BYTES : maxBytes;
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        size += chunk.length;
        if (!isActivity) total += chunk.length;
        if (size > cap || total > maxBytes) return fail(isActivity ? new InputError('The activity part is too large.') : tooLarge(maxBytes));
        chunks.push(chunk);
      });
      stream.on('error', () => fail(new InputError('The multipart body is malformed.')));
      stream.on('end', () => {
        if (settled) return;
        const bytes = Buffer.concat(chunks, size);
        if (isActivity) activityJson = bytes.toString('utf8');
        else files.push({ name: info.filename ?? 'file', contentType: info.mimeType || 'application/octet-stream', bytes });
      });
    });
    // Some clients send the activity as a plain field rather than a file part.
    parser.on('field', (field, value, info) => {
      if (field === 'activity' && !info.valueTruncated) activityJson = value;
      else fail(new InputError('Unexpected or oversized form field.'));
    });
    parser.on('filesLimit', () => fail(new InputError(`At most ${MAX_UPLOAD_FILES} files per upload.`)));
    parser.on('partsLimit', () => fail(new InputError('Too many parts.')));
    parser.on('fieldsLimit', () => fail(new InputError('Too many form fields.')));
    parser.on('error', () => fail(new InputError('The multipart body is malformed.')));
    parser.on('close', () => {
      if (settled) return;
      settled = true;
      if (activityJson === null) return reject(new InputError('The upload has no "activity" part.'));
      try {
        resolve({ activity: JSON.parse(activityJson) as unknown, files });
      } catch {
        reject(new InputError('The "activity" part is not valid JSON.'));
      }
    });
    req.on('aborted', () => fail(new InputError('The upload was aborted.')));
    req.pipe(parser);
  });
}

function tooLarge(maxBytes: number): RefusedError {
  return new RefusedError('too-large', `Files may hold at most ${maxBytes} bytes in all (UPLOAD_MAX_BYTES).`);
}
