import { describe, expect, it } from 'vitest';
import { checkWebhookUrl, classifyAddress } from '#functions/webhooks/address-policy.ts';

describe('SSRF address classifier', () => {
  it.each([
    ['93.184.216.34', 'public'],
    ['8.8.8.8', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'shared'],
    ['100.127.255.255', 'shared'],
    ['100.128.0.1', 'public'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'private'],
    ['fd00:ec2::254', 'private'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a00:1', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:93.184.216.34', 'public'],
    ['::127.0.0.1', 'reserved'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:a00:1::1', 'private'],
    ['2002:5db8:d822::1', 'public'],
    ['2001:db8::1', 'reserved'],
    ['2001:0:4136:e378::1', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['2a00:1450:4001:80b::200e', 'public'],
    ['64:ff9b::5db8:d822', 'public'],
    ['64:ff9b::169.254.169.254', 'link-local'],
    ['2002:7f00:1::', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:a9fe:a9fe]', 'link-local'],
    ['100::1', 'reserved'],
    ['fe80::1%eth0', 'invalid'],
    ['example.com', 'invalid'],
    ['1.2.3', 'invalid'],
    ['1:2:3:4:5:6:7:8:9', 'invalid'],
  ])('%s is %s', (ip, cls) => {
    expect(classifyAddress(ip)).toBe(cls);
  });
});

describe('checkWebhookUrl', () => {
  const dns: Record<string, string[]> = {
    'hooks.example.com': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'],
    'internal.example.com': ['10.0.0.1'],
    'metadata.example.com': ['169.254.169.254'],
    'mixed.example.com': ['93.184.216.34', '192.168.0.10'],
    localhost: ['127.0.0.1', '::1'],
  };
  const resolve = async (h: string) => dns[h] ?? [];
  const aws = (url: string) => checkWebhookUrl(url, { localMode: false, resolve });
  const local = (url: string) => checkWebhookUrl(url, { localMode: true, resolve });
  const code = async (p: ReturnType<typeof aws>) => {
    const r = await p;
    return r.ok ? 'ok' : r.code;
  };

  it('accepts https to public hosts only, outside local mode', async () => {
    expect(await code(aws('https://hooks.example.com/ketnoi'))).toBe('ok');
    expect(await code(aws('http://hooks.example.com/ketnoi'))).toBe('webhook-url-https');
    expect(await code(aws('https://internal.example.com/'))).toBe('webhook-url-blocked');
    expect(await code(aws('https://metadata.example.com/'))).toBe('webhook-url-blocked');
    expect(await code(aws('https://169.254.169.254/latest/meta-data/'))).toBe('webhook-url-blocked');
    expect(await code(aws('https://mixed.example.com/'))).toBe('webhook-url-blocked');
    expect(await code(aws('https://localhost/'))).toBe('webhook-url-blocked');
    expect(await code(aws('https://127.0.0.1/'))).toBe('webhook-url-blocked');
    expect(await code(aws('https://[::ffff:10.0.0.1]/'))).toBe('webhook-url-blocked');
    expect(await code(aws('https://0x7f.1/'))).toBe('webhook-url-blocked'); // the URL parser normalises to 127.0.0.1
    expect(await code(aws('https://2130706433/'))).toBe('webhook-url-blocked');
    expect(await code(aws('https://nowhere.example.com/'))).toBe('webhook-url-unresolvable');
    expect(await code(aws('ftp://hooks.example.com/'))).toBe('webhook-url-https');
    expect(await code(aws('https://user:pw@hooks.example.com/'))).toBe('webhook-url-invalid');
    expect(await code(aws('not a url'))).toBe('webhook-url-invalid');
    const blocked = await aws('https://internal.example.com/');
    expect(blocked).toMatchObject({ ok: false, params: { address: '10.0.0.1' } });
  });

  it('lets local mode use http and https on loopback, and nothing else private', async () => {
    expect(await code(local('http://127.0.0.1:8080/hook'))).toBe('ok');
    expect(await code(local('http://localhost:8080/hook'))).toBe('ok');
    expect(await code(local('http://[::1]:8080/hook'))).toBe('ok');
    expect(await code(local('https://localhost/hook'))).toBe('ok');
    expect(await code(local('http://10.0.0.1/hook'))).toBe('webhook-url-https');
    expect(await code(local('https://10.0.0.1/hook'))).toBe('webhook-url-blocked');
    expect(await code(local('http://hooks.example.com/'))).toBe('webhook-url-https');
    expect(await code(local('https://hooks.example.com/'))).toBe('ok');
  });
});

