import type { utilityProcess } from 'electron';
import type { StartNodeChild } from '../core/node-child';

/**
 * Electron's way of starting a Node child (core/node-child.ts): a utility process, Chromium's
 * own child with Node in it. With the RunAsNode fuse off the app binary can no longer be forked
 * as Node, and a utility process needs no such switch; it reads the asar archive like main does.
 * https://www.electronjs.org/docs/latest/api/utility-process
 */
export function utilityProcessStarter(deps: {
  utilityProcess: Pick<typeof utilityProcess, 'fork'>;
}): StartNodeChild {
  return (modulePath, options) => {
    const child = deps.utilityProcess.fork(modulePath, [], {
      env: { ...process.env, ...options.env },
      serviceName: options.serviceName,
      // stdin can only be ignored; stderr carries whisper.cpp's last words before an abort.
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    // The API promises a pid, and so a process to deliver to, only once 'spawn' is emitted;
    // messages sent before wait here, in order. A child that ends first never gets them.
    let waiting: unknown[] | null = [];
    child.once('spawn', () => {
      const queued = waiting ?? [];
      waiting = null;
      for (const message of queued) child.postMessage(message);
    });
    child.once('exit', () => {
      waiting = null;
    });
    return {
      get pid() {
        return child.pid;
      },
      get stderr() {
        return child.stderr;
      },
      send: (message) => {
        if (waiting) waiting.push(message);
        else child.postMessage(message);
      },
      onMessage: (listener) => child.on('message', listener),
      // A utility process reports an exit code only, never the signal.
      onExit: (listener) => child.once('exit', (code) => listener(code, null)),
      onError: (listener) =>
        child.on('error', (type, location) =>
          listener(new Error(`${type} in the utility process at ${location}`)),
        ),
      // SIGTERM on POSIX, and Electron makes sure the process is reaped.
      kill: () => {
        child.kill();
      },
    };
  };
}
