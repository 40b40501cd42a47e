import type { StaffSession } from '../staff/staff-store';
import { DashboardScreen } from './dashboard-screen';
import { ReplayScreen } from './replay-screen';
import { useReviewStore } from './review-store';
import './review.css';

/** The recruiter's review area: the interview dashboard, or one interview's replay. */
export function ReviewArea({ session }: { session: StaffSession }) {
  const openInterviewId = useReviewStore((s) => s.openInterviewId);
  return openInterviewId === null ? (
    <DashboardScreen session={session} />
  ) : (
    <ReplayScreen key={openInterviewId} session={session} interviewId={openInterviewId} />
  );
}
