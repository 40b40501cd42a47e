/**
 * Listeners keyed by session, for pushing changes to subscribed pages. Unsubscribing removes
 * the listener and, with the last one, the session's entry, so nothing accumulates.
 */
export class SessionListeners<T> {
  private readonly bySession = new Map<number, Set<(value: T) => void>>();

  subscribe(sessionId: number, listener: (value: T) => void): () => void {
    const set = this.bySession.get(sessionId) ?? new Set();
    this.bySession.set(sessionId, set);
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.bySession.delete(sessionId);
    };
  }

  emit(sessionId: number, value: T): void {
    for (const listener of this.bySession.get(sessionId) ?? []) listener(value);
  }

  has(sessionId: number): boolean {
    return this.bySession.has(sessionId);
  }

  count(sessionId: number): number {
    return this.bySession.get(sessionId)?.size ?? 0;
  }

  clear(): void {
    this.bySession.clear();
  }
}
