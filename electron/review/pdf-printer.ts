import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Prints a local HTML file to a PDF file. The browser station uses headless Chromium; the
 * Electron shell supplies one built on webContents.printToPDF (electron/shell/pdf-window.ts).
 */
export interface PdfPrinter {
  print(htmlFile: string, pdfFile: string): Promise<void>;
}

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const PRINT_TIMEOUT_MS = 60_000;

/**
 * Headless Chromium's --print-to-pdf on a local file. Its own throw-away profile folder, so it
 * never waits on the kiosk browser's profile lock; no header or footer, which would print the
 * HTML file's path on every page; networking off, the report is self-contained.
 */
export function chromiumPdfPrinter(
  chromium: string = process.env.STATION_CHROMIUM ?? DEFAULT_CHROMIUM,
): PdfPrinter {
  return {
    async print(htmlFile, pdfFile) {
      if (!existsSync(chromium)) {
        throw new Error(
          `No Chromium at ${chromium} to print the report with (set STATION_CHROMIUM).`,
        );
      }
      const profile = mkdtempSync(path.join(path.dirname(pdfFile), '.chromium-'));
      try {
        await new Promise<void>((resolve, reject) => {
          execFile(
            chromium,
            [
              '--headless',
              '--no-sandbox',
              '--disable-gpu',
              '--no-first-run',
              '--disable-background-networking',
              '--disable-component-update',
              '--disable-extensions',
              '--no-pdf-header-footer',
              `--user-data-dir=${profile}`,
              `--print-to-pdf=${pdfFile}`,
              pathToFileURL(htmlFile).href,
            ],
            { timeout: PRINT_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 4 * 1024 * 1024 },
            (error, _stdout, stderr) => {
              if (error) {
                reject(
                  new Error(
                    `Chromium could not print the report: ${error.message} ${stderr.slice(-500)}`,
                  ),
                );
              } else if (!existsSync(pdfFile)) {
                reject(new Error(`Chromium printed no PDF: ${stderr.slice(-500)}`));
              } else {
                resolve();
              }
            },
          );
        });
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}
