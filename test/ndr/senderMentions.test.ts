import { parseNdr } from '../../src/ndr/parseNdr';
import { mentionedSenderDomain, tenantIdInHeaders } from '../../src/ndr/senderMentions';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const MESSAGE = '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0';

describe('the sending tenant in header fields', () => {
  it.each([
    [`X-MS-Exchange-CrossTenant-Id: ${TENANT}`, TENANT],
    [`x-ms-exchange-crosstenant-id:{${TENANT.toUpperCase()}}`, TENANT],
    // A message's id is no tenant, whichever family of fields carries it.
    [`X-MS-Exchange-Organization-Network-Message-Id: ${MESSAGE}\nX-MS-Exchange-CrossTenant-Network-Message-Id: ${MESSAGE}\nX-MS-Exchange-CrossTenant-Id: ${TENANT}`, TENANT],
    [`X-MS-Exchange-Organization-Network-Message-Id: ${MESSAGE}`, null],
    [`X-MS-Exchange-CrossTenant-Network-Message-Id: ${MESSAGE}`, null],
    [`X-MS-Exchange-CrossTenant-Id-Extra: ${TENANT}`, null],
    [`Our tenant is X-MS-Exchange-CrossTenant-Id: ${TENANT}`, null],
    ['X-MS-Exchange-CrossTenant-Id: not-a-guid', null],
  ])('%s → %s', (text, expected) => {
    expect(tenantIdInHeaders(text)).toBe(expected);
  });

  it('is read from a pasted NDR with its original headers', async () => {
    const ndr = `Delivery has failed to these recipients or groups:\n\npaul@fabrikam.fr\nRemote Server returned '550 5.7.750 Service unavailable. Client blocked from sending from unregistered domains'\n\nOriginal message headers:\n\nFrom: Claire <claire@contoso.com>\nX-MS-Exchange-Organization-Network-Message-Id: ${MESSAGE}\nX-MS-Exchange-CrossTenant-Id: ${TENANT}\n`;
    expect((await parseNdr(ndr)).tenantId).toBe(TENANT);
  });
});

describe('the sending domain a description names', () => {
  it.each([
    ['every message sent from contoso.com bounces', 'contoso.com'],
    ['Nos mails envoyés depuis contoso.fr sont refusés', 'contoso.fr'],
    ['le mail inviate da contoso.it tornano indietro', 'contoso.it'],
    ['从 contoso.cn 发送的邮件都被退回', 'contoso.cn'],
    ['从contoso.cn发送的邮件都被退回', 'contoso.cn'],
    ['sent from my iPhone', null],
    ['从今天早上开始发不了邮件', null],
  ])('%s → %s', (text, expected) => {
    expect(mentionedSenderDomain(text)).toBe(expected);
  });

  it.each([
    ['Original sender: claire@contoso.com\n550 5.7.750 blocked', 'contoso.com'],
    ["Expéditeur d'origine : claire@contoso.fr\n550 5.7.750", 'contoso.fr'],
    ['Mittente originale: giulia@contoso.it\n550 5.7.750', 'contoso.it'],
    ['原始发件人：li.wei@contoso.cn\n550 5.7.750', 'contoso.cn'],
    ['发件人：li.wei@contoso.cn\n550 5.7.750', 'contoso.cn'],
    ['Our mail sent from contoso.com is refused: 550 5.7.750', 'contoso.com'],
  ])('a pasted text: %s → %s', async (text, expected) => {
    expect((await parseNdr(text)).senderDomain).toBe(expected);
  });
});
