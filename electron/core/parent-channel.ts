/**
 * The child's side of node-child.ts: the channel to the parent, whichever way the child was
 * started. Forked by plain Node, it is process.send and process's 'message' events; as an
 * Electron utility process, it is process.parentPort, whose 'message' events carry the message
 * in `data`. https://www.electronjs.org/docs/latest/api/parent-port
 */
import type { EventEmitter } from 'node:events';

export interface ParentChannel {
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called when the parent is gone, where the host tells (a utility process simply ends). */
  onParentGone(listener: () => void): void;
}

/** The part of Electron's process.parentPort used here; it exists only in a utility process. */
interface ParentPortLike extends EventEmitter {
  postMessage(message: unknown): void;
}

type HostProcess = Pick<NodeJS.Process, 'on'> & {
  send?: (message: unknown) => boolean;
  parentPort?: ParentPortLike | null;
};

/** The channel to the parent, or null for a process that was not started as a child. */
export function parentChannel(host: HostProcess = process as HostProcess): ParentChannel | null {
  const port = host.parentPort;
  if (port) {
    return {
      send: (message) => port.postMessage(message),
      onMessage: (listener) =>
        port.on('message', (event: { data: unknown }) => listener(event.data)),
      // Chromium ends its child processes itself when the browser process goes away.
      onParentGone: () => {},
    };
  }
  const send = host.send?.bind(host);
  if (!send) return null;
  return {
    send: (message) => send(message),
    onMessage: (listener) => host.on('message', listener),
    onParentGone: (listener) => host.on('disconnect', listener),
  };
}
