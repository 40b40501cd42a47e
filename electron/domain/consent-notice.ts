/**
 * The notice a candidate reads before consenting. Its version is stored with every consent
 * record, so change the version whenever the wording changes.
 */
export const NOTICE_VERSION = '2026-11-22.2';

export interface NoticeSection {
  heading: string;
  body: string;
}

export interface ConsentNotice {
  version: string;
  sections: NoticeSection[];
  choices: ConsentChoice[];
}

export interface ConsentChoice {
  key: 'recording' | 'signals' | 'aiScoring';
  label: string;
  required: boolean;
}

/** Builds the notice for one interview: what is recorded, computed, kept, and who sees it. */
export function buildConsentNotice(opts: {
  aiScoring: boolean;
  retentionDays: number;
  candidateNotices: boolean;
}): ConsentNotice {
  const sections: NoticeSection[] = [
    {
      heading: 'What we record',
      body:
        'While you answer, this station records video from its camera and sound from its ' +
        'microphone, and keeps your typed and chosen answers.',
    },
    {
      heading: 'What the station computes',
      body:
        'The station computes signals from your face and voice on this device: whether a face ' +
        'is visible and how many, where you are looking, whether your eyes are closed, and when ' +
        'someone is speaking. It never infers emotions. The signals only point a recruiter to ' +
        'moments worth watching; a person makes every decision.' +
        (opts.candidateNotices
          ? ' If the camera cannot see you, a gentle notice appears on screen.'
          : ''),
    },
    {
      heading: 'Scoring',
      body: opts.aiScoring
        ? 'Multiple-choice answers are scored automatically. If you agree, an AI service may ' +
          'suggest scores for your spoken and written answers; a recruiter reviews every ' +
          'suggestion and decides.'
        : 'Multiple-choice answers are scored automatically. Recruiters score all other ' +
          'answers themselves; no AI service is used.',
    },
    {
      heading: 'Who sees it and for how long',
      body:
        // True because every staff door asks domain/job-access.ts (api/job-access.test.ts).
        `Only the recruiters assigned to this job and the station's administrators can see ` +
        `your recording and answers. They are kept for ${opts.retentionDays} days and then deleted. ` +
        'You may ask the recruiter for a copy or for deletion at any time.',
    },
  ];
  const choices: ConsentChoice[] = [
    {
      key: 'recording',
      label: 'I agree to video and audio recording of my answers.',
      required: true,
    },
    {
      key: 'signals',
      label: 'I agree to the face and voice signals described above being computed.',
      required: true,
    },
  ];
  if (opts.aiScoring) {
    choices.push({
      key: 'aiScoring',
      label: 'I agree to AI-suggested scores for my spoken and written answers (optional).',
      required: false,
    });
  }
  return { version: NOTICE_VERSION, sections, choices };
}
