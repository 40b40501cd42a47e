import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindow, BrowserWindowConstructorOptions, PrintToPDFOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { electronPdfPrinter, PDF_WINDOW_OPTIONS } from './pdf-window';

// Electron cannot run here: its window is faked at this one boundary, recording what the
// printer asked of it.

class FakeWebContents extends EventEmitter {
  openHandler: (() => { action: string }) | undefined;
  printOptions: PrintToPDFOptions | undefined;
  fail = false;
  setWindowOpenHandler(handler: () => { action: string }) {
    this.openHandler = handler;
  }
  async printToPDF(options: PrintToPDFOptions) {
    this.printOptions = options;
    if (this.fail) throw new Error('printing failed');
    return Buffer.from('%PDF-1.7 fake');
  }
}

class FakeWindow {
  static created: FakeWindow[] = [];
  webContents = new FakeWebContents();
  loaded: string | undefined;
  destroyed = false;
  constructor(public options: BrowserWindowConstructorOptions) {
    FakeWindow.created.push(this);
  }
  async loadURL(url: string) {
    this.loaded = url;
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy = vi.fn(() => {
    this.destroyed = true;
  });
}

describe('electronPdfPrinter', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'pdf-window-'));
    FakeWindow.created = [];
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));
  const printer = () =>
    electronPdfPrinter({ BrowserWindow: FakeWindow as unknown as typeof BrowserWindow });

  it('prints the report file in a hidden, script-less window and writes the PDF', async () => {
    const html = path.join(folder, '.report.html');
    writeFileSync(html, '<p>report</p>');
    const pdf = path.join(folder, 'report.pdf');
    await printer().print(html, pdf);
    const [win] = FakeWindow.created;
    expect(win?.options).toEqual(PDF_WINDOW_OPTIONS);
    expect(win?.options.show).toBe(false);
    expect(win?.options.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      javascript: false,
    });
    expect(win?.options.webPreferences?.preload).toBeUndefined();
    expect(win?.loaded).toBe(pathToFileURL(html).href);
    expect(win?.webContents.printOptions).toMatchObject({
      pageSize: 'A4',
      printBackground: true,
      displayHeaderFooter: false,
    });
    expect(readFileSync(pdf, 'utf8')).toBe('%PDF-1.7 fake');
    expect(win?.webContents.openHandler?.()).toEqual({ action: 'deny' });
    const navigation = { preventDefault: vi.fn() };
    win?.webContents.emit('will-navigate', navigation, 'https://example.com');
    expect(navigation.preventDefault).toHaveBeenCalled();
    expect(win?.destroy).toHaveBeenCalled();
  });

  it('closes the window when printing fails', async () => {
    const html = path.join(folder, '.report.html');
    writeFileSync(html, '<p>report</p>');
    const failing = printer();
    const done = failing.print(html, path.join(folder, 'report.pdf'));
    const [win] = FakeWindow.created;
    if (win) win.webContents.fail = true;
    await expect(done).rejects.toThrow(/printing failed/);
    expect(win?.destroy).toHaveBeenCalled();
  });
});
