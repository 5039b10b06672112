import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

/** A CSV record as read, with the byte count of the input consumed so far (for progress). */
export interface CsvRecord {
  readonly cells: readonly string[];
  /** 1-based line on which the record starts. */
  readonly line: number;
}

export interface CsvOptions {
  /** Field separator; default: guessed from the first line (comma, semicolon or tab). */
  readonly delimiter?: ',' | ';' | '\t';
  /** A cell longer than this is cut (the rest is dropped, and `onCut` is told): memory stays bounded. */
  readonly maxCellChars: number;
  readonly onCut?: (line: number) => void;
  readonly onBytes?: (bytes: number) => void;
}

/**
 * RFC 4180 records from a stream, one at a time: quoted fields may hold separators, doubled quotes and line breaks
 * (a ticket's description usually does). Reads chunk by chunk with one pass over each character, so a multi-GB
 * export is read in constant memory; a UTF-8 byte-order mark is dropped. An unterminated quote runs to the end.
 */
export async function* csvRecords(source: Readable, options: CsvOptions): AsyncGenerator<CsvRecord> {
  const decoder = new StringDecoder('utf8');
  let delimiter = options.delimiter ?? null;
  let pendingStart = '';
  let cells: string[] = [];
  let cell = '';
  let cut = false;
  let quoted = false;
  let quoteSeen = false;
  let line = 1;
  let recordLine = 1;
  let first = true;
  let anyInRecord = false;
  /** The last character was a CR that ended a record: a LF right after it (maybe in the next chunk) belongs to it. */
  let afterCR = false;

  /** Adds text to the cell, up to the cap; the first time it is cut, says so. */
  const push = (text: string) => {
    const room = options.maxCellChars - cell.length;
    if (text.length <= room) cell += text;
    else {
      if (room > 0) cell += text.slice(0, room);
      if (!cut) {
        cut = true;
        options.onCut?.(recordLine);
      }
    }
  };
  const endCell = () => {
    cells.push(cell);
    cell = '';
    quoteSeen = false;
  };
  const linesIn = (text: string, from: number, to: number) => {
    let n = 0;
    for (let k = text.indexOf('\n', from); k >= 0 && k < to; k = text.indexOf('\n', k + 1)) n++;
    return n;
  };

  /** Reads a piece of the input; runs of ordinary characters are taken as slices, not one by one. */
  function* feed(text: string): Generator<CsvRecord> {
    let i = 0;
    while (i < text.length) {
      if (afterCR) {
        afterCR = false;
        if (text[i] === '\n') {
          i++;
          continue;
        }
      }
      if (quoted) {
        const q = text.indexOf('"', i);
        const end = q < 0 ? text.length : q;
        push(text.slice(i, end));
        line += linesIn(text, i, end);
        if (q < 0) return;
        if (q + 1 === text.length) {
          // The next chunk decides whether this quote is doubled: keep it for then.
          pendingStart = '"';
          return;
        }
        if (text[q + 1] === '"') {
          push('"');
          i = q + 2;
        } else {
          quoted = false;
          i = q + 1;
        }
        continue;
      }
      const ch = text[i]!;
      if (ch === '"' && cell === '' && !quoteSeen) {
        quoted = true;
        quoteSeen = true;
        anyInRecord = true;
        i++;
      } else if (ch === delimiter) {
        endCell();
        anyInRecord = true;
        i++;
      } else if (ch === '\n' || ch === '\r') {
        afterCR = ch === '\r';
        line++;
        if (anyInRecord || cell !== '') {
          endCell();
          yield { cells, line: recordLine };
        }
        cells = [];
        cut = false;
        anyInRecord = false;
        recordLine = line;
        i++;
      } else {
        let j = i + 1;
        while (j < text.length) {
          const c = text[j];
          if (c === '"' || c === '\n' || c === '\r' || c === delimiter) break;
          j++;
        }
        push(text.slice(i, j));
        anyInRecord = true;
        i = j;
      }
    }
  }

  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Buffer).length;
    let text = pendingStart + (typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer));
    pendingStart = '';
    if (first) {
      text = text.replace(/^\uFEFF/, '');
      if (delimiter === null) {
        const nl = text.search(/[\r\n]/);
        if (nl < 0 && text.length < 65536) {
          // Not even one line yet: wait for more.
          pendingStart = text;
          options.onBytes?.(bytes);
          continue;
        }
        delimiter = guessDelimiter(nl < 0 ? text : text.slice(0, nl));
      }
      first = false;
    }
    yield* feed(text);
    options.onBytes?.(bytes);
  }
  let rest = pendingStart + decoder.end();
  if (first && rest !== '') {
    rest = rest.replace(/^\uFEFF/, '');
    delimiter ??= guessDelimiter(rest.split(/[\r\n]/)[0] ?? '');
  }
  pendingStart = '';
  if (rest === '"') {
    // A closing quote at the very end of the input.
    quoted = false;
    rest = '';
  }
  yield* feed(rest);
  if (anyInRecord || cell !== '') {
    endCell();
    yield { cells, line: recordLine };
  }
}

/** The separator of a header line: the one that occurs most outside quotes (comma when none does). */
export function guessDelimiter(header: string): ',' | ';' | '\t' {
  const unquoted = header.replace(/"[^"]*"/g, '');
  const counts = ([',', ';', '\t'] as const).map((d) => ({ d, n: unquoted.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0]!.n > 0 ? counts[0]!.d : ',';
}
