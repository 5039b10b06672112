import { loadConfig } from '../../src/config/config';

describe('file settings', () => {
  it('defaults to 4 MiB, SharePoint and OneDrive over https, 15 s', () => {
    const c = loadConfig({});
    expect(c.UPLOAD_MAX_BYTES).toBe(4 * 1024 * 1024);
    expect(c.FILE_DOWNLOAD_HOSTS).toEqual(['sharepoint.com', 'sharepoint.us', 'sharepoint-mil.us', 'sharepoint.cn', 'onedrive.com']);
    expect(c.FILE_DOWNLOAD_ALLOW_HTTP).toBe(false);
    expect(c.FILE_DOWNLOAD_TIMEOUT_MS).toBe(15_000);
  });

  it('reads a host list in any case, with or without leading dots', () => {
    expect(loadConfig({ FILE_DOWNLOAD_HOSTS: ' .Contoso.SharePoint.com, onedrive.com ,' }).FILE_DOWNLOAD_HOSTS).toEqual(['contoso.sharepoint.com', 'onedrive.com']);
  });

  it.each([
    ['UPLOAD_MAX_BYTES', '10'],
    ['UPLOAD_MAX_BYTES', 'lots'],
    ['FILE_DOWNLOAD_HOSTS', 'https://contoso.sharepoint.com/'],
    ['FILE_DOWNLOAD_ALLOW_HTTP', 'yes'],
    ['FILE_DOWNLOAD_TIMEOUT_MS', '0'],
  ])('refuses %s=%s by name', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}(\\.\\d+)?: `));
  });
});
