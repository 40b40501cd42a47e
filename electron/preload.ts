// The page gets exactly one thing from the preload: the tRPC message pipe (`sendMessage` and
// `onMessage` on one IPC channel), exposed through contextBridge. Never ipcRenderer itself.
// https://www.electronjs.org/docs/latest/tutorial/security#20-do-not-expose-electron-apis-to-untrusted-web-content
// A sandboxed preload can only require('electron'), so the build bundles this file and the
// library into one CommonJS file (out/electron/preload.cjs).
import { exposeElectronTRPC } from 'electron-trpc-experimental/preload';

exposeElectronTRPC();
