import fc from 'fast-check';
import { blobName } from '../../src/storage/blobName';

describe('blobName', () => {
  it('keeps letters, digits, "-" and "_" and escapes everything else, "%" included', () => {
    expect(blobName('emulator/conversations/c-1_x/')).toBe('emulator%2Fconversations%2Fc-1_x%2F');
    expect(blobName('a.b%2F')).toBe('a%2Eb%252F');
    expect(blobName('é')).toBe('%C3%A9');
  });

  it('never maps two keys to one name, and never ends a name in "/" or "."', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        if (a !== b) expect(blobName(a)).not.toBe(blobName(b));
        expect(blobName(a)).not.toMatch(/[/.]$/);
      }),
    );
  });

  it('names keys too long for Azure by their hash, within 1024 characters', () => {
    const long = 'x'.repeat(2000);
    expect(blobName(long)).toMatch(/^~[0-9a-f]{64}$/);
    expect(blobName(long)).not.toBe(blobName(`${long}y`));
    expect(blobName('y'.repeat(1024))).toBe('y'.repeat(1024));
  });
});
