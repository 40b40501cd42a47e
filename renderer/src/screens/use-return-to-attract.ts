import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useCandidateStore } from '../state/candidate-store';

/** Returns to the attract screen leaving nothing of the last candidate, cached data included. */
export function useReturnToAttract(): () => void {
  const queryClient = useQueryClient();
  const reset = useCandidateStore((state) => state.reset);
  return useCallback(() => {
    queryClient.clear();
    reset();
  }, [queryClient, reset]);
}
