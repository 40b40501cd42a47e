import { EventEmitter } from 'node:events';
import type {
  BrowserWindow,
  BrowserWindowConstructorOptions,
  HandlerDetails,
  Input,
  Session,
  WindowOpenHandlerResponse,
} from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { APP_ENTRY_URL } from './app-protocol';
import {
  BLOCKED_SHORTCUTS,
  createKioskWindow,
  devToolsEnabled,
  isAppUrl,
  isBlockedShortcut,
} from './kiosk-window';

// Electron cannot run here, so its window, webContents and session are faked at this one
// boundary; each fake records what the kiosk code asked of it and lets the test fire events.

class FakeWebContents extends EventEmitter {
  id = 7;
  closeDevTools = vi.fn();
  windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | undefined;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse) {
    this.windowOpenHandler = handler;
  }
}

class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  setMenu = vi.fn();
  setContentProtection = vi.fn();
  show = vi.fn();
  constructor(public options: BrowserWindowConstructorOptions) {
    super();
    FakeBrowserWindow.created.push(this);
  }
}

type HeadersListener = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders?: Record<string, string | string[]> }) => void,
) => void;

type RequestHandler = (wc: unknown, permission: string, cb: (granted: boolean) => void) => void;
type CheckHandler = (...args: unknown[]) => boolean;

class FakeSession {
  requestHandler: RequestHandler | undefined;
  checkHandler: CheckHandler | undefined;
  headersListener: HeadersListener | undefined;
  webRequest = {
    onHeadersReceived: (listener: HeadersListener) => {
      this.headersListener = listener;
    },
  };
  setPermissionRequestHandler(handler: RequestHandler) {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: CheckHandler) {
    this.checkHandler = handler;
  }
}

function setUp(
  opts: {
    isPackaged?: boolean;
    env?: NodeJS.ProcessEnv;
    allowClose?: () => boolean;
    log?: (line: string) => void;
  } = {},
) {
  const session = new FakeSession();
  const win = createKioskWindow({
    BrowserWindow: FakeBrowserWindow as unknown as typeof BrowserWindow,
    session: session as unknown as Session,
    isPackaged: opts.isPackaged ?? true,
    env: opts.env,
    log: opts.log,
    preloadPath: '/opt/station/out/electron/preload.cjs',
    appUrl: APP_ENTRY_URL,
    allowClose: opts.allowClose ?? (() => false),
  }) as unknown as FakeBrowserWindow;
  return { win, session, prefs: win.options.webPreferences ?? {} };
}

function cancellable<T extends object>(fields: T) {
  return {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

function key(k: string, mods: Partial<Pick<Input, 'control' | 'meta' | 'alt' | 'shift'>> = {}) {
  return {
    type: 'keyDown',
    key: k,
    control: false,
    meta: false,
    alt: false,
    shift: false,
    ...mods,
  };
}

describe('createKioskWindow', () => {
  it('opens a fullscreen kiosk window with no menu', () => {
    const { win } = setUp();
    expect(win.options).toMatchObject({ kiosk: true, fullscreen: true, autoHideMenuBar: true });
    expect(win.setMenu).toHaveBeenCalledWith(null);
    win.emit('ready-to-show');
    expect(win.show).toHaveBeenCalledOnce();
  });

  it('isolates the page: context isolation, sandbox, no Node, no webview, our preload', () => {
    const { prefs, session } = setUp();
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      preload: '/opt/station/out/electron/preload.cjs',
    });
    expect(prefs.session).toBe(session);
  });

  it('keeps DevTools off without the developer switch, even unpackaged (npm start)', () => {
    expect(setUp({ isPackaged: false }).prefs.devTools).toBe(false);
    expect(setUp({ isPackaged: false, env: { STATION_DEVTOOLS: '0' } }).prefs.devTools).toBe(false);
    expect(setUp({ isPackaged: true }).prefs.devTools).toBe(false);
  });

  it('turns DevTools on with STATION_DEVTOOLS=1 in an unpackaged build, and says so', () => {
    const lines: string[] = [];
    const on = setUp({
      isPackaged: false,
      env: { STATION_DEVTOOLS: '1' },
      log: (l) => lines.push(l),
    });
    expect(on.prefs.devTools).toBe(true);
    expect(lines).toContain('kiosk: DevTools are on (STATION_DEVTOOLS=1, unpackaged build)');
    // A packaged build ignores the switch.
    expect(setUp({ isPackaged: true, env: { STATION_DEVTOOLS: '1' } }).prefs.devTools).toBe(false);
  });

  it('closes DevTools that open without the switch', () => {
    const off = setUp({ isPackaged: false });
    off.win.webContents.emit('devtools-opened');
    expect(off.win.webContents.closeDevTools).toHaveBeenCalledOnce();
    const on = setUp({ isPackaged: false, env: { STATION_DEVTOOLS: '1' } });
    on.win.webContents.emit('devtools-opened');
    expect(on.win.webContents.closeDevTools).not.toHaveBeenCalled();
  });

  it.each([
    ['F12', key('F12')],
    ['Ctrl+Shift+I', key('I', { control: true, shift: true })],
    ['Cmd+Alt+I', key('i', { meta: true, alt: true })],
    ['Ctrl+Shift+J', key('J', { control: true, shift: true })],
    ['Ctrl+Shift+C', key('C', { control: true, shift: true })],
  ])('swallows the DevTools shortcut %s in an unpackaged build without the switch', (_n, input) => {
    const event = cancellable({});
    setUp({ isPackaged: false }).win.webContents.emit('before-input-event', event, input);
    expect(event.defaultPrevented).toBe(true);
    const allowed = cancellable({});
    setUp({ isPackaged: false, env: { STATION_DEVTOOLS: '1' } }).win.webContents.emit(
      'before-input-event',
      allowed,
      input,
    );
    expect(allowed.defaultPrevented).toBe(false);
  });

  it('keeps the screen out of screenshots and recordings', () => {
    expect(setUp().win.setContentProtection).toHaveBeenCalledWith(true);
  });

  it('denies every new window', () => {
    const { win } = setUp();
    const handler = win.webContents.windowOpenHandler;
    expect(handler?.({ url: 'https://example.com/' } as HandlerDetails)).toEqual({
      action: 'deny',
    });
    expect(handler?.({ url: 'app://station/index.html' } as HandlerDetails)).toEqual({
      action: 'deny',
    });
  });

  it.each(['will-navigate', 'will-redirect'])(
    'on %s blocks other origins and lets the app move within itself',
    (eventName) => {
      const { win } = setUp();
      const away = cancellable({ url: 'https://example.com/phish' });
      const fileUrl = cancellable({ url: 'file:///etc/passwd' });
      const lookalike = cancellable({ url: 'app://station.evil/index.html' });
      const home = cancellable({ url: 'app://station/index.html#/review' });
      for (const event of [away, fileUrl, lookalike, home]) win.webContents.emit(eventName, event);
      expect(away.defaultPrevented).toBe(true);
      expect(fileUrl.defaultPrevented).toBe(true);
      expect(lookalike.defaultPrevented).toBe(true);
      expect(home.defaultPrevented).toBe(false);
    },
  );

  it('blocks sub-frames navigating away too', () => {
    const { win } = setUp();
    const frame = cancellable({ url: 'https://example.com/', isMainFrame: false });
    win.webContents.emit('will-frame-navigate', frame);
    expect(frame.defaultPrevented).toBe(true);
  });

  it('refuses to attach a webview', () => {
    const { win } = setUp();
    const event = cancellable({});
    win.webContents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('grants no permission, camera and microphone included', () => {
    const { session } = setUp();
    for (const permission of ['media', 'notifications', 'geolocation', 'fullscreen']) {
      const callback = vi.fn();
      session.requestHandler?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(session.checkHandler?.(null, permission, 'app://station', {})).toBe(false);
    }
  });

  it("sends a CSP of default-src 'self' with every response, replacing a looser one", () => {
    const { session } = setUp();
    const callback = vi.fn();
    session.headersListener?.(
      { responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } },
      callback,
    );
    const headers = callback.mock.calls[0]?.[0].responseHeaders as Record<string, string[]>;
    const csp = headers['Content-Security-Policy']?.[0] ?? '';
    expect(csp.split('; ')).toContain("default-src 'self'");
    expect(csp.split('; ')).toContain("img-src 'self' data:");
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['X-Other']).toEqual(['1']);
  });

  it.each([
    ['Alt+F4', key('F4', { alt: true })],
    ['Ctrl+W', key('w', { control: true })],
    ['Cmd+Q', key('q', { meta: true })],
    ['Ctrl+R', key('r', { control: true })],
    ['Ctrl+Shift+R', key('R', { control: true, shift: true })],
    ['F5', key('F5')],
    ['F11', key('F11')],
    ['Escape', key('Escape')],
    ['Ctrl+Shift+I', key('I', { control: true, shift: true })],
    ['F12', key('F12')],
  ])('swallows %s before the page sees it', (_name, input) => {
    const { win } = setUp({ isPackaged: true });
    const event = cancellable({});
    win.webContents.emit('before-input-event', event, input);
    expect(event.defaultPrevented).toBe(true);
  });

  it('lets ordinary typing through', () => {
    const { win } = setUp({ isPackaged: true });
    for (const input of [key('a'), key('A', { shift: true }), key('c', { control: true })]) {
      const event = cancellable({});
      win.webContents.emit('before-input-event', event, input);
      expect(event.defaultPrevented).toBe(false);
    }
  });

  it('refuses to close until the admin PIN allowed it', () => {
    let allowed = false;
    const { win } = setUp({ allowClose: () => allowed });
    const first = cancellable({});
    win.emit('close', first);
    expect(first.defaultPrevented).toBe(true);

    allowed = true;
    const second = cancellable({});
    win.emit('close', second);
    expect(second.defaultPrevented).toBe(false);
  });
});

describe('isBlockedShortcut', () => {
  it('lets DevTools shortcuts through only when DevTools are on', () => {
    expect(isBlockedShortcut(key('F12'), true)).toBe(false);
    expect(isBlockedShortcut(key('i', { control: true, shift: true }), true)).toBe(false);
    expect(isBlockedShortcut(key('F12'), false)).toBe(true);
    // The other shortcuts stay blocked for developers too.
    expect(isBlockedShortcut(key('w', { control: true }), true)).toBe(true);
  });

  it('gives a reason for every blocked shortcut', () => {
    for (const s of BLOCKED_SHORTCUTS) expect(s.why).not.toBe('');
  });
});

describe('devToolsEnabled', () => {
  it('needs the switch set to 1 and an unpackaged build', () => {
    expect(devToolsEnabled({}, false)).toBe(false);
    expect(devToolsEnabled({ STATION_DEVTOOLS: 'yes' }, false)).toBe(false);
    expect(devToolsEnabled({ STATION_DEVTOOLS: '1' }, false)).toBe(true);
    expect(devToolsEnabled({ STATION_DEVTOOLS: '1' }, true)).toBe(false);
  });
});

describe('isAppUrl', () => {
  it('compares scheme and host, not a string prefix', () => {
    expect(isAppUrl('app://station/assets/x.js', APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://STATION/index.html', APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://stationx/index.html', APP_ENTRY_URL)).toBe(false);
    expect(isAppUrl('http://station/index.html', APP_ENTRY_URL)).toBe(false);
    expect(isAppUrl('not a url', APP_ENTRY_URL)).toBe(false);
  });
});
