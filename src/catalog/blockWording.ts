import type { Block } from './schema';
import { FAILURE_CODE } from '../text/statusCodePatterns';

/** Words of a text, lower case, letters and digits only, single spaces. */
function words(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Words that are placeholders in the catalog's texts: the wording stops there. */
const PLACEHOLDER = /^(?:ip|ip1|xxx|yyy|asxxxxxx|xxxx)$/;

/** At most this many leading words of a block's Microsoft wording are compared. */
const WORDING_WORDS = 8;

const wordingCache = new WeakMap<Block, readonly string[]>();

/** The opening words of a block's reply texts after the code ("access denied tenant has exceeded threshold"). */
function blockWordings(block: Block): readonly string[] {
  let cached = wordingCache.get(block);
  if (!cached) {
    cached = [block.smtpText, ...block.smtpVariants]
      .map((t) => {
        const code = FAILURE_CODE.exec(t);
        const after = code ? t.slice(code.index + code[0].length) : t;
        const ws = words(after.split(/[[(<]/, 1)[0]!).split(' ');
        const end = ws.findIndex((w) => PLACEHOLDER.test(w));
        return ws.slice(0, Math.min(WORDING_WORDS, end < 0 ? ws.length : end)).join(' ');
      })
      .filter((w) => w.split(' ').length >= 3);
    wordingCache.set(block, cached);
  }
  return cached;
}

export function hasBlockWording(context: string, block: Block): boolean {
  const folded = ` ${words(context)} `;
  return blockWordings(block).some((w) => folded.includes(` ${w} `));
}
