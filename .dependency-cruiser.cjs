// The layer ladder, bottom to top: a folder may import its own layer and those below it, never
// one above. `npm run lint` runs this (npm run lint:layers); ARCHITECTURE.md explains the ladder.
const LADDER = [
  ['shared', '^shared/'],
  ['db', '^db/'],
  ['core', '^electron/core/'],
  ['domain', '^electron/domain/'],
  // Features, themselves ordered: the signal worker's files know no database.
  ['signals/worker', '^electron/signals/worker/'],
  ['signals/store', '^electron/signals/store/'],
  ['signals/cli', '^electron/signals/cli/'],
  ['transcription', '^electron/transcription/'],
  // Answer scorers (offline, Gemini) and the Gemini key: text in, scores out; no database.
  ['evaluation', '^electron/evaluation/'],
  ['capture', '^electron/capture/'],
  // The station's surroundings: remote-desktop and meeting tools running beside an interview.
  ['kiosk', '^electron/kiosk/'],
  ['settings', '^electron/settings/'],
  ['monitor', '^electron/monitor/'],
  ['review', '^electron/review/'],
  ['privacy', '^electron/privacy/'],
  ['manage', '^electron/manage/'],
  // Résumés (text read in a limited worker) and screening against a job's requirements.
  ['screening', '^electron/screening/'],
  // Sync to the organisation's receiver: the outbox, the loop, and its worker's transport.
  ['sync', '^electron/sync/'],
  ['api', '^electron/api/'],
  // Hosts: the composition root and the browser station, then the Electron shell.
  ['station', '^electron/station/'],
  ['shell', '^electron/(shell/|main\\.ts$|preload\\.ts$)'],
];

// Tests and their helpers may wire any layers together.
const TESTS = '(\\.test\\.tsx?$|/test-[^/]+\\.tsx?$)';

const upward = LADDER.map(([name, path], index) => ({
  name: `no-upward-from-${name.replace('/', '-')}`,
  comment: `${name} may import only ${LADDER.slice(0, index + 1)
    .map(([below]) => below)
    .join(', ')}.`,
  severity: 'error',
  from: { path, pathNot: TESTS },
  to: { path: LADDER.slice(index + 1).map(([, above]) => above) },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycles among source files: a cycle hides which layer a file is in.',
      severity: 'error',
      from: { pathNot: TESTS },
      to: { circular: true, pathNot: TESTS },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to nothing would slip past every rule above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'signal-worker-knows-no-database',
      comment:
        'signals/worker/ runs in the worker thread and the analyze command: shared/ and itself only.',
      severity: 'error',
      from: { path: '^electron/signals/worker/', pathNot: TESTS },
      to: { path: '^(db|electron)/', pathNot: '^electron/signals/worker/' },
    },
    {
      name: 'evaluation-knows-no-database',
      comment:
        'evaluation/ scores text against rubrics, in the station, the CLI and the bench: shared/, core/ and itself only.',
      severity: 'error',
      from: { path: '^electron/evaluation/', pathNot: TESTS },
      to: { path: '^(db|electron)/', pathNot: '^electron/(evaluation|core)/' },
    },
    {
      name: 'receiver-stands-apart',
      comment:
        'cloud/ is the reference receiver, its own program: the shared contract and itself only.',
      severity: 'error',
      from: { path: '^cloud/' },
      to: { path: '^(db|electron|renderer|scripts|e2e|bench)/' },
    },
    {
      name: 'nothing-imports-the-receiver',
      comment: 'The station talks to a receiver over HTTP only; it never imports cloud/.',
      severity: 'error',
      from: { pathNot: '^cloud/' },
      to: { path: '^cloud/' },
    },
    ...upward.filter((rule) => rule.to.path.length > 0),
    {
      name: 'renderer-only-types-from-main',
      comment:
        'The renderer reaches main through tRPC: types from electron/ and db/, values from shared/ only.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^(electron|db)/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(out|node_modules|db/migrations)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
    },
  },
};
