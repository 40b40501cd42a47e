import { useId } from 'react';
import { MAX_CRITERIA } from '../../../shared/rubric';
import {
  ANCHOR_LEVELS,
  emptyCriterion,
  type CriterionDraft,
  type RubricDraft,
} from './rubric-draft';
import { TextArea } from './ui';
import './rubric-editor.css';

const MAX_KEY_POINTS = 8;
const LEVEL_NAMES: Record<number, string> = { 1: 'weak', 3: 'adequate', 5: 'strong' };

// After an add or a remove, focus goes somewhere sensible instead of back to the page top.
function focusLater(elementId: string) {
  requestAnimationFrame(() => document.getElementById(elementId)?.focus());
}

/**
 * Edits the rubric an audio, video or text answer is scored against: 2 to 5 criteria, each
 * with a name, a weight, key points (with synonyms) and anchors per level, and a model
 * answer. Each criterion is a fieldset, so a screen reader announces which one a field is in.
 */
export function RubricEditor({
  draft,
  onChange,
}: {
  draft: RubricDraft;
  onChange(draft: RubricDraft): void;
}) {
  const id = useId();
  const setCriterion = (index: number, patch: Partial<CriterionDraft>) =>
    onChange({
      ...draft,
      criteria: draft.criteria.map((c, i) => (i === index ? { ...c, ...patch } : c)),
    });
  const addCriterion = () => {
    onChange({ ...draft, criteria: [...draft.criteria, emptyCriterion()] });
    focusLater(`${id}-c${draft.criteria.length}-name`);
  };
  const removeCriterion = (index: number) => {
    onChange({ ...draft, criteria: draft.criteria.filter((_, i) => i !== index) });
    focusLater(`${id}-add-criterion`);
  };

  return (
    <fieldset className="rubric" aria-describedby={`${id}-hint`}>
      <legend>Rubric</legend>
      <p className="hint" id={`${id}-hint`}>
        What the answer is scored against: 2 to {MAX_CRITERIA} criteria, each with the key points a
        strong answer covers, what an answer at a level does, and a weight.
      </p>
      {draft.criteria.map((criterion, index) => (
        <CriterionEditor
          key={index}
          baseId={`${id}-c${index}`}
          number={index + 1}
          criterion={criterion}
          canRemove={draft.criteria.length > 1}
          onChange={(patch) => setCriterion(index, patch)}
          onRemove={() => removeCriterion(index)}
        />
      ))}
      <button
        type="button"
        id={`${id}-add-criterion`}
        disabled={draft.criteria.length >= MAX_CRITERIA}
        onClick={addCriterion}
      >
        Add criterion
      </button>
      <TextArea
        label="Model answer"
        rows={5}
        value={draft.modelAnswer}
        onChange={(modelAnswer) => onChange({ ...draft, modelAnswer })}
      />
    </fieldset>
  );
}

function CriterionEditor({
  baseId,
  number,
  criterion,
  canRemove,
  onChange,
  onRemove,
}: {
  baseId: string;
  number: number;
  criterion: CriterionDraft;
  canRemove: boolean;
  onChange(patch: Partial<CriterionDraft>): void;
  onRemove(): void;
}) {
  const { keyPoints } = criterion;
  const setKeyPoint = (index: number, patch: Partial<CriterionDraft['keyPoints'][number]>) =>
    onChange({ keyPoints: keyPoints.map((k, i) => (i === index ? { ...k, ...patch } : k)) });
  const addKeyPoint = () => {
    onChange({ keyPoints: [...keyPoints, { point: '', synonyms: '' }] });
    focusLater(`${baseId}-k${keyPoints.length}`);
  };
  const removeKeyPoint = (index: number) => {
    onChange({ keyPoints: keyPoints.filter((_, i) => i !== index) });
    focusLater(`${baseId}-add-point`);
  };

  return (
    <fieldset className="criterion">
      <legend>Criterion {number}</legend>
      <div className="criterion-head">
        <div className="field">
          <label htmlFor={`${baseId}-name`}>Name</label>
          <input
            id={`${baseId}-name`}
            value={criterion.name}
            maxLength={60}
            onChange={(event) => onChange({ name: event.target.value })}
          />
        </div>
        <div className="field weight">
          <label htmlFor={`${baseId}-weight`}>Weight</label>
          <input
            id={`${baseId}-weight`}
            type="number"
            inputMode="decimal"
            min={0.5}
            max={10}
            step={0.5}
            value={criterion.weight}
            aria-describedby={`${baseId}-weight-hint`}
            onChange={(event) => onChange({ weight: event.target.value })}
          />
          <p className="hint" id={`${baseId}-weight-hint`}>
            Above 0, up to 10
          </p>
        </div>
        <button type="button" className="danger" disabled={!canRemove} onClick={onRemove}>
          Remove criterion {number}
        </button>
      </div>
      <fieldset className="key-points">
        <legend>Key points</legend>
        {keyPoints.map((keyPoint, index) => (
          <div className="key-point-row" key={index}>
            <div className="field">
              <label htmlFor={`${baseId}-k${index}`}>Key point {index + 1}</label>
              <input
                id={`${baseId}-k${index}`}
                placeholder="What a strong answer covers"
                value={keyPoint.point}
                onChange={(event) => setKeyPoint(index, { point: event.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`${baseId}-k${index}-synonyms`}>
                Synonyms<span className="visually-hidden"> for key point {index + 1}</span>,
                separated by commas
              </label>
              <input
                id={`${baseId}-k${index}-synonyms`}
                placeholder="Other ways a candidate would say it"
                value={keyPoint.synonyms}
                onChange={(event) => setKeyPoint(index, { synonyms: event.target.value })}
              />
            </div>
            <button
              type="button"
              className="icon"
              disabled={keyPoints.length <= 1}
              onClick={() => removeKeyPoint(index)}
              aria-label={`Remove key point ${index + 1}`}
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          id={`${baseId}-add-point`}
          disabled={keyPoints.length >= MAX_KEY_POINTS}
          onClick={addKeyPoint}
        >
          Add key point
        </button>
      </fieldset>
      <fieldset className="anchors" aria-describedby={`${baseId}-anchors-hint`}>
        <legend>Anchors</legend>
        <p className="hint" id={`${baseId}-anchors-hint`}>
          What an answer at each level does. Leave a level blank to skip it.
        </p>
        {ANCHOR_LEVELS.map((level) => (
          <TextArea
            key={level}
            label={`Level ${level}${LEVEL_NAMES[level] ? ` (${LEVEL_NAMES[level]})` : ''}`}
            rows={2}
            maxLength={300}
            value={criterion.anchors[level]}
            onChange={(description) =>
              onChange({ anchors: { ...criterion.anchors, [level]: description } })
            }
          />
        ))}
      </fieldset>
    </fieldset>
  );
}
