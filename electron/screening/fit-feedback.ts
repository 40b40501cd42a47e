/**
 * Gemini's short summary of how a résumé fits a job, beside the offline screening (which
 * stands alone without it). The résumé leaves the station only with the candidate's name,
 * e-mail, phones, links, addresses and personal lines taken out (contact-details.ts); if
 * anything that looks like an e-mail address or a phone number is still there, nothing is
 * sent. The summary is words for a recruiter: the score and the status stay the screener's.
 */
import type { ResumeFit } from '../../shared/job-requirements';
import type { StationGemini } from '../evaluation/station-gemini';
import { stillHasContact, stripContactDetails } from './contact-details';
import type { KnownIdentity } from './contact-details';
import {
  FIT_JSON_SCHEMA,
  FIT_PROMPT_VERSION,
  FIT_SYSTEM_INSTRUCTION,
  fitRequestText,
  parseFitReply,
  type FitJob,
} from './fit-prompt';

export type FitOutcome = { ok: true; fit: ResumeFit } | { ok: false; reason: string };

export interface FitFeedback {
  /** Whether a Gemini key is configured (the summary can be asked for at all). */
  available(): boolean;
  summarise(job: FitJob, resume: string, who: KnownIdentity): Promise<FitOutcome>;
}

/** No Gemini: the offline screening alone. */
export const noFitFeedback: FitFeedback = {
  available: () => false,
  summarise: () => Promise.resolve({ ok: false, reason: 'No Gemini key is configured' }),
};

export function createFitFeedback(gemini: StationGemini): FitFeedback {
  return {
    available: () => gemini.now() !== null,
    async summarise(job, resume, who) {
      const current = gemini.now();
      if (!current) return { ok: false, reason: 'No Gemini key is configured' };
      const stripped = stripContactDetails(resume, who);
      if (stillHasContact(stripped.text)) {
        return {
          ok: false,
          reason:
            'The résumé still looked like it held contact details after cleaning; nothing was sent',
        };
      }
      const result = await current.caller.call({
        label: 'résumé feedback',
        system: FIT_SYSTEM_INSTRUCTION,
        text: fitRequestText(job, stripped.text),
        jsonSchema: FIT_JSON_SCHEMA,
        parse: parseFitReply,
      });
      if (!result.ok) return result;
      return {
        ok: true,
        fit: {
          provider: 'gemini',
          model: current.model,
          promptVersion: FIT_PROMPT_VERSION,
          ...result.value,
          removed: stripped.removed,
          inputTokens: result.inputTokens,
          outputTokens: result.outputTokens,
          latencyMs: result.latencyMs,
        },
      };
    },
  };
}
