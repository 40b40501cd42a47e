import type { BrowserWindow, BrowserWindowConstructorOptions, Input, Session } from 'electron';
import { CONTENT_SECURITY_POLICY } from './app-protocol';

// Every security setting of the kiosk window lives in this file, and kiosk-window.test.ts
// asserts each one. Numbers refer to the Electron security checklist:
// https://www.electronjs.org/docs/latest/tutorial/security

export interface KioskWindowDeps {
  BrowserWindow: typeof BrowserWindow;
  /** The session the window uses; it is locked down here and passed to the window. */
  session: Session;
  isPackaged: boolean;
  /** Read for the developer switch (see devToolsEnabled); none given, DevTools stay off. */
  env?: NodeJS.ProcessEnv;
  preloadPath: string;
  /** The URL the window will load; navigation is allowed only within its scheme and host. */
  appUrl: string;
  /** True once the admin PIN allowed the station to exit. */
  allowClose: () => boolean;
  log?: (line: string) => void;
}

/** A key combination the kiosk swallows before the page or Chromium sees it. */
export interface BlockedShortcut {
  key: string;
  /** Ctrl on Windows/Linux, Cmd on macOS; either counts. */
  ctrlOrCmd?: boolean;
  alt?: boolean;
  shift?: boolean;
  /** Opens DevTools: let through only when the developer switch turned them on. */
  devTools?: boolean;
  why: string;
}

// Alt+Tab, Cmd+Tab, Ctrl+Alt+Del and Cmd+Option+Esc are handled by the OS before Electron
// sees them and cannot be blocked here: the station's OS account or the OS's own kiosk mode
// (assigned access, a kiosk session without a window switcher) must take those away.
export const BLOCKED_SHORTCUTS: readonly BlockedShortcut[] = [
  { key: 'F4', alt: true, why: 'closes the window on Windows' },
  { key: 'w', ctrlOrCmd: true, why: 'closes the window' },
  { key: 'q', ctrlOrCmd: true, why: 'quits the app' },
  { key: 'r', ctrlOrCmd: true, why: 'reloads and loses the on-screen state' },
  { key: 'F5', why: 'reloads' },
  { key: 'F11', why: 'leaves fullscreen' },
  { key: 'Escape', why: 'leaves HTML fullscreen' },
  { key: 'h', ctrlOrCmd: true, why: 'hides the app on macOS' },
  { key: 'm', ctrlOrCmd: true, why: 'minimises on macOS' },
  { key: 'i', ctrlOrCmd: true, shift: true, devTools: true, why: 'opens DevTools' },
  { key: 'i', ctrlOrCmd: true, alt: true, devTools: true, why: 'opens DevTools on macOS' },
  { key: 'j', ctrlOrCmd: true, shift: true, devTools: true, why: 'opens the console' },
  { key: 'c', ctrlOrCmd: true, shift: true, devTools: true, why: 'opens the inspector' },
  { key: 'F12', devTools: true, why: 'opens DevTools' },
];

type KeyInput = Pick<Input, 'key' | 'control' | 'meta' | 'alt' | 'shift'>;

/** The developer switch: `STATION_DEVTOOLS=1` in the environment. */
export const DEVTOOLS_SWITCH = 'STATION_DEVTOOLS';

/**
 * DevTools only for a developer who asked for them, in an unpackaged build: from the console
 * the page reaches every procedure. Being unpackaged is not enough (`npm start` runs Electron
 * unpackaged on real stations), and a packaged build never has them.
 */
export function devToolsEnabled(env: NodeJS.ProcessEnv, isPackaged: boolean): boolean {
  return !isPackaged && env[DEVTOOLS_SWITCH] === '1';
}

/**
 * Whether a key press must be swallowed: every listed modifier is held (extra ones count too).
 * DevTools shortcuts pass only when DevTools are on.
 */
export function isBlockedShortcut(input: KeyInput, devToolsOn: boolean): boolean {
  return BLOCKED_SHORTCUTS.some(
    (s) =>
      (!devToolsOn || !s.devTools) &&
      input.key.toLowerCase() === s.key.toLowerCase() &&
      (!s.ctrlOrCmd || input.control || input.meta) &&
      (!s.alt || input.alt) &&
      (!s.shift || input.shift),
  );
}

/** Same scheme and host as the app (Node gives custom schemes an opaque origin, so no `.origin`). */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const target = new URL(url);
    const app = new URL(appUrl);
    return target.protocol === app.protocol && target.host.toLowerCase() === app.host.toLowerCase();
  } catch {
    return false;
  }
}

export function kioskWindowOptions(deps: KioskWindowDeps): BrowserWindowConstructorOptions {
  return {
    show: false,
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    minimizable: false,
    backgroundColor: '#ffffff',
    title: 'Interview Station',
    webPreferences: {
      preload: deps.preloadPath,
      session: deps.session,
      // #3 and #4: the page runs in its own JS world, in Chromium's OS sandbox.
      contextIsolation: true,
      sandbox: true,
      // #2: no Node in the page, its workers or its frames.
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      // #12: no <webview>, so no page-controlled preload or web preferences.
      webviewTag: false,
      // #6 and #8: keep the same-origin policy and never mix http into the page.
      webSecurity: true,
      allowRunningInsecureContent: false,
      // Off unless the developer switch is set (devToolsEnabled); never in packaged builds.
      devTools: devToolsEnabled(deps.env ?? {}, deps.isPackaged),
      // The spellchecker downloads dictionaries from a Google CDN; the station is offline.
      spellcheck: false,
    },
  };
}

function lockDownSession(session: Session, log: (line: string) => void): void {
  // #5: the renderer needs no permission at all. Camera and microphone belong to main
  // (ffmpeg, arecord), notifications and geolocation are not used.
  session.setPermissionRequestHandler((_webContents, permission, callback) => {
    log(`kiosk: denied permission request "${permission}"`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);

  // #7: the CSP as a response header, which the page cannot remove. Header hooks have not
  // always run for custom schemes (electron/electron#6021), so the app:// handler sends the
  // same policy itself; this covers everything else.
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = Object.fromEntries(
      Object.entries(details.responseHeaders ?? {}).filter(
        ([name]) => name.toLowerCase() !== 'content-security-policy',
      ),
    );
    callback({
      responseHeaders: { ...headers, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

/** Creates the locked-down, fullscreen kiosk window (not yet loaded; the caller loads it). */
export function createKioskWindow(deps: KioskWindowDeps): BrowserWindow {
  const log = deps.log ?? (() => {});
  const devToolsOn = devToolsEnabled(deps.env ?? {}, deps.isPackaged);
  lockDownSession(deps.session, log);
  if (devToolsOn) log(`kiosk: DevTools are on (${DEVTOOLS_SWITCH}=1, unpackaged build)`);

  const win = new deps.BrowserWindow(kioskWindowOptions(deps));
  const { webContents } = win;
  win.setMenu(null);
  // Keeps the questionnaire out of screenshots and screen recordings (Windows, macOS).
  win.setContentProtection(true);
  win.once('ready-to-show', () => win.show());

  // #14: should not allow the kiosk window to open a window of its own; a second window
  // would sit outside the kiosk lockdown and could show any site.
  webContents.setWindowOpenHandler(({ url }) => {
    log(`kiosk: denied window.open to ${url}`);
    return { action: 'deny' };
  });

  // #13: the page may only move within the app; a link or a redirect to anywhere else
  // would take the candidate out of the station.
  const keepInApp = (event: { url: string; preventDefault(): void }) => {
    if (!isAppUrl(event.url, deps.appUrl)) {
      log(`kiosk: blocked navigation to ${event.url}`);
      event.preventDefault();
    }
  };
  webContents.on('will-navigate', keepInApp);
  webContents.on('will-redirect', keepInApp);
  webContents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) keepInApp(event);
  });
  webContents.on('will-attach-webview', (event) => event.preventDefault());

  webContents.on('before-input-event', (event, input) => {
    if (isBlockedShortcut(input, devToolsOn)) event.preventDefault();
  });
  // With devTools off Electron opens none; should one open all the same, it is closed at once.
  if (!devToolsOn) {
    webContents.on('devtools-opened', () => {
      log('kiosk: DevTools opened without the developer switch; closing them');
      webContents.closeDevTools();
    });
  }

  // Exit only with the admin PIN: closing is refused until the exit guard allows it.
  win.on('close', (event) => {
    if (!deps.allowClose()) event.preventDefault();
  });

  return win;
}
