import { useState } from 'react';
import { useRefreshManage } from './ui';

/** A mutation's onSuccess that refreshes every management list, then goes on with `next`. */
export function useRefreshThen<T>(next: (result: T) => void) {
  const refresh = useRefreshManage();
  return async (result: T) => {
    await refresh();
    next(result);
  };
}

/** Which item of a list has its form open: none, a new one, or an existing one. */
export function useEditing<T extends { id: number }>() {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  return {
    open: editing !== null,
    /** The item being edited, null for a new one. */
    item: editing === 'new' ? null : editing,
    /** A key that starts the form afresh for each item. */
    key: editing === 'new' ? 'new' : editing?.id,
    isEditing: (id: number) => editing !== 'new' && editing?.id === id,
    startNew: () => setEditing('new'),
    edit: (item: T) => setEditing(item),
    close: () => setEditing(null),
  };
}

/** Form fields as one object, changed a few at a time. */
export function useFields<T extends object>(initial: T | (() => T)) {
  const [fields, setFields] = useState<T>(initial);
  const set = (patch: Partial<T>) => setFields((f) => ({ ...f, ...patch }));
  return [fields, set, setFields] as const;
}
