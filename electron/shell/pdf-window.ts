import { writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import type { PdfPrinter } from '../review/pdf-printer';

/**
 * The hidden window a report is printed in: no preload, no Node, sandboxed, and no scripts at
 * all (the report is plain HTML and CSS), so printing a candidate's text cannot run anything.
 */
export const PDF_WINDOW_OPTIONS: BrowserWindowConstructorOptions = {
  show: false,
  width: 794,
  height: 1123,
  webPreferences: {
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    webviewTag: false,
    javascript: false,
    offscreen: true,
  },
};

/**
 * Electron's side of report printing: loads the report file in a hidden window and prints it
 * with webContents.printToPDF, the same Chromium printing the browser station gets from
 * headless Chromium. https://www.electronjs.org/docs/latest/api/web-contents#contentsprinttopdfoptions
 */
export function electronPdfPrinter(deps: { BrowserWindow: typeof BrowserWindow }): PdfPrinter {
  return {
    async print(htmlFile, pdfFile) {
      const win = new deps.BrowserWindow(PDF_WINDOW_OPTIONS);
      const reportUrl = pathToFileURL(htmlFile).href;
      try {
        // The page may not go anywhere or open anything; it is a report, not a browser.
        win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
        win.webContents.on('will-navigate', (event) => event.preventDefault());
        await win.loadURL(reportUrl);
        const pdf = await win.webContents.printToPDF({
          pageSize: 'A4',
          printBackground: true,
          displayHeaderFooter: false,
          preferCSSPageSize: true,
        });
        await writeFile(pdfFile, pdf, { mode: 0o600 });
      } finally {
        if (!win.isDestroyed()) win.destroy();
      }
    },
  };
}
