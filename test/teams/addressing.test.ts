import { addressedText, type AddressedInput } from '../../src/teams/addressing';

const BOT = '28:5f3a2d1c-0b9e-4c8d-a7f6-e5d4c3b2a190';
const botMention = { type: 'mention', text: '<at>NDR Triage</at>', mentioned: { id: BOT, name: 'NDR Triage' } };
const claireMention = { type: 'mention', text: '<at>Claire Dubois</at>', mentioned: { id: '29:claire', name: 'Claire Dubois' } };

const input = (over: Partial<AddressedInput>): AddressedInput => ({
  channelId: 'msteams',
  conversationType: 'channel',
  botId: BOT,
  text: '',
  entities: [],
  ...over,
});

describe('addressedText: who a Teams message is for', () => {
  it.each<[string, Partial<AddressedInput>, ReturnType<typeof addressedText>]>([
    ['channel, mentioned first', { text: '<at>NDR Triage</at> 550 5.7.750', entities: [botMention] }, { answer: true, text: '550 5.7.750' }],
    ['channel, mentioned last', { text: 'Yes <at>NDR Triage</at>', entities: [botMention] }, { answer: true, text: 'Yes' }],
    ['channel, mentioned twice', { text: '<at>NDR Triage</at> help <at>NDR Triage</at>', entities: [botMention, botMention] }, { answer: true, text: 'help' }],
    ['channel, not mentioned', { text: 'anyone seen 5.7.750?', entities: [] }, { answer: false }],
    ['channel, only someone else mentioned', { text: '<at>Claire Dubois</at> 5.7.750 again', entities: [claireMention] }, { answer: false }],
    [
      "channel, the bot and someone else: the other mention stays",
      { text: '<at>NDR Triage</at> <at>Claire Dubois</at> cannot send, 5.7.705', entities: [claireMention, botMention] },
      { answer: true, text: '<at>Claire Dubois</at> cannot send, 5.7.705' },
    ],
    ['channel, a mention of the bot whose id is another app', { text: '<at>NDR Triage</at> hi', entities: [{ ...botMention, mentioned: { id: '28:other-app' } }] }, { answer: false }],
    ['channel, a mention entity without text still counts', { text: 'help', entities: [{ type: 'mention', mentioned: { id: BOT } }] }, { answer: true, text: 'help' }],
    ['channel, junk entities are ignored', { text: 'help', entities: [null, 3, 'mention', { type: 'mention' }, { type: 'mention', mentioned: null }] }, { answer: false }],
    ['channel, a pasted NDR keeps its lines', { text: '<at>NDR Triage</at>\nRemote Server returned\n550 5.7.750\n', entities: [botMention] }, { answer: true, text: 'Remote Server returned\n550 5.7.750' }],
    ['group chat, mentioned', { conversationType: 'groupChat', text: '<at>NDR Triage</at> aide', entities: [botMention] }, { answer: true, text: 'aide' }],
    ['group chat, not mentioned', { conversationType: 'groupChat', text: 'aide', entities: [] }, { answer: false }],
    ['personal chat: everything, text untouched', { conversationType: 'personal', text: 'help' }, { answer: true, text: 'help' }],
    ['personal chat with a mention: text untouched', { conversationType: 'personal', text: '<at>NDR Triage</at> help', entities: [botMention] }, { answer: true, text: '<at>NDR Triage</at> help' }],
    ['Teams without a conversation type: personal', { conversationType: undefined, text: 'help' }, { answer: true, text: 'help' }],
    ['web chat: everything', { channelId: 'webchat', conversationType: 'channel', text: 'help' }, { answer: true, text: 'help' }],
  ])('%s', (_name, over, expected) => {
    expect(addressedText(input(over))).toEqual(expected);
  });

  it('reads a 1 MB message with a mention in well under a second', () => {
    const text = `<at>NDR Triage</at> ${'<at>x'.repeat(250_000)}`;
    const started = Date.now();
    const result = addressedText(input({ text, entities: [botMention] }));
    expect(result.answer).toBe(true);
    expect(Date.now() - started).toBeLessThan(500);
  });
});
