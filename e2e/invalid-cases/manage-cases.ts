/** Manage mutations: wrong in ways only a real staff token lets the router see. */
export const manageCases = (token: string): Record<string, unknown[]> => {
  const job = { title: 'Analyst', department: null, description: '', domain: null };
  const mcq = {
    type: 'mcq',
    domain: 'fullstack',
    prompt: 'Pick one',
    options: ['a', 'b'],
    correctOption: 0,
    readingSeconds: 10,
    answerSeconds: 60,
  };
  const criterion = {
    name: 'Depth',
    weight: 1,
    keyPoints: [{ point: 'detail', synonyms: ['specifics'] }],
    anchors: [{ level: 3, description: 'Some detail.' }],
  };
  const rubric = { criteria: [criterion, { ...criterion, name: 'Order' }], modelAnswer: 'First…' };
  const text = {
    type: 'text',
    domain: 'fullstack',
    prompt: 'Explain it',
    readingSeconds: 20,
    answerSeconds: 300,
    rubric,
  };
  const questionnaire = { title: 'Screen', jobId: null, retakesAllowed: 0 };
  const interview = {
    candidateId: 1,
    jobId: 1,
    questionnaireId: 1,
    expiresAt: Date.UTC(2100, 0, 1),
    accommodations: { extraTimePercent: 0, candidateNotices: true },
    alternativePath: 'Ask at the desk.',
    aiScoring: false,
  };
  const part = {
    candidateId: 1,
    uploadId: 'upload-0123456789ab',
    fileName: 'cv.pdf',
    totalBytes: 8,
    offset: 0,
    data: 'JVBERi0xLjc=',
  };
  return {
    'manage.createJob': [
      { token, job: { ...job, title: '  ' } },
      { token, job: { ...job, domain: 'chemistry' } },
      { token, job: { ...job, title: 'x'.repeat(121) } },
      // Requirements as the screener reads them: bounded, named, a threshold in 0–100.
      { token, job: { ...job, requirements: { requirements: [{ skill: ' ' }] } } },
      { token, job: { ...job, requirements: { requirements: [], interviewThreshold: 101 } } },
      { token, job: { ...job, requirements: { requirements: [], minYears: -1 } } },
      {
        token,
        job: {
          ...job,
          requirements: {
            requirements: Array.from({ length: 41 }, (_, i) => ({ skill: `s${i}` })),
          },
        },
      },
    ],
    'manage.updateJob': [
      { token, jobId: 0, job },
      { token, jobId: 1, job: { ...job, salary: 100 } },
      { token, jobId: 1, job: { ...job, requirements: { requirements: 'TypeScript' } } },
    ],
    'manage.deleteJob': [{ token, jobId: -1 }, { token }],
    'manage.createQuestion': [
      { token, question: { ...mcq, options: ['only'] } },
      { token, question: { ...mcq, correctOption: 2 } },
      { token, question: { ...mcq, options: ['same', 'same'] } },
      { token, question: { ...mcq, readingSeconds: 0 } },
      { token, question: { ...mcq, answerSeconds: 3601 } },
      { token, question: { ...mcq, type: 'essay' } },
      { token, question: { ...mcq, type: 'text' } },
      { token, question: { ...mcq, rubric } },
      { token, question: { ...text, rubric: { ...rubric, criteria: [criterion] } } },
      { token, question: { ...text, rubric: { ...rubric, modelAnswer: '' } } },
      { token, question: { ...text, rubric: { ...rubric, criteria: [criterion, criterion] } } },
      {
        token,
        question: {
          ...text,
          rubric: { ...rubric, criteria: [criterion, { ...criterion, name: 'B', weight: 11 }] },
        },
      },
      {
        token,
        question: {
          ...text,
          rubric: {
            ...rubric,
            criteria: [
              criterion,
              { ...criterion, name: 'B', anchors: [{ level: 0, description: 'x' }] },
            ],
          },
        },
      },
      {
        token,
        question: {
          ...text,
          rubric: { ...rubric, criteria: [criterion, { ...criterion, name: 'B', keyPoints: [] }] },
        },
      },
      { token, question: { ...text, rubric: { ...rubric, scale: 10 } } },
      { token, question: { ...text, rubric: 'strong answers score high' } },
    ],
    'manage.updateQuestion': [
      { token, questionId: 1, question: { ...mcq, prompt: '' } },
      { token, questionId: 1.5, question: mcq },
      { token, questionId: 1, question: { ...text, rubric: { ...rubric, criteria: [criterion] } } },
      { token, questionId: 1, question: { ...text, rubric: { criteria: [] } } },
    ],
    'manage.removeQuestion': [{ token, questionId: 'first' }],
    'manage.restoreQuestion': [{ token, questionId: 0 }],
    'manage.exportQuestions': [
      { token, filter: { domain: 'chemistry' } },
      { token, filter: { type: 'mcq', extra: true } },
    ],
    'manage.importQuestions': [
      { token, text: '' },
      { token, text: 42 },
      { token, text: 'x'.repeat(800_001) },
    ],
    'manage.createQuestionnaire': [
      { token, questionnaire: { ...questionnaire, retakesAllowed: -1 } },
      { token, questionnaire: { ...questionnaire, retakesAllowed: 6 } },
      { token, questionnaire: { ...questionnaire, title: '' } },
    ],
    'manage.updateQuestionnaire': [{ token, questionnaireId: 1, questionnaire: { title: 'x' } }],
    'manage.setQuestionnaireQuestions': [
      { token, questionnaireId: 1, questionIds: [1, 1] },
      { token, questionnaireId: 1, questionIds: [0] },
      { token, questionnaireId: 1, questionIds: Array.from({ length: 101 }, (_, i) => i + 1) },
    ],
    'manage.duplicateQuestionnaire': [{ token, questionnaireId: -4 }],
    'manage.createCandidate': [
      { token, candidate: { fullName: '', email: null } },
      { token, candidate: { fullName: 'Ada', email: 'not an email' } },
    ],
    'manage.updateCandidate': [
      { token, candidateId: 0, candidate: { fullName: 'Ada', email: null } },
    ],
    'manage.uploadResumePart': [
      { token, ...part, uploadId: 'short' },
      { token, ...part, data: 'not base64 at all!' },
      { token, ...part, data: 'A'.repeat(800_000) },
      { token, ...part, offset: -1 },
      { token, ...part, totalBytes: 0 },
      { token, ...part, fileName: undefined },
    ],
    'manage.exportCandidateData': [
      { token, candidateId: 0 },
      { token, candidateId: '1' },
      { token },
    ],
    'manage.scheduleInterview': [
      {
        token,
        interview: {
          ...interview,
          accommodations: { extraTimePercent: 101, candidateNotices: true },
        },
      },
      {
        token,
        interview: {
          ...interview,
          accommodations: { extraTimePercent: -5, candidateNotices: true },
        },
      },
      {
        token,
        interview: {
          ...interview,
          accommodations: { extraTimePercent: 10, candidateNotices: 'off' },
        },
      },
      { token, interview: { ...interview, alternativePath: ' ' } },
      { token, interview: { ...interview, expiresAt: 'tomorrow' } },
      { token, interview: { ...interview, candidateId: undefined } },
    ],
    'manage.cancelInterview': [{ token, interviewId: 0 }],
    'manage.reissueAccessCode': [
      { token, interviewId: 0 },
      { token, interviewId: 'ABCD-EFGH' },
      { token },
    ],
    // Admin-only: the input is checked before the role, so a recruiter's token sees these.
    'manage.createStaff': [
      { token, account: { username: 'Has Spaces', displayName: 'X', role: 'recruiter' } },
      { token, account: { username: 'ok', displayName: 'X', role: 'recruiter' } },
      { token, account: { username: 'valid', displayName: 'X', role: 'owner' } },
    ],
    'manage.resetStaffPassword': [{ token, userId: 0 }],
    'manage.unlockStaff': [{ token, userId: 'admin' }],
    'manage.setStaffActive': [
      { token, userId: 2 },
      { token, userId: 2, active: 'no' },
    ],
    'manage.setStaffJobs': [
      { token, userId: 1 },
      { token, userId: 1, jobIds: [0] },
      { token, userId: 1, jobIds: [1, 1] },
      { token, userId: 'first', jobIds: [] },
      { token, userId: 1, jobIds: Array.from({ length: 1001 }, (_, i) => i + 1) },
    ],
  };
};
