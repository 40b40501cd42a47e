import { useMutation, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { messageOf } from '../errors';
import { useScreenFocus } from '../screens/use-screen-focus';
import type { StaffSession } from '../staff/staff-store';
import { useTRPC } from '../trpc';
import { AnswerReview } from './answer-review';
import { DecisionForm } from './decision-form';
import { DeclinedBanner } from './declined-banner';
import { EventList } from './event-list';
import { InterviewTerms } from './interview-terms';
import { LegalHoldPanel } from './legal-hold-panel';
import {
  clockTime,
  dateTime,
  STATE_LABELS,
  type ReviewEvent,
  type ReviewState,
  type SessionDetail,
} from './format';
import { ReplayController } from './replay-controller';
import { ReplayTimeline } from './replay-timeline';
import { useReviewStore } from './review-store';
import { SessionAnalysisPanel } from './session-analysis-panel';
import { SessionVideo } from './session-video';
import { stationFileUrl } from './station-files';
import { TranscriptPanel } from './transcript-panel';
import { WithdrawalBanner } from './withdrawal-banner';

function reviewStateOf(detail: SessionDetail): ReviewState {
  const { status } = detail.interview;
  if (detail.evaluations.length > 0) return 'decided';
  if (status === 'completed') return 'to_review';
  if (status === 'checked_in' || status === 'in_progress') return 'in_progress';
  return status === 'scheduled' ? 'scheduled' : 'closed';
}

const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value)}%`);

/** Frames the live analysis had no room for, and over how many seconds. */
function droppedFigure(frames: number | null, seconds: number | null): string {
  if (frames === null) return '—';
  if (frames === 0 || seconds === null) return String(frames);
  return `${frames} in ${seconds} s`;
}

function SignalSummary({ summary }: { summary: SessionDetail['summary'] }) {
  if (!summary) return <p className="muted">No signal summary yet.</p>;
  const num = (key: string) => (typeof summary[key] === 'number' ? (summary[key] as number) : null);
  const items: [string, string][] = [
    ['Face in view', percent(num('facePresentPercent'))],
    ['Several faces', percent(num('multipleFacesPercent'))],
    ['Looking away', num('lookingAwayMs') === null ? '—' : clockTime(num('lookingAwayMs') ?? 0)],
    ['Blinks / min', num('blinksPerMinute') === null ? '—' : String(num('blinksPerMinute'))],
    [
      'Speaking',
      num('speakingRatio') === null ? '—' : `${Math.round((num('speakingRatio') ?? 0) * 100)}%`,
    ],
    // Summaries stored before frames were counted have no figure: a dash, not a false 0.
    ['Frames dropped', droppedFigure(num('framesDropped'), num('secondsWithDroppedFrames'))],
  ];
  return (
    <dl className="summary">
      {items.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function ReportExport({ session, interviewId }: { session: StaffSession; interviewId: number }) {
  const trpc = useTRPC();
  const exportReport = useMutation(trpc.review.exportReport.mutationOptions());
  return (
    <div className="export">
      <button
        type="button"
        disabled={exportReport.isPending}
        onClick={() => exportReport.mutate({ token: session.token, interviewId })}
      >
        {exportReport.isPending ? 'Preparing report…' : 'Export PDF report'}
      </button>
      {exportReport.data && (
        <a
          className="download"
          href={stationFileUrl('exports', exportReport.data.exportId)}
          download={exportReport.data.fileName}
        >
          Download report (PDF)
        </a>
      )}
      {exportReport.isError && (
        <span role="alert" className="error">
          {messageOf(exportReport.error)}
        </span>
      )}
    </div>
  );
}

/** Full-session replay with the signal timeline, events, transcript, scoring and decision. */
export function ReplayScreen({
  session,
  interviewId,
}: {
  session: StaffSession;
  interviewId: number;
}) {
  const trpc = useTRPC();
  const close = useReviewStore((s) => s.closeInterview);
  const heading = useScreenFocus<HTMLHeadingElement>();
  const detail = useQuery({
    ...trpc.review.session.queryOptions({ token: session.token, interviewId }),
    refetchOnWindowFocus: false,
  });
  const sessionId = detail.data?.session?.id;
  const signals = useQuery({
    ...trpc.review.signals.queryOptions({ token: session.token, sessionId: sessionId ?? 1 }),
    enabled: sessionId !== undefined,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });
  // One controller per set of recordings, so refetching scores does not restart the video.
  const segmentKey = JSON.stringify(detail.data?.segments ?? []);
  const controller = useMemo(() => {
    const segments = (JSON.parse(segmentKey) as SessionDetail['segments']).flatMap((s, i, all) =>
      s.recordingMediaId === null
        ? []
        : [
            {
              src: stationFileUrl('media', s.recordingMediaId),
              startMs: s.startMs,
              endMs: s.endMs ?? all[i + 1]?.startMs ?? Number.MAX_SAFE_INTEGER,
            },
          ],
    );
    return new ReplayController(segments);
  }, [segmentKey]);
  const onEvent = useCallback((event: ReviewEvent) => controller.seek(event.startMs), [controller]);

  if (detail.isPending) return <p className="muted">Opening the interview…</p>;
  if (detail.isError) {
    return (
      <div role="alert" className="error">
        {messageOf(detail.error)}{' '}
        <button type="button" onClick={close}>
          Back to interviews
        </button>
      </div>
    );
  }
  const data = detail.data;
  return (
    <div className="replay">
      <header className="replay-header">
        <button type="button" onClick={close}>
          ← All interviews
        </button>
        <div className="replay-title">
          <h1 tabIndex={-1} ref={heading}>
            {data.candidate.fullName}
          </h1>
          <p className="muted">
            {data.job.title} ·{' '}
            {data.declined
              ? 'Declined · offered another way to be assessed'
              : `${STATE_LABELS[reviewStateOf(data)]} · ${
                  data.session
                    ? `started ${dateTime(data.session.startedAt)}, ${clockTime(data.session.durationMs)} long`
                    : 'not started'
                }`}
            {data.session?.integrityFlags.includes('interrupted') && ' · was interrupted'}
          </p>
        </div>
        <span className="status-pill">{data.interview.applicationStatus}</span>
        <ReportExport session={session} interviewId={interviewId} />
      </header>
      {data.declined && <DeclinedBanner declined={data.declined} />}
      {data.withdrawal && (
        <WithdrawalBanner withdrawal={data.withdrawal} onSeek={(ms) => controller.seek(ms)} />
      )}

      {data.session ? (
        <>
          <div className="replay-top">
            <SessionVideo controller={controller} />
            <aside className="panel side-panel">
              <h2>Integrity events ({data.events.length})</h2>
              <EventList
                events={data.events}
                onEvent={onEvent}
                onPlaySpan={(startMs, endMs) => controller.playSpan(startMs, endMs)}
              />
              <h2>Transcript</h2>
              <TranscriptPanel segments={data.transcript} controller={controller} />
            </aside>
          </div>
          <section className="panel" aria-label="Signal timeline">
            {signals.data ? (
              <ReplayTimeline
                signals={signals.data}
                events={data.events}
                durationMs={data.session.durationMs}
                controller={controller}
                onEvent={onEvent}
              />
            ) : signals.isError ? (
              <p role="alert" className="error">
                {messageOf(signals.error)}
              </p>
            ) : (
              <p className="muted">Loading signals…</p>
            )}
          </section>
        </>
      ) : (
        <p className="panel muted">
          {data.declined
            ? 'The candidate declined consent, so there is nothing to replay.'
            : 'This interview has not been taken yet; there is nothing to replay.'}
        </p>
      )}

      <div className="replay-bottom">
        <section className="answers" aria-labelledby="answers-title">
          <h2 id="answers-title">Answers</h2>
          {data.answers.length === 0 && <p className="muted">No answers.</p>}
          {data.answers.map((answer) => (
            <AnswerReview
              key={answer.id}
              answer={answer}
              session={session}
              interviewId={interviewId}
              retakesAllowed={data.interview.retakesAllowed}
              onJump={(ms) => controller.seek(ms)}
              onPlayFrom={(ms) => {
                controller.seek(ms);
                controller.play();
              }}
            />
          ))}
        </section>
        <div className="replay-aside">
          <InterviewTerms detail={data} />
          <SessionAnalysisPanel
            analysis={data.analysis}
            answers={data.answers}
            onJump={(ms) => controller.seek(ms)}
          />
          <DecisionForm detail={data} session={session} />
          <LegalHoldPanel session={session} interviewId={interviewId} />
          <section className="panel" aria-labelledby="summary-title">
            <h2 id="summary-title">Signal summary</h2>
            <SignalSummary summary={data.summary} />
            <p className="help">
              Signals are automated observations to guide your review, never a verdict.
            </p>
          </section>
        </div>
      </div>
    </div>
  );
}
