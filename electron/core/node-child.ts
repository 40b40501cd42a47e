/**
 * A Node child process that talks with its parent by messages, started the way the host can.
 * Plain Node (the browser station, the tests) forks one with child_process.fork. Electron cannot:
 * its binary is the app, and with the RunAsNode fuse off (electron-builder.yml) it no longer runs
 * as Node when asked with ELECTRON_RUN_AS_NODE, so the shell passes a utility process instead
 * (shell/utility-child.ts). The child's side is parent-channel.ts.
 */
import { fork, type Serializable } from 'node:child_process';

export interface NodeChildOptions {
  /** Added to the parent's environment. */
  env?: Record<string, string>;
  /** What the process is, as Electron names it in app metrics and `child-process-gone`. */
  serviceName: string;
}

/** The parts of a child process the station uses. Its stdout is ignored, its stderr piped. */
export interface NodeChild {
  /** Undefined until the process runs (a utility process has one once spawned) and after exit. */
  readonly pid: number | undefined;
  readonly stderr: NodeJS.ReadableStream | null;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, when the process has ended; `signal` is null where the host gives a code only. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  onError(listener: (error: Error) => void): void;
  /** Ends the process now, whatever it is doing: a native call in it cannot be interrupted. */
  kill(): void;
}

export type StartNodeChild = (modulePath: string, options: NodeChildOptions) => NodeChild;

/** Plain Node's way: child_process.fork of the running Node binary. */
export const forkNodeChild: StartNodeChild = (modulePath, options) => {
  const child = fork(modulePath, [], {
    env: { ...process.env, ...options.env },
    // Structured clone, as a utility process's postMessage uses.
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  return {
    get pid() {
      return child.pid;
    },
    stderr: child.stderr,
    send: (message) => child.send(message as Serializable),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', listener),
    onError: (listener) => child.on('error', listener),
    kill: () => child.kill('SIGKILL'),
  };
};
