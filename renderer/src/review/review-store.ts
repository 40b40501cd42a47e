import { create } from 'zustand';
import type { DashboardSort, ReviewState } from './format';

interface ReviewUiState {
  /** The interview open in the replay screen; null shows the dashboard. */
  openInterviewId: number | null;
  search: string;
  state: ReviewState | null;
  jobId: number | null;
  sort: DashboardSort;
  openInterview(id: number): void;
  closeInterview(): void;
  setSearch(search: string): void;
  setState(state: ReviewState | null): void;
  setJobId(jobId: number | null): void;
  setSort(sort: DashboardSort): void;
}

/** UI state of the review area only; the interviews themselves live in React Query's cache. */
export const useReviewStore = create<ReviewUiState>((set) => ({
  openInterviewId: null,
  search: '',
  state: null,
  jobId: null,
  sort: 'newest',
  openInterview: (id) => set({ openInterviewId: id }),
  closeInterview: () => set({ openInterviewId: null }),
  setSearch: (search) => set({ search }),
  setState: (state) => set({ state }),
  setJobId: (jobId) => set({ jobId }),
  setSort: (sort) => set({ sort }),
}));
