import { describe, expect, it } from 'vitest';
import { buildConsentNotice, noticeText, type ConsentNotice } from './consent-notice';
import { CAMERA_STATION } from './test-consent';

const CAMERA_AND_MIC = CAMERA_STATION;
const MIC_ONLY = { ...CAMERA_STATION, camera: false, faceGeometry: false };
const NOTHING = { ...CAMERA_STATION, camera: false, microphone: false, faceGeometry: false };

/** Everything the candidate reads: the sections, the choices and the release. */
function wording(notice: ConsentNotice): string {
  const release = notice.biometric ? `${notice.biometric.body} ${notice.biometric.label}` : '';
  return `${noticeText(notice)}\n${release}`;
}

describe('buildConsentNotice', () => {
  it('with a camera and microphone: video and sound, face and voice signals, and a release', () => {
    const notice = buildConsentNotice(CAMERA_AND_MIC);
    expect(wording(notice)).toMatch(/records video from its camera and sound from its microphone/);
    expect(notice.choices.map((c) => [c.key, c.required])).toEqual([
      ['recording', true],
      ['signals', true],
    ]);
    expect(notice.choices[0]?.label).toMatch(/video and audio recording/);
    expect(wording(notice)).toMatch(/where you are looking/);
    expect(notice.biometric).toMatchObject({
      version: expect.stringMatching(/^bipa-[0-9a-f]{16}$/),
      heading: expect.stringMatching(/Biometric release/),
      label: expect.stringMatching(/in writing/),
    });
  });

  it('with a microphone only: no video wording, voice signals, no face wording, no release', () => {
    const notice = buildConsentNotice(MIC_ONLY);
    const text = wording(notice);
    expect(text).not.toMatch(/video (from|and)|records video|camera picture|face (is|geometry)/);
    expect(text).toMatch(/records sound from its microphone \(it has no camera, so no video\)/);
    expect(notice.choices[0]?.label).toBe('I agree to audio recording of my answers.');
    expect(notice.choices[1]?.label).toMatch(/voice signals/);
    expect(notice.biometric).toBeNull();
  });

  it('with no camera or microphone: records nothing, computes nothing, asks no choice', () => {
    const notice = buildConsentNotice(NOTHING);
    const text = wording(notice);
    expect(text).toMatch(/records no video or sound/);
    expect(text).toMatch(/computes no signals/);
    expect(text).not.toMatch(/recording and answers|gentle notice|where you are looking/);
    expect(notice.choices).toEqual([]);
    expect(notice.biometric).toBeNull();
  });

  it('asks for the release only where face landmarks run', () => {
    const noLandmarks = buildConsentNotice({ ...CAMERA_AND_MIC, faceGeometry: false });
    expect(noLandmarks.biometric).toBeNull();
    expect(wording(noLandmarks)).not.toMatch(/where you are looking|eyes are closed/);
    expect(wording(noLandmarks)).toMatch(/whether a face is visible and how many/);
  });

  it('speaks of AI-suggested scores only when the interview allows it and the station has a scorer', () => {
    const noScorer = buildConsentNotice({ ...CAMERA_AND_MIC, aiScoring: true, scorer: null });
    expect(wording(noScorer)).toMatch(/no AI service is used/);
    expect(wording(noScorer)).not.toMatch(/AI-suggested|AI service \(/);
    expect(noScorer.choices.some((c) => c.key === 'aiScoring')).toBe(false);

    const scorer = { name: 'Gemini' };
    const notAllowed = buildConsentNotice({ ...CAMERA_AND_MIC, aiScoring: false, scorer });
    expect(wording(notAllowed)).toMatch(/no AI service is used/);

    const withScorer = buildConsentNotice({ ...CAMERA_AND_MIC, aiScoring: true, scorer });
    expect(wording(withScorer)).toMatch(/an AI service \(Gemini\) may suggest scores/);
    expect(withScorer.choices.at(-1)).toEqual({
      key: 'aiScoring',
      label: expect.stringMatching(/AI-suggested scores/),
      required: false,
    });
  });

  it('derives each version from the words, so different text never shares a version', () => {
    const variants = [
      CAMERA_AND_MIC,
      MIC_ONLY,
      NOTHING,
      { ...CAMERA_AND_MIC, candidateNotices: false },
      { ...CAMERA_AND_MIC, retentionDays: 90 },
      { ...CAMERA_AND_MIC, aiScoring: true, scorer: { name: 'Gemini' } },
    ].map(buildConsentNotice);
    const versions = variants.map((n) => n.version);
    expect(new Set(versions).size).toBe(variants.length);
    for (const version of versions) expect(version).toMatch(/^notice-[0-9a-f]{16}$/);
    expect(buildConsentNotice(CAMERA_AND_MIC).version).toBe(variants[0]?.version);
    // The release names the retention, so its version follows it too.
    expect(variants[4]?.biometric?.version).not.toBe(variants[0]?.biometric?.version);
  });

  it('tells the candidate they may withdraw at any point', () => {
    expect(wording(buildConsentNotice(NOTHING))).toMatch(/withdraw your consent at any point/);
  });

  it('speaks of the optional self-identification only where the station asks it', () => {
    const asked = buildConsentNotice({ ...CAMERA_AND_MIC, selfIdentification: true });
    const silent = buildConsentNotice(CAMERA_AND_MIC);
    expect(wording(asked)).toMatch(/may ask your sex and race or ethnicity/);
    expect(wording(asked)).toMatch(/never shown to anyone who scores you/);
    expect(wording(silent)).not.toMatch(/sex|ethnicity/);
    expect(asked.version).not.toBe(silent.version);
  });
});
