import { create } from 'zustand';

export type ManageTab =
  | 'jobs'
  | 'questions'
  | 'questionnaires'
  | 'candidates'
  | 'interviews'
  | 'staff'
  | 'audit'
  | 'fairness';

interface ManageState {
  tab: ManageTab;
  /** A candidate picked on the Candidates tab to schedule next. */
  scheduleFor: number | null;
  /** The interview whose printable invitation is open. */
  invitationFor: number | null;
  show(tab: ManageTab): void;
  scheduleInterviewFor(candidateId: number): void;
  openInvitation(interviewId: number | null): void;
}

/** UI state of the management area only; the records themselves live in the query cache. */
export const useManageStore = create<ManageState>((set) => ({
  tab: 'jobs',
  scheduleFor: null,
  invitationFor: null,
  show: (tab) => set({ tab }),
  scheduleInterviewFor: (candidateId) => set({ tab: 'interviews', scheduleFor: candidateId }),
  openInvitation: (interviewId) => set({ invitationFor: interviewId }),
}));
