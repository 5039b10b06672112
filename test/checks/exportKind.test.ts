import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportKindOf } from '../../src/checks/exportKind';

const FIXTURES = join(__dirname, '..', 'fixtures', 'checks');

/** Fixtures that are no export at all: empty, random text, typed lists, a prompt with no output, cut-off JSON. */
const NOT_AN_EXPORT = /^(empty|random|typed-list|addresses|prompt-only|truncated)\b/;
/** Fixtures of the wrong export pasted at a step: what they really are. */
const REALLY: Readonly<Record<string, string>> = { 'message-trace/accepted-domains.json': 'accepted-domains' };

describe('exportKindOf', () => {
  const cases = readdirSync(FIXTURES).flatMap((kind) =>
    readdirSync(join(FIXTURES, kind))
      .filter((f) => !NOT_AN_EXPORT.test(f))
      .map((f) => [kind, f] as const),
  );

  it('has fixtures of every kind to tell apart', () => {
    expect(new Set(cases.map(([kind]) => kind))).toEqual(new Set(['accepted-domains', 'audit-log', 'inbound-connectors', 'message-trace', 'restricted-users']));
  });

  it.each(cases)('tells the export in %s/%s by its columns', (kind, file) => {
    expect(exportKindOf(readFileSync(join(FIXTURES, kind, file), 'utf8'))).toBe(REALLY[`${kind}/${file}`] ?? kind);
  });

  it.each([
    ['text', 'We only use contoso.com, I think.'],
    ['a plain list of domains', 'contoso.com\nfabrikam.com'],
    ['a table of something else', 'Name  Size\n----  ----\nfoo   12'],
  ])('does not guess on %s', (_name, text) => {
    expect(exportKindOf(text)).toBeNull();
  });
});
