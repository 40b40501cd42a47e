import { create } from 'zustand';
import type { StationClient } from '../trpc';

export type StaffSession = Awaited<ReturnType<StationClient['staff']['login']['mutate']>>;
export type StaffUser = StaffSession['user'];

interface StaffState {
  /** The signed-in recruiter or admin; null on the candidate kiosk. */
  session: StaffSession | null;
  /** True while the staff sign-in form is open over the attract screen. */
  signingIn: boolean;
  openSignIn(): void;
  closeSignIn(): void;
  signedIn(session: StaffSession): void;
  updateUser(user: StaffUser): void;
  signedOut(): void;
}

/** Staff mode lives beside the candidate flow; leaving it always returns to the attract screen. */
export const useStaffStore = create<StaffState>((set) => ({
  session: null,
  signingIn: false,
  openSignIn: () => set({ signingIn: true }),
  closeSignIn: () => set({ signingIn: false }),
  signedIn: (session) => set({ session, signingIn: false }),
  updateUser: (user) => set((s) => (s.session ? { session: { ...s.session, user } } : {})),
  signedOut: () => set({ session: null, signingIn: false }),
}));

/**
 * The signed-in staff member's token, or null. For requests outside tRPC that must prove a
 * staff sign-in too: the media and export URLs a video element or a download link fetches.
 */
export function currentStaffToken(): string | null {
  return useStaffStore.getState().session?.token ?? null;
}
