import { bundleForTest } from '../../core/test-bundle';

/**
 * Bundles the signal worker for a test file and returns its path. Each test file passes its
 * own name, so files running in parallel never share a bundle.
 */
export function buildTestWorker(name: string): Promise<string> {
  return bundleForTest('electron/signals/worker/signal-worker.ts', name);
}
