import { useQuery } from '@tanstack/react-query';
import { messageOf } from '../errors';
import { dateTime } from '../review/format';
import { useTRPC } from '../trpc';
import { DEVICE_STATES, formatBytes, type Diagnostics } from './labels';
import { ManagedConfigErrors } from './managed-config-errors';
import { SupportBundle } from './support-bundle';
import { SyncDiagnostics } from './sync-diagnostics';

// Below either, the disk line says plainly that recordings may soon not fit.
const LOW_DISK_BYTES = 5e9;
const LOW_DISK_SHARE = 0.1;

/** The station's own state: transcription, devices, disk and versions; for admins, a bundle. */
export function DiagnosticsPanel({ token, isAdmin }: { token: string; isAdmin: boolean }) {
  const trpc = useTRPC();
  const diagnostics = useQuery({
    ...trpc.monitor.diagnostics.queryOptions({ token }),
    refetchInterval: 10_000,
  });
  const data = diagnostics.data;
  return (
    <section className="panel diagnostics-panel" aria-labelledby="diagnostics-heading">
      <div className="diagnostics-header">
        <h2 id="diagnostics-heading">Station diagnostics</h2>
        <button
          type="button"
          className="small"
          onClick={() => void diagnostics.refetch()}
          disabled={diagnostics.isFetching}
        >
          {diagnostics.isFetching ? 'Checking…' : 'Check again'}
        </button>
      </div>
      {diagnostics.error ? (
        <p className="error" role="alert">
          {messageOf(diagnostics.error)}
        </p>
      ) : null}
      {!data ? (
        <p className="muted">Reading the station’s state…</p>
      ) : (
        <>
          <Transcription data={data.transcription} />
          <Capture capture={data.capture} />
          <Disk disk={data.disk} />
          <Retention retention={data.retention} />
          <Environment environment={data.environment} />
          <SyncDiagnostics sync={data.sync} />
          <ManagedConfigErrors config={data.managedConfig} />
          <h3>Processor and memory</h3>
          <dl className="facts">
            <Fact label="Processor">
              {data.cpu.model} ({data.cpu.cores} cores)
            </Fact>
            <Fact label="Load average">{data.cpu.loadAverage.join(' / ')}</Fact>
            <Fact label="Memory">
              {formatBytes(data.memory.freeBytes)} available of{' '}
              {formatBytes(data.memory.totalBytes)}
            </Fact>
            <Fact label="Station process">{formatBytes(data.memory.processRssBytes)}</Fact>
          </dl>
          <h3>Versions</h3>
          <dl className="facts">
            <Fact label="Interview Station">{data.app.version}</Fact>
            <Fact label="Node.js">{data.app.node}</Fact>
            <Fact label="Electron">{data.app.electron ?? 'None (browser station)'}</Fact>
            <Fact label="System">{data.app.platform}</Fact>
          </dl>
          {isAdmin ? <SupportBundle token={token} /> : null}
        </>
      )}
    </section>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const MODEL_STATES = {
  none: 'No model',
  invalid: 'Model cannot be used',
  loading: 'Loading',
  ready: 'Ready',
} as const;

function Transcription({ data }: { data: Diagnostics['transcription'] }) {
  if (!data) {
    return (
      <>
        <h3>Transcription</h3>
        <p>This station was started without transcription.</p>
      </>
    );
  }
  const { model, queue, current, problems } = data;
  return (
    <>
      <h3>Transcription</h3>
      <p className="model-summary" data-state={model.state}>
        <strong>{MODEL_STATES[model.state]}.</strong> {data.summary}
      </p>
      <dl className="facts">
        <Fact label="Waiting">{queue.queued}</Fact>
        <Fact label="Running">
          {queue.running}
          {current ? ` (the job in hand is ${Math.round(current.progress * 100)}% done)` : ''}
        </Fact>
        <Fact label="Done">{queue.done}</Fact>
        <Fact label="Failed">{queue.failed}</Fact>
        <Fact label="Skipped">{queue.skipped}</Fact>
      </dl>
      <TranscriptionProblems problems={problems} />
    </>
  );
}

type Problem = NonNullable<Diagnostics['transcription']>['problems'][number];

/**
 * Jobs that failed, or wait to retry after an error, with the reason the station recorded
 * (already plain: no stack traces, file names only).
 */
function TranscriptionProblems({ problems }: { problems: Problem[] }) {
  if (problems.length === 0) return null;
  return (
    <>
      <h4>Transcription problems</h4>
      <ul className="capture-problems transcription-problems">
        {problems.map((p) => (
          <li key={p.jobId}>
            {p.answerId === null
              ? `Session ${p.sessionId} recording`
              : `Session ${p.sessionId}, answer ${p.answerId}`}
            {p.status === 'failed'
              ? ': failed, not tried again'
              : `: will be tried again at ${dateTime(p.nextAttemptAt)}`}
            {p.lastError ? ` — ${p.lastError}` : ''}
          </li>
        ))}
      </ul>
    </>
  );
}

function Capture({ capture }: { capture: Diagnostics['capture'] }) {
  return (
    <>
      <h3>Camera and microphone</h3>
      {!capture.configured ? (
        <p>No camera is set up on this station: interviews run without recording or signals.</p>
      ) : (
        <dl className="facts">
          <Fact label="Camera">{DEVICE_STATES[capture.camera]}</Fact>
          <Fact label="Microphone">{DEVICE_STATES[capture.microphone]}</Fact>
          <Fact label="Frames analysed">
            {capture.analysedFps === null
              ? 'No interview running'
              : `${capture.analysedFps.toFixed(1)} per second`}
          </Fact>
        </dl>
      )}
      {capture.problem ? <p className="warning">{capture.problem}</p> : null}
      {capture.recentProblems.length > 0 ? (
        <>
          <h4>Recent device problems</h4>
          <ul className="capture-problems">
            {capture.recentProblems.map((p) => (
              <li key={`${p.sessionId}-${p.device}-${p.at}`}>
                {dateTime(p.at)}: {p.device === 'camera' ? 'Camera' : 'Microphone'} lost
                {p.recovered ? ', then back' : ''}
                {p.reason ? ` — ${p.reason}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

function Disk({ disk }: { disk: Diagnostics['disk'] }) {
  if (!disk) {
    return (
      <>
        <h3>Storage</h3>
        <p>The free space of the data folder could not be measured.</p>
      </>
    );
  }
  const share = disk.totalBytes > 0 ? disk.freeBytes / disk.totalBytes : 0;
  const low = disk.freeBytes < LOW_DISK_BYTES || share < LOW_DISK_SHARE;
  return (
    <>
      <h3>Storage</h3>
      {disk.problem ? (
        <p role="alert" className="warning">
          {disk.problem}
        </p>
      ) : null}
      <p className={low ? 'warning' : undefined}>
        {formatBytes(disk.freeBytes)} free of {formatBytes(disk.totalBytes)} (
        {Math.round(share * 100)}%)
        {low ? '. Space is running low: recordings may soon not fit.' : '.'}
      </p>
      <p className="help">
        Data folder: <code>{disk.path}</code>. Below {formatBytes(disk.floorBytes)} free, no
        interview starts and recording stops.
      </p>
    </>
  );
}

const POLICY_TEXT = {
  block: 'interviews are refused meanwhile',
  flag: 'interviews go on; each running session notes it for the reviewer',
  ignore: 'ignored',
} as const;

function Environment({ environment }: { environment: Diagnostics['environment'] }) {
  if (!environment) return null;
  const { remoteTools, displays } = environment;
  return (
    <>
      <h3>Surroundings</h3>
      {remoteTools && <RemoteTools tools={remoteTools} />}
      {displays.displays && (
        <p className={displays.displays.length > 1 ? 'warning' : undefined}>
          {displays.displays.length === 1
            ? 'One display connected.'
            : `${displays.displays.length} displays connected: only one should be.`}{' '}
          When more than one is: {POLICY_TEXT[displays.policy]}.
        </p>
      )}
    </>
  );
}

function RemoteTools({
  tools,
}: {
  tools: NonNullable<NonNullable<Diagnostics['environment']>['remoteTools']>;
}) {
  const { findings, policy, error } = tools;
  return (
    <>
      {error ? (
        <p className="warning">{error}</p>
      ) : findings.length === 0 ? (
        <p>
          No remote-desktop, meeting or recording tool running
          {tools.checkedAt ? ` (checked ${dateTime(tools.checkedAt)})` : ''}.
        </p>
      ) : (
        <ul className="warning" aria-label="Tools running on this station">
          {findings.map((f) => (
            <li key={f.product}>
              <strong>{f.product}</strong> is running ({f.executables.join(', ')}): close it before
              the next interview.
            </li>
          ))}
        </ul>
      )}
      <p className="muted">When one runs: {POLICY_TEXT[policy]}.</p>
    </>
  );
}

function Retention({ retention }: { retention: Diagnostics['retention'] }) {
  if (!retention) return null;
  const { lastRun, storage } = retention;
  return (
    <>
      <h3>Retention</h3>
      <dl className="facts retention-facts">
        <Fact label="Kept for">{retention.retentionDays} days after an interview ends</Fact>
        <Fact label="On legal hold">{retention.heldInterviews} interview(s)</Fact>
        <Fact label="Last purge">
          {retention.running
            ? 'Running now'
            : lastRun
              ? `${dateTime(lastRun.finishedAt)}: ${lastRun.interviews} interview(s) deleted, ` +
                `${lastRun.files} file(s), ${formatBytes(lastRun.bytes)}, ${lastRun.rows} row(s)` +
                (lastRun.resumed > 0 ? ` (${lastRun.resumed} finished after a restart)` : '')
              : 'Not run yet'}
        </Fact>
      </dl>
      {lastRun?.problem ? <p className="warning">{lastRun.problem}</p> : null}
      {storage ? <StorageCheckView storage={storage} /> : null}
    </>
  );
}

function StorageCheckView({
  storage,
}: {
  storage: NonNullable<NonNullable<Diagnostics['retention']>['storage']>;
}) {
  const { filesWithoutRow, rowsWithoutFile, leftoversRemoved } = storage;
  const clean = filesWithoutRow.count === 0 && rowsWithoutFile.count === 0;
  return (
    <div className="storage-check">
      <p className={clean ? undefined : 'warning'}>
        Storage check at start ({dateTime(storage.checkedAt)}):{' '}
        {clean
          ? 'every file belongs to an interview and every recording is there.'
          : `${filesWithoutRow.count} file(s) (${formatBytes(filesWithoutRow.bytes)}) that no ` +
            `interview points at, ${rowsWithoutFile.count} recording(s) whose file is missing.`}
        {leftoversRemoved.files > 0
          ? ` Removed ${leftoversRemoved.files} file(s) left by a purge (` +
            `${formatBytes(leftoversRemoved.bytes)}).`
          : ''}
      </p>
      {filesWithoutRow.sample.length > 0 ? (
        <ul className="capture-problems">
          {filesWithoutRow.sample.map((file) => (
            <li key={file}>
              <code>{file}</code>
            </li>
          ))}
        </ul>
      ) : null}
      {rowsWithoutFile.sample.length > 0 ? (
        <ul className="capture-problems">
          {rowsWithoutFile.sample.map((row) => (
            <li key={row.mediaId}>
              Session {row.sessionId}: {row.kind.replace('_', ' ')} {row.mediaId} is missing
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
