import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { messageOf } from '../errors';
import { useTRPC } from '../trpc';

/** The element id of a setting's field, from its key ("capture.camera" → "setting-capture-camera"). */
export function settingId(key: string): string {
  return `setting-${key.replace(/\W/g, '-')}`;
}

/**
 * Saving one station setting: main answers with the whole fresh list, which replaces the
 * cached one, and a refusal is kept as the row's problem, in main's own words.
 */
export function useSaveSetting(token: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation(
    trpc.settings.set.mutationOptions({
      onSuccess: (fresh) => {
        queryClient.setQueryData(trpc.settings.list.queryKey({ token }), fresh);
        setProblem(null);
      },
      onError: (error) => setProblem(messageOf(error)),
    }),
  );
  return { save, problem, setProblem };
}
