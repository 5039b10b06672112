import { createFileReader, downloadAllowed, fileAttachmentsOf, TEAMS_FILE_DOWNLOAD } from '../../src/bot/attachedFiles';

const DEFAULT_HOSTS = ['sharepoint.com', 'onedrive.com'];

describe('downloadAllowed (Teams file downloads)', () => {
  it.each([
    ['https://contoso.sharepoint.com/personal/x/_layouts/15/download.aspx?UniqueId=1&tempauth=t', true],
    ['https://contoso-my.sharepoint.com/f.csv', true],
    ['https://SharePoint.com/f.csv', true],
    ['http://contoso.sharepoint.com/f.csv', false],
    ['https://sharepoint.com.evil.example/f.csv', false],
    ['https://evilsharepoint.com/f.csv', false],
    ['https://user:pw@contoso.sharepoint.com/f.csv', false],
    ['https://169.254.169.254/latest/meta-data', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(downloadAllowed(url, { allowedHosts: DEFAULT_HOSTS, allowHttp: false })).toBe(allowed);
  });
});

describe('fileAttachmentsOf', () => {
  it("takes Teams files, inline uploads and files by URL, not cards or Teams' HTML copy of the text", () => {
    const teams = { contentType: TEAMS_FILE_DOWNLOAD, name: 'a.csv', content: { downloadUrl: 'https://x.sharepoint.com/a' } };
    const inline = { contentType: 'text/plain', name: 'b.txt', contentUrl: 'data:text/plain;base64,YQ==' };
    const byUrl = { contentType: 'text/csv', name: 'c.csv', contentUrl: 'https://directline.botframework.com/attachments/1/c.csv' };
    expect(
      fileAttachmentsOf([
        { contentType: 'text/html', content: '<p>hi</p>' },
        { contentType: 'application/vnd.microsoft.card.adaptive', content: {} },
        teams,
        inline,
        byUrl,
      ]),
    ).toEqual([teams, inline, byUrl]);
  });

  it('never fetches a file by URL outside FILE_DOWNLOAD_HOSTS', async () => {
    const fetched: string[] = [];
    const read = createFileReader({
      maxBytes: 1024,
      allowedHosts: ['sharepoint.com'],
      allowHttp: false,
      timeoutMs: 1000,
      fetch: async (url) => {
        fetched.push(String(url));
        return new Response('550 5.7.750');
      },
    });
    expect(await read({ name: 'c.csv', contentUrl: 'https://directline.botframework.com/attachments/1/c.csv' })).toEqual({ kind: 'failed', name: 'c.csv' });
    expect(await read({ name: 'd.csv', contentUrl: 'https://contoso.sharepoint.com/d.csv' })).toEqual({ kind: 'read', name: 'd.csv', bytes: 11, text: '550 5.7.750' });
    expect(fetched).toEqual(['https://contoso.sharepoint.com/d.csv']);
  });
});

describe('createFileReader (data: URLs)', () => {
  const read = createFileReader({ maxBytes: 16, allowedHosts: [], allowHttp: false, timeoutMs: 1000 });
  it('decodes an inline file', async () => {
    expect(await read({ name: 'n.txt', contentUrl: `data:text/plain;base64,${Buffer.from('550 5.7.750').toString('base64')}` })).toEqual({ kind: 'read', name: 'n.txt', bytes: 11, text: '550 5.7.750' });
  });
  it('judges the size before decoding', async () => {
    expect(await read({ name: 'big.txt', contentUrl: `data:text/plain;base64,${Buffer.alloc(17, 'a').toString('base64')}` })).toEqual({ kind: 'too-large', name: 'big.txt', maxBytes: 16 });
  });
  it('names a nameless file "file"', async () => {
    expect(await read({ contentUrl: 'data:,abc' })).toEqual({ kind: 'read', name: 'file', bytes: 3, text: 'abc' });
  });
});
