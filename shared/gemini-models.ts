/** The Gemini models an admin may pick for answer scoring, and what a model name looks like. */
import { z } from 'zod';

/** Offered in the settings card; IT may name another through GEMINI_MODEL. */
export const GEMINI_MODELS = [
  'gemini-2.5-flash',
  'gemini-2.5-flash-lite',
  'gemini-2.5-pro',
] as const;

export const DEFAULT_GEMINI_MODEL: (typeof GEMINI_MODELS)[number] = 'gemini-2.5-flash';

/** A model name goes into the request path: letters, digits, dots and dashes only. */
export const geminiModelSchema = z
  .string()
  .trim()
  .regex(/^gemini-[a-z0-9][a-z0-9.-]{0,60}$/, 'Choose a Gemini model, such as gemini-2.5-flash.');

/**
 * A Gemini API key as Google AI Studio issues it (today "AIza" and 35 more characters): the
 * shape is checked loosely, so a new format still fits, but spaces and quotes never do.
 */
export const geminiApiKeySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{20,200}$/, 'Paste the API key as Google AI Studio shows it.');

/** What the screens may know of the Gemini key: never the key itself. */
export interface GeminiKeyStatus {
  configured: boolean;
  model: string;
  /** Set by IT (the station's environment): the screens cannot change or clear it. */
  managed: boolean;
  /** Whether this station can keep a key (a test station without a data folder cannot). */
  storable: boolean;
}
