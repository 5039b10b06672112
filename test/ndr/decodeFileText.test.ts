import { decodeFileText } from '../../src/ndr/decodeText';

const TEXT = 'Remote Server returned 550 5.7.750 — Serveur distant: échec, 服务器';

describe('decodeFileText (attached files)', () => {
  it.each([
    ['UTF-8 without BOM', Buffer.from(TEXT, 'utf8')],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT, 'utf8')])],
    ['UTF-16LE with BOM (Out-File, Export-Csv -Encoding Unicode)', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')])],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(TEXT, 'utf16le').swap16()])],
  ])('%s', (_name, bytes) => {
    expect(decodeFileText(bytes)).toEqual({ kind: 'text', text: TEXT });
  });

  it('reads Windows-1252 when the bytes are not UTF-8', () => {
    expect(decodeFileText(Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x80]))).toEqual({ kind: 'text', text: 'café €' });
  });

  it.each([
    ['a .xlsx (zip)', Buffer.from('504b0304140006000800000021', 'hex')],
    ['a .png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')],
    ['UTF-16LE without a BOM', Buffer.from('550 5.7.750', 'utf16le')],
  ])('refuses %s as binary', (_name, bytes) => {
    expect(decodeFileText(bytes)).toEqual({ kind: 'binary' });
  });

  it('reads an empty file as empty text', () => {
    expect(decodeFileText(new Uint8Array())).toEqual({ kind: 'text', text: '' });
  });
});
