import { useRef, type KeyboardEvent } from 'react';
import type { StaffSession } from '../staff/staff-store';
import { AuditTab } from './audit-tab';
import { CandidatesTab } from './candidates-tab';
import { FairnessTab } from './fairness-tab';
import { InterviewsTab } from './interviews-tab';
import { InvitationView } from './invitation-view';
import { JobsTab } from './jobs-tab';
import { useManageStore, type ManageTab } from './manage-store';
import { QuestionnairesTab } from './questionnaires-tab';
import { QuestionsTab } from './questions-tab';
import { StaffTab } from './staff-tab';
import './manage.css';

const TABS: { id: ManageTab; label: string; adminOnly?: boolean }[] = [
  { id: 'jobs', label: 'Jobs' },
  { id: 'questions', label: 'Questions' },
  { id: 'questionnaires', label: 'Questionnaires' },
  { id: 'candidates', label: 'Candidates' },
  { id: 'interviews', label: 'Interviews' },
  { id: 'staff', label: 'Staff', adminOnly: true },
  { id: 'audit', label: 'Audit log', adminOnly: true },
  { id: 'fairness', label: 'Bias audit', adminOnly: true },
];

/**
 * Jobs, the question bank, questionnaires, candidates, scheduling, staff accounts, the audit log
 * and the bias audit.
 */
export function ManageArea({ session }: { session: StaffSession }) {
  const { tab, show, invitationFor, openInvitation } = useManageStore();
  const tabs = TABS.filter((t) => !t.adminOnly || session.user.role === 'admin');
  const current = tabs.some((t) => t.id === tab) ? tab : 'jobs';
  const refs = useRef(new Map<ManageTab, HTMLButtonElement>());
  const { token } = session;

  if (invitationFor !== null) {
    return (
      <div className="manage">
        <InvitationView
          token={token}
          interviewId={invitationFor.id}
          accessCode={invitationFor.accessCode}
          onClose={() => openInvitation(null)}
        />
      </div>
    );
  }

  // Arrow keys move between tabs, as in the WAI-ARIA tabs pattern:
  // https://www.w3.org/WAI/ARIA/apg/patterns/tabs/
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((t) => t.id === current);
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (index - 1 + tabs.length) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? tabs.length - 1
              : null;
    const target = next === null ? undefined : tabs[next];
    if (!target) return;
    event.preventDefault();
    show(target.id);
    refs.current.get(target.id)?.focus();
  };

  return (
    <div className="manage">
      {/* Every staff area has its h1; here the tabs show where one is, so it is not repeated. */}
      <h1 className="visually-hidden">Manage</h1>
      <div role="tablist" aria-label="Manage" className="manage-tabs" onKeyDown={onKeyDown}>
        {tabs.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              if (el) refs.current.set(t.id, el);
              else refs.current.delete(t.id);
            }}
            type="button"
            role="tab"
            id={`manage-tab-${t.id}`}
            aria-selected={current === t.id}
            aria-controls={`manage-panel-${t.id}`}
            tabIndex={current === t.id ? 0 : -1}
            onClick={() => show(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`manage-panel-${current}`}
        aria-labelledby={`manage-tab-${current}`}
        className="manage-body"
      >
        {current === 'jobs' && <JobsTab token={token} />}
        {current === 'questions' && <QuestionsTab token={token} />}
        {current === 'questionnaires' && <QuestionnairesTab token={token} />}
        {current === 'candidates' && (
          <CandidatesTab token={token} isAdmin={session.user.role === 'admin'} />
        )}
        {current === 'interviews' && <InterviewsTab token={token} />}
        {current === 'staff' && <StaffTab token={token} selfId={session.user.id} />}
        {current === 'audit' && <AuditTab token={token} />}
        {current === 'fairness' && <FairnessTab token={token} />}
      </div>
    </div>
  );
}
