import { describe, expect, it, vi } from 'vitest';
import { hardenWebContents } from './web-contents-hardening.js';

type Handler = (event: { url?: string; preventDefault(): void }) => void;
type OpenHandler = (details: { url: string }) => { action: string };

function fakeContents() {
  const handlers = new Map<string, Handler>();
  let openHandler: OpenHandler | undefined;
  const contents = {
    on: (name: string, handler: Handler) => handlers.set(name, handler),
    setWindowOpenHandler: (handler: OpenHandler) => (openHandler = handler),
  };
  const fire = (name: string, url?: string) => {
    const event = { url, preventDefault: vi.fn() };
    handlers.get(name)!(event);
    return event.preventDefault.mock.calls.length > 0;
  };
  return {
    contents: contents as unknown as Parameters<typeof hardenWebContents>[0],
    fire,
    open: (url: string) => openHandler!({ url }),
  };
}

function setup(hubOrigin?: string) {
  const fake = fakeContents();
  const openExternal = vi.fn(async (_url: string) => {});
  hardenWebContents(fake.contents, openExternal, { warn: vi.fn() }, () => hubOrigin);
  return { ...fake, openExternal };
}

describe('hardenWebContents', () => {
  it('blocks <webview> tags', () => {
    expect(setup().fire('will-attach-webview')).toBe(true);
  });

  it('lets the app navigate within its own origin only', () => {
    const { fire } = setup();
    for (const name of ['will-navigate', 'will-redirect']) {
      expect(fire(name, 'outpost://app/settings')).toBe(false);
      expect(fire(name, 'https://example.com/')).toBe(true);
      expect(fire(name, 'file:///etc/passwd')).toBe(true);
      expect(fire(name, 'javascript:alert(1)')).toBe(true);
    }
  });

  it('denies every new window, handing only http(s) links to the system browser', () => {
    const { open, openExternal } = setup();
    expect(open('https://docs.example.com/')).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledExactlyOnceWith('https://docs.example.com/');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'outpost://app/', 'smb://host/share']) {
      expect(open(url)).toEqual({ action: 'deny' });
    }
    expect(openExternal).toHaveBeenCalledOnce();
  });

  it('keeps a hub console on its hub’s pages, and away from the app’s own', () => {
    const { fire } = setup('https://hub.example.com:8443');
    expect(fire('will-navigate', 'https://hub.example.com:8443/events')).toBe(false);
    expect(fire('will-redirect', 'https://hub.example.com:8443/login')).toBe(false);
    expect(fire('will-navigate', 'outpost://app/')).toBe(true);
    expect(fire('will-navigate', 'https://evil.example/')).toBe(true);
  });
});
