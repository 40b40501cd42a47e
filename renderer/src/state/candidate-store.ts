import { create } from 'zustand';
import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../../electron/api/router';

type Outputs = inferRouterOutputs<AppRouter>;
export type CheckInResult = Outputs['candidate']['checkIn'];
export type SessionView = Outputs['candidate']['session'];
export type WithdrawResult = Outputs['candidate']['withdraw'];

export type Screen =
  | { name: 'attract' }
  | { name: 'welcome'; checkIn: CheckInResult }
  | { name: 'consent'; checkIn: CheckInResult }
  /** The optional self-identification step after consent; `devices`: check them next. */
  | { name: 'self-id'; devices: boolean }
  | { name: 'devices' }
  | { name: 'declined'; alternativePath: string }
  | { name: 'question'; first: SessionView }
  | { name: 'withdrawn'; result: WithdrawResult }
  | { name: 'done' };

interface CandidateState {
  /** Held in memory only: a reload or a finished interview forgets it. */
  token: string | null;
  screen: Screen;
  checkedIn(result: CheckInResult): void;
  showConsent(): void;
  declined(alternativePath: string): void;
  askSelfIdentification(devices: boolean): void;
  checkDevices(): void;
  started(first: SessionView, token?: string): void;
  finished(): void;
  withdrew(result: WithdrawResult): void;
  reset(): void;
}

/** UI state of the candidate flow; data owned by main stays in tRPC calls. */
export const useCandidateStore = create<CandidateState>()((set, get) => ({
  token: null,
  screen: { name: 'attract' },
  checkedIn: (checkIn) => set({ token: checkIn.token, screen: { name: 'welcome', checkIn } }),
  showConsent: () => {
    const screen = get().screen;
    if (screen.name === 'welcome') set({ screen: { name: 'consent', checkIn: screen.checkIn } });
  },
  declined: (alternativePath) =>
    set({ token: null, screen: { name: 'declined', alternativePath } }),
  askSelfIdentification: (devices) => set({ screen: { name: 'self-id', devices } }),
  checkDevices: () => set({ screen: { name: 'devices' } }),
  started: (first, token) =>
    set((state) => ({ token: token ?? state.token, screen: { name: 'question', first } })),
  finished: () => set({ token: null, screen: { name: 'done' } }),
  withdrew: (result) => set({ token: null, screen: { name: 'withdrawn', result } }),
  reset: () => set({ token: null, screen: { name: 'attract' } }),
}));
