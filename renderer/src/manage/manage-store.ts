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

/** An interview and the access code issued for it just now (XXXX-XXXX). */
export interface IssuedCode {
  id: number;
  accessCode: string;
}

interface ManageState {
  tab: ManageTab;
  /** A candidate picked on the Candidates tab to schedule next. */
  scheduleFor: number | null;
  /**
   * The interview whose printable invitation is open, with the code just issued: the station
   * keeps only a hash, so the code exists here, in the screen that issued it, and nowhere else.
   */
  invitationFor: IssuedCode | null;
  show(tab: ManageTab): void;
  scheduleInterviewFor(candidateId: number): void;
  openInvitation(issued: IssuedCode | null): void;
}

/** UI state of the management area only; the records themselves live in the query cache. */
export const useManageStore = create<ManageState>((set) => ({
  tab: 'jobs',
  scheduleFor: null,
  invitationFor: null,
  show: (tab) => set({ tab }),
  scheduleInterviewFor: (candidateId) => set({ tab: 'interviews', scheduleFor: candidateId }),
  openInvitation: (issued) => set({ invitationFor: issued }),
}));
