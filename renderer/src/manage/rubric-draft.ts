/**
 * A rubric as the question form edits it: plain strings, so a half-typed weight or an empty
 * row can sit in the form, and the station's checks (shared/rubric.ts) say what is wrong.
 */
import type { Rubric } from '../../../shared/rubric';

export const ANCHOR_LEVELS = [1, 2, 3, 4, 5] as const;
export type AnchorLevel = (typeof ANCHOR_LEVELS)[number];

export interface KeyPointDraft {
  point: string;
  /** Comma-separated, as typed. */
  synonyms: string;
}

export interface CriterionDraft {
  name: string;
  weight: string;
  keyPoints: KeyPointDraft[];
  /** One description per level; an empty one is left out. */
  anchors: Record<AnchorLevel, string>;
}

export interface RubricDraft {
  criteria: CriterionDraft[];
  modelAnswer: string;
}

const noAnchors = (): Record<AnchorLevel, string> => ({ 1: '', 2: '', 3: '', 4: '', 5: '' });

export const emptyCriterion = (): CriterionDraft => ({
  name: '',
  weight: '1',
  keyPoints: [{ point: '', synonyms: '' }],
  anchors: noAnchors(),
});

/** The draft of a saved rubric, or of a new one with the two criteria a rubric needs at least. */
export function rubricDraftOf(rubric: Rubric | null): RubricDraft {
  if (!rubric) return { criteria: [emptyCriterion(), emptyCriterion()], modelAnswer: '' };
  return {
    modelAnswer: rubric.modelAnswer,
    criteria: rubric.criteria.map((c) => {
      const anchors = noAnchors();
      for (const a of c.anchors) anchors[a.level as AnchorLevel] = a.description;
      return {
        name: c.name,
        weight: String(c.weight),
        keyPoints: c.keyPoints.map((k) => ({ point: k.point, synonyms: k.synonyms.join(', ') })),
        anchors,
      };
    }),
  };
}

/**
 * What the form sends. Blank key-point rows and blank anchors are dropped (an empty row is
 * not meant as a point); anything else goes as typed for the station to check.
 */
export function rubricOf(draft: RubricDraft): Rubric {
  return {
    modelAnswer: draft.modelAnswer,
    criteria: draft.criteria.map((c) => ({
      name: c.name,
      weight: Number(c.weight),
      keyPoints: c.keyPoints
        .filter((k) => k.point.trim() !== '' || k.synonyms.trim() !== '')
        .map((k) => ({
          point: k.point,
          synonyms: k.synonyms
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== ''),
        })),
      anchors: ANCHOR_LEVELS.filter((level) => c.anchors[level].trim() !== '').map((level) => ({
        level,
        description: c.anchors[level],
      })),
    })),
  };
}
