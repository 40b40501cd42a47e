import { createHash } from 'node:crypto';

/**
 * What this station actually does, as the composition root knows it: the notice says no
 * more and no less.
 */
export interface StationAbilities {
  /** A camera records video and feeds the face signals. */
  camera: boolean;
  /** A microphone records sound and feeds voice activity. */
  microphone: boolean;
  /**
   * Face landmarks run with the camera (eyes, head pose, gaze): face geometry, which needs
   * the candidate's separate written release (Illinois BIPA, 740 ILCS 14/15(b)).
   */
  faceGeometry: boolean;
  /** The AI service that suggests scores; null: none is configured, so none is used. */
  scorer: null | { name: string };
}

export interface NoticeSection {
  heading: string;
  body: string;
}

export interface ConsentChoice {
  key: 'recording' | 'signals' | 'aiScoring';
  label: string;
  required: boolean;
}

/** The separate written release for face geometry: its own text, version and choice. */
export interface BiometricRelease {
  version: string;
  heading: string;
  body: string;
  label: string;
}

export interface ConsentNotice {
  /** Derived from the text: two candidates shown different words never share a version. */
  version: string;
  sections: NoticeSection[];
  choices: ConsentChoice[];
  /** Present only where face geometry is processed. */
  biometric: BiometricRelease | null;
}

export interface NoticeOptions extends StationAbilities {
  /** The interview allows AI-suggested scores (used only when the station has a scorer). */
  aiScoring: boolean;
  retentionDays: number;
  candidateNotices: boolean;
  /** The station asks the optional self-identification for its bias audit after consent. */
  selfIdentification?: boolean;
}

/** A short version computed from the words shown, so a stored version always names its text. */
function versionOf(prefix: string, text: string): string {
  return `${prefix}-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

/** The notice as one plain text, as stored with each consent. */
export function noticeText(notice: Pick<ConsentNotice, 'sections' | 'choices'>): string {
  const sections = notice.sections.map((s) => `${s.heading}\n${s.body}`);
  const choices = notice.choices.map((c) => `[${c.required ? 'required' : 'optional'}] ${c.label}`);
  return [...sections, ...choices].join('\n\n');
}

/** The release as one plain text, as stored with its own consent row. */
export function releaseText(release: Omit<BiometricRelease, 'version'>): string {
  return `${release.heading}\n${release.body}\n\n${release.label}`;
}

function recordedWhat(opts: NoticeOptions): string | null {
  if (opts.camera && opts.microphone) return 'video from its camera and sound from its microphone';
  if (opts.camera) return 'video from its camera (it has no microphone, so no sound)';
  if (opts.microphone) return 'sound from its microphone (it has no camera, so no video)';
  return null;
}

function computedSection(opts: NoticeOptions): NoticeSection {
  if (!opts.camera && !opts.microphone) {
    return {
      heading: 'What the station computes',
      body: 'This station has no camera or microphone, so it computes no signals about you.',
    };
  }
  const parts: string[] = [];
  if (opts.camera) parts.push('whether a face is visible and how many');
  if (opts.camera && opts.faceGeometry) {
    parts.push(
      'and, only if you sign the separate biometric release below, where you are looking and ' +
        'whether your eyes are closed',
    );
  }
  if (opts.microphone)
    parts.push(opts.camera ? 'and when someone is speaking' : 'when someone is speaking');
  const from =
    opts.camera && opts.microphone
      ? 'your face and voice'
      : opts.camera
        ? 'the camera picture'
        : 'your voice';
  return {
    heading: 'What the station computes',
    body:
      `The station computes signals from ${from} on this device: ${parts.join(', ')}. It never ` +
      'infers emotions. The signals only point a recruiter to moments worth watching; a person ' +
      'makes every decision.' +
      (opts.camera && opts.candidateNotices
        ? ' If the camera cannot see you, a gentle notice appears on screen.'
        : ''),
  };
}

function scoringSection(opts: NoticeOptions): NoticeSection {
  const scorer = opts.aiScoring ? opts.scorer : null;
  return {
    heading: 'Scoring',
    body: scorer
      ? 'Multiple-choice answers are scored automatically. If you agree, an AI service ' +
        `(${scorer.name}) may suggest scores for your spoken and written answers; it is sent ` +
        'the question and your answer text only. A recruiter reviews every suggestion and decides.'
      : 'Multiple-choice answers are scored automatically. Recruiters score all other answers ' +
        'themselves; no AI service is used.',
  };
}

function releaseFor(opts: NoticeOptions): BiometricRelease | null {
  if (!opts.camera || !opts.faceGeometry) return null;
  const release = {
    heading: 'Biometric release (face geometry)',
    body:
      'To tell where you are looking and whether your eyes are closed, the station measures ' +
      'points of your face (eyes, eyelids, the angle of your head) in each camera picture. ' +
      'These measurements of face geometry are biometric identifiers under some laws, such as ' +
      'the Illinois Biometric Information Privacy Act. They are computed on this station only, ' +
      'used only to help the recruiter review this interview, never sold or used to identify ' +
      `you, and deleted with your interview within ${opts.retentionDays} days at most. ` +
      'This release is optional: without it the station still records and checks whether a ' +
      'face is visible, but measures nothing of your face.',
    label: 'I agree, in writing, to the face-geometry measurements described in this release.',
  };
  return { ...release, version: versionOf('bipa', releaseText(release)) };
}

/** Builds the notice for one interview on this station: what is recorded, computed, kept, and who sees it. */
export function buildConsentNotice(opts: NoticeOptions): ConsentNotice {
  const recorded = recordedWhat(opts);
  const sections: NoticeSection[] = [
    {
      heading: 'What we record',
      body: recorded
        ? `While you answer, this station records ${recorded}, and keeps your typed and chosen answers.`
        : 'This station has no camera or microphone: it records no video or sound. It keeps ' +
          'your typed and chosen answers.',
    },
    computedSection(opts),
    scoringSection(opts),
    {
      heading: 'Who sees it and for how long',
      body:
        // True because every staff door asks domain/job-access.ts (api/job-access.test.ts).
        `Only the recruiters assigned to this job and the station's administrators can see your ` +
        `${recorded ? 'recording and ' : ''}answers. They are kept for ${opts.retentionDays} ` +
        'days and then deleted. You may ask the recruiter for a copy or for deletion at any time.',
    },
    ...(opts.selfIdentification
      ? [
          {
            heading: 'An optional question about you',
            body:
              'After you agree, the station may ask your sex and race or ethnicity, to check ' +
              'that its hiring treats every group fairly. Answering is optional and changes ' +
              'nothing in your interview; your answer is kept apart from it, never shown to ' +
              'anyone who scores you or decides, never sent to any AI service, and deleted ' +
              'with your interview.',
          },
        ]
      : []),
    {
      heading: 'Changing your mind',
      body:
        'You may withdraw your consent at any point during the interview with the “Withdraw ' +
        'consent” button. Everything stops at once, and you choose whether the answers you gave ' +
        'so far are kept for your application or deleted.',
    },
  ];
  const choices: ConsentChoice[] = [];
  if (recorded) {
    const media =
      opts.camera && opts.microphone ? 'video and audio' : opts.camera ? 'video' : 'audio';
    choices.push({
      key: 'recording',
      label: `I agree to ${media} recording of my answers.`,
      required: true,
    });
    const from = opts.camera && opts.microphone ? 'face and voice' : opts.camera ? 'face' : 'voice';
    choices.push({
      key: 'signals',
      label: `I agree to the ${from} signals described above being computed.`,
      required: true,
    });
  }
  if (opts.aiScoring && opts.scorer) {
    choices.push({
      key: 'aiScoring',
      label: 'I agree to AI-suggested scores for my spoken and written answers (optional).',
      required: false,
    });
  }
  return {
    version: versionOf('notice', noticeText({ sections, choices })),
    sections,
    choices,
    biometric: releaseFor(opts),
  };
}
