/** Audit log mutations (admin only): wrong in ways only a real admin token lets the router see. */
export const auditCases = (token: string): Record<string, unknown[]> => ({
  'audit.exportCsv': [
    { token },
    { token, filter: { actorKind: 'robot' } },
    { token, filter: { action: 'DROP TABLE audit_log' } },
    { token, filter: { interviewId: 0 } },
    { token, filter: { from: 2, to: 1 } },
    { token, filter: { from: -1 } },
    { token, filter: { token } },
  ],
});
