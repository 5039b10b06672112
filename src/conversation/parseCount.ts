/** A count as people type it: "40", "1 200", "about 40", "environ 40 utilisateurs", "circa 40 utenti", "大约40个用户". */
export interface Count {
  readonly value: number;
  /** Said as an estimate ("about", "environ", "circa", "大约", "~", "左右"). */
  readonly approximate: boolean;
}

/** Words that make a count an estimate, before the number (folded: lower case, no accents). */
const ABOUT_BEFORE = [
  'about', 'around', 'approximately', 'approx.', 'approx', 'roughly', 'nearly', 'almost', 'some', 'ca.', 'ca', '~', '±', '+/-',
  'environ', 'a peu pres', 'pres de', 'autour de', 'quasiment', 'presque', 'a peu pres', 'env.',
  'circa', 'piu o meno', "all'incirca", 'quasi', 'intorno a', 'intorno ai', 'approssimativamente',
  '大约', '大概', '约', '差不多', '将近', '接近', '近',
];
/** …and after it ("40 environ", "40左右"). */
const ABOUT_AFTER = ['or so', 'environ', 'circa', '左右', '上下', '多'];
/** What is counted, after the number: users, people, mailboxes, in our languages. */
const UNITS = [
  'users', 'user', 'people', 'persons', 'mailboxes', 'employees', 'staff',
  'utilisateurs', 'utilisateur', 'personnes', 'collaborateurs', 'boites aux lettres', 'boites', 'salaries',
  'utenti', 'utente', 'persone', 'caselle', 'dipendenti',
  '个用户', '用户', '个人', '人', '个邮箱', '邮箱', '名员工', '员工', '个', '名',
];

const NUMBER = /^\d{1,3}(?:[ \u00a0\u202f.,']\d{3})+$|^\d{1,9}$/;

function fold(text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

function stripStart(text: string, words: readonly string[]): [string, boolean] {
  const w = words.find((x) => text.startsWith(x) && (/[^a-z]$/.test(x) || !/^[a-z]/.test(text.slice(x.length))));
  return w ? [text.slice(w.length).trim(), true] : [text, false];
}

function stripEnd(text: string, words: readonly string[]): [string, boolean] {
  const w = words.find((x) => text.endsWith(x) && (/^[^a-z]/.test(x) || !/[a-z]$/.test(text.slice(0, -x.length))));
  return w ? [text.slice(0, -w.length).trim(), true] : [text, false];
}

/** Reads a count, exact or estimated; null when the text is not one (a range, words only, a negative number). */
export function parseCount(text: string): Count | null {
  if (text.length > 100) return null;
  let rest = fold(text).replace(/[.!。]$/, '').trim();
  let before: boolean;
  let after: boolean;
  [rest, before] = stripStart(rest, ABOUT_BEFORE);
  [rest] = stripEnd(rest, UNITS);
  [rest, after] = stripEnd(rest, ABOUT_AFTER);
  [rest] = stripEnd(rest, UNITS);
  if (!NUMBER.test(rest)) return null;
  const value = Number(rest.replace(/[ \u00a0\u202f.,']/g, ''));
  return Number.isSafeInteger(value) ? { value, approximate: before || after } : null;
}
