import type { ReviewAnswer, SessionDetail } from './format';
import './session-analysis-panel.css';

type Analysis = SessionDetail['analysis'];
type Relevance = Analysis['keywords'][number]['relevance'];
type Suggestion = Analysis['overall']['suggestion'];

// Said in words, not only by colour: a tag reads "rubric", "job" or "other".
const RELEVANCE_LABELS: Record<Relevance, string> = {
  rubric: 'rubric',
  job: 'job',
  other: 'other',
};

const SUGGESTION_LABELS: Record<Suggestion, string> = {
  advance: 'Advance',
  consider: 'Consider: take a closer look',
  do_not_advance: 'Do not advance',
  insufficient: 'No suggestion: too few answers scored',
};

/** A link to the answer: seeks the replay there and brings its card into view. */
function AnswerLink({
  answers,
  answerId,
  atMs,
  onJump,
}: {
  answers: ReviewAnswer[];
  answerId: number;
  atMs: number | null;
  onJump: (ms: number) => void;
}) {
  const answer = answers.find((a) => a.id === answerId);
  if (!answer) return null;
  const n = answer.position + 1;
  const ms = atMs ?? answer.startedMs;
  if (ms === null) return <span className="muted">answer {n}</span>;
  return (
    <button
      type="button"
      className="small"
      onClick={() => {
        onJump(ms);
        document.getElementById(`answer-${answerId}-title`)?.scrollIntoView({ block: 'start' });
      }}
    >
      Jump to answer {n}
    </button>
  );
}

/**
 * What the station's analysis says about the interview: keywords, a technical score from the
 * scorer's suggestions, speech figures as facts, strengths and areas to probe, and an overall
 * suggestion. Nothing about sentiment, emotion or personality; a recruiter decides.
 */
export function SessionAnalysisPanel({
  analysis,
  answers,
  onJump,
}: {
  analysis: Analysis;
  answers: ReviewAnswer[];
  onJump: (ms: number) => void;
}) {
  const { technical, communication } = analysis.competencies;
  return (
    <section className="panel session-analysis" aria-labelledby="analysis-title">
      <h2 id="analysis-title">Interview analysis — suggestion only</h2>

      <h3>Overall suggestion</h3>
      <p className="analysis-overall">
        <strong>{SUGGESTION_LABELS[analysis.overall.suggestion]}</strong>{' '}
        <span className="analysis-label">{analysis.overall.label}</span>
      </p>
      <p className="help">{analysis.overall.reason}</p>

      <h3>Technical</h3>
      <p>
        {technical.score === null ? (
          'No suggested score yet.'
        ) : (
          <>
            Suggested score <strong>{technical.score}/100</strong>
          </>
        )}{' '}
        <span className="muted">({technical.basis})</span>
      </p>

      <h3>Communication (facts only)</h3>
      <ul className="analysis-facts">
        {communication.sentences.map((sentence) => (
          <li key={sentence}>{sentence}</li>
        ))}
      </ul>

      <h3>Strengths</h3>
      {analysis.strengths.length === 0 ? (
        <p className="muted">No criterion scored 4 or 5.</p>
      ) : (
        <ul className="analysis-items">
          {analysis.strengths.map((s) => (
            <li key={`${s.answerId}-${s.criterion}`}>
              <strong>{s.criterion}</strong> ({s.score} of 5) in answer {s.position + 1}
              {s.quote && <q>{s.quote}</q>}{' '}
              <AnswerLink
                answers={answers}
                answerId={s.answerId}
                atMs={s.quoteMs}
                onJump={onJump}
              />
            </li>
          ))}
        </ul>
      )}

      <h3>Areas to probe</h3>
      {analysis.areasToProbe.length === 0 ? (
        <p className="muted">No criterion scored 2 or lower, and no key point was missed.</p>
      ) : (
        <ul className="analysis-items">
          {analysis.areasToProbe.map((a) => (
            <li key={`${a.answerId}-${a.criterion}`}>
              <strong>{a.criterion}</strong> ({a.score} of 5) in answer {a.position + 1}
              {a.missing.length > 0 && <span>: not mentioned — {a.missing.join('; ')}</span>}{' '}
              <AnswerLink answers={answers} answerId={a.answerId} atMs={null} onJump={onJump} />
            </li>
          ))}
        </ul>
      )}

      <h3>Keywords</h3>
      {analysis.keywords.length === 0 ? (
        <p className="muted">No words to count yet.</p>
      ) : (
        <ul className="analysis-keywords" aria-label="Keywords, most used first">
          {analysis.keywords.map((k) => (
            <li key={k.term}>
              <span className="keyword-term">{k.term}</span> ×{k.count}{' '}
              <span className={`keyword-tag keyword-${k.relevance}`}>
                {RELEVANCE_LABELS[k.relevance]}
              </span>
              <span className="muted">
                {' '}
                · {k.answers.length === 1 ? 'answer' : 'answers'}{' '}
                {k.answers.map((p) => p + 1).join(', ')}
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="help">
        Keyword tags: “rubric” is in a question’s key points, “job” in the job’s title or
        description. No sentiment, emotion or personality is inferred.
      </p>
    </section>
  );
}
