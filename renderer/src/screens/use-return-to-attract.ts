import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
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

/** Returns to the attract screen after `ms` unless the person leaves sooner; gives the way out. */
export function useReturnToAttractAfter(ms: number): () => void {
  const leave = useReturnToAttract();
  useEffect(() => {
    const timer = setTimeout(leave, ms);
    return () => clearTimeout(timer);
  }, [leave, ms]);
  return leave;
}
