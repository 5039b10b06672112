import { buildCase, type CaseInput } from '../../src/case/buildCase';
import { renderAdaptiveCard } from '../../src/case/renderAdaptiveCard';
import { renderJson } from '../../src/case/renderJson';
import { renderMarkdown } from '../../src/case/renderMarkdown';
import { renderText } from '../../src/case/renderText';
import { deps, EN_LABELS, sampleInput } from '../fixtures/case/caseFixture';
import { cardValidationErrors } from './validateCard';

const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const MEGABYTE = 'Sales is down. '.repeat(70_000);

const NDR = [
  "Remote Server returned '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains'",
  'password=Hunter2!Winter',
  `Authorization: Bearer ${JWT}`,
  '</div><script>alert("ndr")</script>',
  '```',
  '# not a heading',
  '\u001b[31mred\u001b[0m \u202Egnp.exe',
].join('\n');

function hostileInput(): CaseInput {
  const base = sampleInput();
  return {
    ...base,
    ndrText: NDR,
    tenant: { ...base.tenant, name: '**Contoso** [click me](http://evil.example) <img src=x onerror=alert(1)>' },
    contact: { ...base.contact, name: '</div><script>alert("name")</script>' },
    impactDescription: MEGABYTE,
    actionsTaken: [
      '# Heading\n> quote\n- item\n1. first\n| a | b |\n---',
      '`code` _em_ ~~strike~~ {{DATE(2026-11-23T09:30:00Z, SHORT)}} &lt;b&gt; pwd: S3cr3t!',
      `client_secret=abc8Q~0123456789abcdefghijklmnopqrstuvwx, AccountKey=${ACCOUNT_KEY};`,
      'https://contoso.blob.core.windows.net/c?sv=2024-01-01&sig=AbCdEf%2Bghijkl%3D&se=2026',
    ],
  };
}

const summary = buildCase(hostileInput(), deps());
const renderings = {
  markdown: renderMarkdown(summary, EN_LABELS),
  text: renderText(summary, EN_LABELS),
  json: renderJson(summary, EN_LABELS),
  card: JSON.stringify(renderAdaptiveCard(summary, EN_LABELS)),
};

describe('hostile input', () => {
  it.each(Object.entries(renderings))('leaves no secret in the %s rendering', (_name, out) => {
    for (const secret of ['Hunter2', 'eyJhbGci', 'SflKxwRJ', 'S3cr3t', 'abc8Q~', 'Eby8vdM02', 'AbCdEf']) expect(out).not.toContain(secret);
    // Markdown and card text show "\\[redacted\\]", which renders as "[redacted]".
    expect(out.replace(/\\/g, '')).toContain('[redacted]');
  });

  it.each(Object.entries(renderings))('caps the 1 MB field in the %s rendering', (_name, out) => {
    expect(out.length).toBeLessThan(30_000);
    expect(out.replace(/\\/g, '')).toContain('[truncated]');
  });

  it.each(Object.entries(renderings))('strips control and bidi characters from the %s rendering', (_name, out) => {
    expect(out).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/);
  });

  it('keeps the values, cut and redacted, in the case itself', () => {
    expect(summary.impact.description).toHaveLength(1000);
    expect(summary.impact.description!.endsWith('Sales is down. Sales is down [truncated]')).toBe(true);
    expect(summary.ndrSamples[0]!.text).toBe(
      [
        "Remote Server returned '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains'",
        'password=[redacted]',
        'Authorization: Bearer [redacted]',
        '</div><script>alert("ndr")</script>',
        '```',
        '# not a heading',
        '[31mred[0m gnp.exe',
      ].join('\n'),
    );
    expect(summary.actionsTaken[1]).toBe('`code` _em_ ~~strike~~ {{DATE(2026-11-23T09:30:00Z, SHORT)}} &lt;b&gt; pwd: [redacted]');
    expect(summary.actionsTaken[2]).toBe('client_secret=[redacted], AccountKey=[redacted];');
    expect(summary.actionsTaken[3]).toBe('https://contoso.blob.core.windows.net/c?sv=2024-01-01&sig=[redacted]&se=2026');
  });

  it('escapes Markdown and HTML in the Markdown rendering, and fences the NDR so it cannot close the fence', () => {
    const md = renderMarkdown(summary, EN_LABELS);
    expect(md).toContain('- **Organization name:** \\*\\*Contoso\\*\\* \\[click me\\]\\(http://evil.example\\) \\<img src=x onerror=alert\\(1\\)\\>');
    expect(md).toContain('- **Name:** \\</div\\>\\<script\\>alert\\(“name”\\)\\</script\\>'.replace(/[“”]/g, '"'));
    expect(md).toContain('- \\# Heading \\> quote - item 1. first \\| a \\| b \\| ---\n');
    expect(md).toContain(
      '- \\`code\\` \\_em\\_ \\~\\~strike\\~\\~ \\{\\{DATE\\(2026-11-23T09:30:00Z, SHORT\\)\\}\\} \\&lt;b\\&gt; pwd: \\[redacted\\]\n',
    );
    // The NDR holds a line of three backticks: the fence around it is four long.
    expect(md).toContain('````text\nRemote Server returned');
    expect(md).toContain('# not a heading\n[31mred[0m gnp.exe\n````\n');

    // Outside the code fence, no heading but ours, and no unescaped HTML.
    const outside = md.replace(/^````text\n[\s\S]*?\n````$/m, '');
    expect(outside.match(/^#+ .*$/gm)).toEqual([
      '# Support case summary',
      '## Open items',
      '### ❌ Accepted domains: Not met',
      '### ⏭️ Admin accounts secured: Skipped',
      '## Tenant',
      '## Contact',
      '## Sending block',
      '### NDR sample 1',
      '## Impact',
      '## Prerequisites',
      '### ❌ Accepted domains: Not met',
      '### ✅ Inbound connectors: Met',
      '### ✅ On-premises servers locked down: Met',
      '### ⏭️ Admin accounts secured: Skipped',
      '## Actions already taken',
      '## Request to Microsoft Support',
      '## Evidence attached',
    ]);
    expect(outside).not.toMatch(/(^|[^\\])</);
  });

  it('escapes the Markdown subset of Adaptive Card text, and the card still validates', () => {
    const card = renderAdaptiveCard(summary, EN_LABELS);
    expect(cardValidationErrors(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toContain(JSON.stringify('\\*\\*Contoso\\*\\* \\[click me\\]\\(http://evil.example\\) \\<img src=x onerror=alert\\(1\\)\\>'));
    expect(json).toContain(JSON.stringify('• \\`code\\` \\_em\\_ \\~\\~strike\\~\\~ \\{\\{DATE\\(2026-11-23T09:30:00Z, SHORT\\)\\}\\} \\&lt;b\\&gt; pwd: \\[redacted\\]'));
    expect(json).toContain(JSON.stringify('\\</div\\>\\<script\\>alert\\("ndr"\\)\\</script\\>'));
    expect(json).toContain(JSON.stringify('\\# not a heading'));
    expect(json).not.toMatch(/[^\\]<script/);
  });

  it('writes <, > and & as \\u escapes in the JSON rendering, which still parses to the same case', () => {
    const json = renderings.json;
    expect(json).not.toMatch(/[<>&]/);
    expect(json).toContain('\\u003c/div\\u003e\\u003cscript\\u003e');
    expect(JSON.parse(json)).toEqual(summary);
  });

  it('leaves the plain text unescaped but free of control characters, in short lines', () => {
    const text = renderText(summary, EN_LABELS);
    expect(text).toContain('  Organization name: **Contoso** [click\n    me](http://evil.example) <img src=x onerror=alert(1)>\n');
    expect(text).toContain('  - https://contoso.blob.core.windows.net/c?sv=2024-01-01&si\n    g=[redacted]&se=2026\n');
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
  });
});
