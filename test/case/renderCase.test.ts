import { buildCase } from '../../src/case/buildCase';
import { renderAdaptiveCard } from '../../src/case/renderAdaptiveCard';
import { renderJson } from '../../src/case/renderJson';
import { renderMarkdown } from '../../src/case/renderMarkdown';
import { renderText } from '../../src/case/renderText';
import { deps, EN_LABELS, sampleInput } from '../fixtures/case/caseFixture';
import { cardValidationErrors } from './validateCard';

const summary = buildCase(sampleInput(), deps());

const NDR_LINES = [
  'Delivery has failed to these recipients or groups:',
  'partner@fabrikam.com',
  "Your message couldn't be delivered.",
  "Remote Server returned '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains'",
];

describe('a 5.7.750 case with two checked prerequisites, one answered and one skipped', () => {
  it('renders as Markdown', () => {
    expect(renderMarkdown(summary, EN_LABELS)).toBe(`# Support case summary

- **Reference:** NDR-20261123-7K3Q
- **Created:** 2026-11-23 09:30 UTC
- **Preferred language:** fr-FR
- **Ready for Support:** No, open items: 2

## Open items

### ❌ Accepted domains: Not met

- **To do:** Add and verify every domain your organization legitimately sends from as an accepted domain, and stop relaying mail for any domain you do not own.

### ⏭️ Admin accounts secured: Skipped

- **To do:** Review who holds admin roles, remove the accounts that should not, reset the passwords of the rest and require MFA for every admin.

## Tenant

- **Organization name:** Contoso Ltd
- **Default domain:** contoso.com
- **Tenant ID:** 6f1c2b7e-4d3a-4b8e-9c21-0a5f3e7d9b12

## Contact

- **Name:** Marie Dupont
- **E-mail:** marie.dupont@contoso.com
- **Phone:** +33 1 23 45 67 89

## Sending block

- **Error code:** 5.7.750
- **SMTP response:** 550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains
- **Description:** Tenant blocked from sending mail from unregistered domains
- **First seen:** 2026-11-22 18:00 UTC
- **Codes in the NDR:** 5.7.750

### NDR sample 1

- **Generating server:** AM0PR02MB5555.eurprd02.prod.outlook.com
- **Arrival time:** 2026-11-23 08:12 UTC
- **Recipients:** partner@fabrikam.com

\`\`\`text
Delivery has failed to these recipients or groups:
partner@fabrikam.com
Your message couldn't be delivered.
Remote Server returned '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains'
\`\`\`

## Impact

- **Affected users:** 40
- **Description:** Nobody in Sales can send to customers since yesterday evening.

## Prerequisites

### ❌ Accepted domains: Not met

- **Based on:** Export pasted by the admin
- **Problem:** Mail left with sender domain fabrikam-promo.biz, which is not an accepted domain.

### ✅ Inbound connectors: Met

- **Based on:** Export pasted by the admin
- **Note:** Connector Contoso on-prem relay only accepts mail from your certificate.

### ✅ On-premises servers locked down: Met

- **Based on:** Stated by the admin, not checked
- **Note:** Relay limited to 10.0.0.5 and 10.0.0.6

### ⏭️ Admin accounts secured: Skipped

- **Based on:** None provided

## Actions already taken

- Removed the unknown inbound connector "Partner relay 2"
- Reset the passwords of all admin accounts

## Request to Microsoft Support

This case is not ready yet: the open items above are still to be done. Please do not lift the 5.7.750 block on the strength of this case; it records the situation so far and will be sent again once everything is met.

## Evidence attached

- accepted-domains.json: JSON, records: 3
- inbound-connectors.txt: list, records: 1
`);
  });

  it('renders as plain text to read out, in lines of at most 60 columns', () => {
    const text = renderText(summary, EN_LABELS);
    expect(text).toBe(`Support case summary
Reference: NDR-20261123-7K3Q
Spelled out: N D R, 2 0 2 6 1 1 2 3, 7 K 3 Q
Created: 2026-11-23 09:30 UTC
Preferred language: fr-FR
Ready for Support: No, open items: 2

Open items
  1. Accepted domains: Not met
     To do: Add and verify every domain your organization
       legitimately sends from as an accepted domain, and
       stop relaying mail for any domain you do not own.
  2. Admin accounts secured: Skipped
     To do: Review who holds admin roles, remove the
       accounts that should not, reset the passwords of the
       rest and require MFA for every admin.

Tenant
  Organization name: Contoso Ltd
  Default domain: contoso.com
  Tenant ID: 6f1c2b7e-4d3a-4b8e-9c21-0a5f3e7d9b12

Contact
  Name: Marie Dupont
  E-mail: marie.dupont@contoso.com
  Phone: +33 1 23 45 67 89

Sending block
  Error code: 5.7.750
  SMTP response: 550 5.7.750 Service unavailable. Client
    blocked from sending from unregistered domains
  Description: Tenant blocked from sending mail from
    unregistered domains
  First seen: 2026-11-22 18:00 UTC
  Codes in the NDR: 5.7.750

NDR sample 1
  Generating server: AM0PR02MB5555.eurprd02.prod.outlook.com
  Arrival time: 2026-11-23 08:12 UTC
  Recipients: partner@fabrikam.com
  Text:
    Delivery has failed to these recipients or groups:
    partner@fabrikam.com
    Your message couldn't be delivered.
    Remote Server returned '550 5.7.750 Service unavailable.
    Client blocked from sending from unregistered domains'

Impact
  Affected users: 40
  Description: Nobody in Sales can send to customers since
    yesterday evening.

Prerequisites
  1. Accepted domains: Not met
     Based on: Export pasted by the admin
     Problem: Mail left with sender domain
       fabrikam-promo.biz, which is not an accepted domain.
  2. Inbound connectors: Met
     Based on: Export pasted by the admin
     Note: Connector Contoso on-prem relay only accepts mail
       from your certificate.
  3. On-premises servers locked down: Met
     Based on: Stated by the admin, not checked
     Note: Relay limited to 10.0.0.5 and 10.0.0.6
  4. Admin accounts secured: Skipped
     Based on: None provided

Actions already taken
  - Removed the unknown inbound connector "Partner relay 2"
  - Reset the passwords of all admin accounts

Request to Microsoft Support
  This case is not ready yet: the open items above are still
  to be done. Please do not lift the 5.7.750 block on the
  strength of this case; it records the situation so far and
  will be sent again once everything is met.

Evidence attached
  accepted-domains.json: JSON, records: 3
  inbound-connectors.txt: list, records: 1
`);
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
  });

  it('renders as the validated JSON', () => {
    const json = renderJson(summary, EN_LABELS);
    expect(json.startsWith('{\n  "schemaVersion": 3,\n  "reference": "NDR-20261123-7K3Q",\n')).toBe(true);
    expect(JSON.parse(json)).toEqual({
      schemaVersion: 3,
      reference: 'NDR-20261123-7K3Q',
      createdAt: '2026-11-23T09:30:00.000Z',
      language: 'en',
      preferredLanguage: 'fr-FR',
      tenant: { name: 'Contoso Ltd', defaultDomain: 'contoso.com', id: '6f1c2b7e-4d3a-4b8e-9c21-0a5f3e7d9b12' },
      contact: { name: 'Marie Dupont', email: 'marie.dupont@contoso.com', phone: '+33 1 23 45 67 89' },
      block: {
        code: '5.7.750',
        smtpText: '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains',
        title: 'Tenant blocked from sending mail from unregistered domains',
        firstSeen: '2026-11-22T18:00:00.000Z',
        alert: null,
      },
      codes: ['5.7.750'],
      ndrSamples: [
        {
          text: NDR_LINES.join('\n'),
          generatingServer: 'AM0PR02MB5555.eurprd02.prod.outlook.com',
          arrivalTime: '2026-11-23T08:12:00.000Z',
          recipients: ['partner@fabrikam.com'],
        },
      ],
      impact: { affectedUsers: 40, affectedUsersApproximate: false, description: 'Nobody in Sales can send to customers since yesterday evening.' },
      ready: false,
      prerequisites: [
        {
          id: 'accepted-domains',
          title: 'Accepted domains',
          status: 'not-met',
          basis: 'pasted',
          readAt: null,
          findings: [{ severity: 'problem', text: 'Mail left with sender domain fabrikam-promo.biz, which is not an accepted domain.' }],
        },
        {
          id: 'inbound-connectors',
          title: 'Inbound connectors',
          status: 'met',
          basis: 'pasted',
          readAt: null,
          findings: [{ severity: 'info', text: 'Connector Contoso on-prem relay only accepts mail from your certificate.' }],
        },
        {
          id: 'onprem-lockdown',
          title: 'On-premises servers locked down',
          status: 'met',
          basis: 'self-attested',
          readAt: null,
          findings: [{ severity: 'info', text: 'Relay limited to 10.0.0.5 and 10.0.0.6' }],
        },
        { id: 'admin-hygiene', title: 'Admin accounts secured', status: 'skipped', basis: 'skipped', readAt: null, findings: [] },
      ],
      openItems: [
        {
          id: 'accepted-domains',
          title: 'Accepted domains',
          status: 'not-met',
          fix: 'Add and verify every domain your organization legitimately sends from as an accepted domain, and stop relaying mail for any domain you do not own.',
        },
        {
          id: 'admin-hygiene',
          title: 'Admin accounts secured',
          status: 'skipped',
          fix: 'Review who holds admin roles, remove the accounts that should not, reset the passwords of the rest and require MFA for every admin.',
        },
      ],
      actionsTaken: ['Removed the unknown inbound connector "Partner relay 2"', 'Reset the passwords of all admin accounts'],
      askOfSupport:
        'This case is not ready yet: the open items above are still to be done. Please do not lift the 5.7.750 block on the strength of this case; it records the situation so far and will be sent again once everything is met.',
      evidence: [
        { name: 'accepted-domains.json', format: 'json', records: 3 },
        { name: 'inbound-connectors.txt', format: 'list', records: 1 },
      ],
    });
  });

  it('renders as an Adaptive Card 1.5 that the adaptivecards library parses without validation errors', () => {
    const card = renderAdaptiveCard(summary, EN_LABELS);
    expect(cardValidationErrors(card)).toEqual([]);

    const facts = (...pairs: [string, string][]) => ({ type: 'FactSet', facts: pairs.map(([title, value]) => ({ title, value })) });
    const heading = (text: string) => ({ type: 'TextBlock', text, wrap: true, weight: 'Bolder', size: 'Medium', separator: true, spacing: 'Medium' });
    const line = (text: string) => ({ type: 'TextBlock', text, wrap: true, fontType: 'Monospace', size: 'Small', spacing: 'None' });
    expect(card).toEqual({
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'Support case summary', size: 'Large', weight: 'Bolder', wrap: true },
        facts(['Reference', 'NDR-20261123-7K3Q'], ['Created', '2026-11-23 09:30 UTC'], ['Preferred language', 'fr-FR']),
        { type: 'TextBlock', text: 'Ready for Support: No, open items: 2', weight: 'Bolder', color: 'Attention', wrap: true },
        heading('Open items'),
        {
          type: 'Container',
          style: 'attention',
          spacing: 'Small',
          items: [
            { type: 'TextBlock', text: '❌ Accepted domains: Not met', weight: 'Bolder', wrap: true },
            {
              type: 'TextBlock',
              text: 'To do: Add and verify every domain your organization legitimately sends from as an accepted domain, and stop relaying mail for any domain you do not own.',
              wrap: true,
              spacing: 'Small',
            },
          ],
        },
        {
          type: 'Container',
          style: 'emphasis',
          spacing: 'Small',
          items: [
            { type: 'TextBlock', text: '⏭️ Admin accounts secured: Skipped', weight: 'Bolder', wrap: true },
            {
              type: 'TextBlock',
              text: 'To do: Review who holds admin roles, remove the accounts that should not, reset the passwords of the rest and require MFA for every admin.',
              wrap: true,
              spacing: 'Small',
            },
          ],
        },
        heading('Tenant'),
        facts(['Organization name', 'Contoso Ltd'], ['Default domain', 'contoso.com'], ['Tenant ID', '6f1c2b7e-4d3a-4b8e-9c21-0a5f3e7d9b12']),
        heading('Contact'),
        facts(['Name', 'Marie Dupont'], ['E-mail', 'marie.dupont@contoso.com'], ['Phone', '+33 1 23 45 67 89']),
        heading('Sending block'),
        facts(
          ['Error code', '5.7.750'],
          ['SMTP response', '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains'],
          ['Description', 'Tenant blocked from sending mail from unregistered domains'],
          ['First seen', '2026-11-22 18:00 UTC'],
          ['Codes in the NDR', '5.7.750'],
        ),
        {
          type: 'ActionSet',
          actions: [
            {
              type: 'Action.ShowCard',
              title: 'NDR sample 1',
              card: {
                type: 'AdaptiveCard',
                body: [
                  facts(
                    ['Generating server', 'AM0PR02MB5555.eurprd02.prod.outlook.com'],
                    ['Arrival time', '2026-11-23 08:12 UTC'],
                    ['Recipients', 'partner@fabrikam.com'],
                  ),
                  line('Delivery has failed to these recipients or groups:'),
                  line('partner@fabrikam.com'),
                  line("Your message couldn't be delivered."),
                  line("Remote Server returned '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains'"),
                ],
              },
            },
          ],
        },
        heading('Impact'),
        facts(['Affected users', '40'], ['Description', 'Nobody in Sales can send to customers since yesterday evening.']),
        heading('Prerequisites'),
        {
          type: 'Container',
          style: 'attention',
          spacing: 'Small',
          items: [
            { type: 'TextBlock', text: '❌ Accepted domains', weight: 'Bolder', wrap: true },
            { type: 'TextBlock', text: 'Not met', wrap: true, color: 'Attention', weight: 'Bolder', spacing: 'None' },
            { type: 'TextBlock', text: 'Based on: Export pasted by the admin', wrap: true, isSubtle: true, spacing: 'None' },
            {
              type: 'TextBlock',
              text: 'Problem: Mail left with sender domain fabrikam-promo.biz, which is not an accepted domain.',
              wrap: true,
              color: 'Attention',
              spacing: 'Small',
            },
          ],
        },
        {
          type: 'Container',
          style: 'good',
          spacing: 'Small',
          items: [
            { type: 'TextBlock', text: '✅ Inbound connectors', weight: 'Bolder', wrap: true },
            { type: 'TextBlock', text: 'Met', wrap: true, color: 'Good', weight: 'Bolder', spacing: 'None' },
            { type: 'TextBlock', text: 'Based on: Export pasted by the admin', wrap: true, isSubtle: true, spacing: 'None' },
            {
              type: 'TextBlock',
              text: 'Note: Connector Contoso on-prem relay only accepts mail from your certificate.',
              wrap: true,
              color: 'Default',
              spacing: 'Small',
            },
          ],
        },
        {
          type: 'Container',
          style: 'good',
          spacing: 'Small',
          items: [
            { type: 'TextBlock', text: '✅ On-premises servers locked down', weight: 'Bolder', wrap: true },
            { type: 'TextBlock', text: 'Met', wrap: true, color: 'Good', weight: 'Bolder', spacing: 'None' },
            { type: 'TextBlock', text: 'Based on: Stated by the admin, not checked', wrap: true, isSubtle: true, spacing: 'None' },
            { type: 'TextBlock', text: 'Note: Relay limited to 10.0.0.5 and 10.0.0.6', wrap: true, color: 'Default', spacing: 'Small' },
          ],
        },
        {
          type: 'Container',
          style: 'emphasis',
          spacing: 'Small',
          items: [
            { type: 'TextBlock', text: '⏭️ Admin accounts secured', weight: 'Bolder', wrap: true },
            { type: 'TextBlock', text: 'Skipped', wrap: true, color: 'Default', weight: 'Bolder', spacing: 'None' },
            { type: 'TextBlock', text: 'Based on: None provided', wrap: true, isSubtle: true, spacing: 'None' },
          ],
        },
        heading('Actions already taken'),
        { type: 'TextBlock', text: '• Removed the unknown inbound connector "Partner relay 2"', wrap: true, spacing: 'Small' },
        { type: 'TextBlock', text: '• Reset the passwords of all admin accounts', wrap: true, spacing: 'Small' },
        heading('Request to Microsoft Support'),
        {
          type: 'TextBlock',
          text: 'This case is not ready yet: the open items above are still to be done. Please do not lift the 5.7.750 block on the strength of this case; it records the situation so far and will be sent again once everything is met.',
          wrap: true,
        },
        heading('Evidence attached'),
        facts(['accepted-domains.json', 'JSON, records: 3'], ['inbound-connectors.txt', 'list, records: 1']),
      ],
    });
  });
});

describe('the checks on the renderings', () => {
  it('the card validator does report a bad card', () => {
    const bad = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'x', color: 'Purple' }, { type: 'Carousel2' }] };
    expect(cardValidationErrors(bad)).toEqual([
      'InvalidPropertyValue: Invalid value "Purple" for property "color".',
      'UnknownElementType: Unknown element type "Carousel2". Fallback will be used if present.',
    ]);
  });

  it('plain text wraps Chinese, which has no spaces, at 60 columns counting each character as two', () => {
    const description = '由于本地服务器被入侵，销售部门自昨天晚上起无法向客户发送任何邮件，影响大约四十名用户的日常工作。';
    const c = buildCase({ ...sampleInput(), impactDescription: description }, deps());
    const text = renderText(c, EN_LABELS);
    expect(text).toContain(
      '  Description: 由于本地服务器被入侵，销售部门自昨天晚上起无\n    法向客户发送任何邮件，影响大约四十名用户的日常工作。\n',
    );
  });
});
