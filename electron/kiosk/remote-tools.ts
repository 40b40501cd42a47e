/**
 * Remote-desktop, screen-sharing, meeting, chat and screen-recording tools: what must not run
 * beside a proctored interview, because someone elsewhere could see the questions or help.
 * Each product is listed with the executable names it runs under on Windows, macOS and Linux
 * (several per product: services, helpers and renamed builds), matched against the real
 * process list by executable name, without case or a ".exe". Keep it maintained: a product
 * that renames its binaries slips through until it is added here.
 */

export type ToolCategory = 'remote_desktop' | 'screen_sharing' | 'meeting' | 'chat' | 'recording';

export interface BlockedTool {
  product: string;
  category: ToolCategory;
  /** Executable names (without .exe), lower case. */
  executables: readonly string[];
}

export const BLOCKED_TOOLS: readonly BlockedTool[] = [
  // Remote desktop and remote support
  {
    product: 'TeamViewer',
    category: 'remote_desktop',
    executables: ['teamviewer', 'teamviewerd', 'teamviewer_service', 'tv_w32', 'tv_x64'],
  },
  { product: 'AnyDesk', category: 'remote_desktop', executables: ['anydesk'] },
  { product: 'RustDesk', category: 'remote_desktop', executables: ['rustdesk'] },
  {
    product: 'Chrome Remote Desktop',
    category: 'remote_desktop',
    executables: [
      'remoting_host',
      'chrome-remote-desktop-host',
      'remoting_desktop',
      'remote_assistance_host',
    ],
  },
  {
    product: 'Microsoft Remote Desktop',
    category: 'remote_desktop',
    executables: ['mstsc', 'msrdc', 'microsoft remote desktop', 'windows app'],
  },
  { product: 'Quick Assist', category: 'remote_desktop', executables: ['quickassist'] },
  { product: 'Windows Remote Assistance', category: 'remote_desktop', executables: ['msra'] },
  { product: 'xrdp', category: 'remote_desktop', executables: ['xrdp', 'xrdp-sesman'] },
  {
    product: 'VNC',
    category: 'remote_desktop',
    executables: [
      'vncserver',
      'x11vnc',
      'xvnc',
      'winvnc',
      'tvnserver',
      'vncviewer',
      'vncserver-x11',
      'vncserver-x11-core',
      'vncagent',
      'ultravnc',
      'tightvnc',
      'screensharingd',
    ],
  },
  {
    product: 'Splashtop',
    category: 'remote_desktop',
    executables: ['srserver', 'srservice', 'srmanager', 'strwinclt', 'splashtop streamer'],
  },
  {
    product: 'LogMeIn',
    category: 'remote_desktop',
    executables: ['logmein', 'lmiguardiansvc', 'logmeinsystray', 'lmi_rescue'],
  },
  {
    product: 'GoTo Resolve / GoToAssist',
    category: 'remote_desktop',
    executables: ['g2ax_host', 'gotoassist', 'goto resolve'],
  },
  {
    product: 'ConnectWise ScreenConnect',
    category: 'remote_desktop',
    executables: [
      'screenconnect.clientservice',
      'screenconnect.windowsclient',
      'connectwisecontrol.client',
    ],
  },
  {
    product: 'BeyondTrust Remote Support',
    category: 'remote_desktop',
    executables: ['bomgar-scc', 'bomgar-rep', 'beyondtrust-scc'],
  },
  {
    product: 'Zoho Assist',
    category: 'remote_desktop',
    executables: ['za_connect', 'zohoassist', 'zaservice'],
  },
  { product: 'Parsec', category: 'remote_desktop', executables: ['parsecd', 'parsec'] },
  {
    product: 'NoMachine',
    category: 'remote_desktop',
    executables: ['nxserver', 'nxnode', 'nxplayer', 'nxd'],
  },
  {
    product: 'Remote Utilities',
    category: 'remote_desktop',
    executables: ['rutserv', 'rfusclient', 'rutview'],
  },
  { product: 'Supremo', category: 'remote_desktop', executables: ['supremo', 'supremoservice'] },
  { product: 'Ammyy Admin', category: 'remote_desktop', executables: ['aa_v3', 'ammyy_admin'] },
  {
    product: 'UltraViewer',
    category: 'remote_desktop',
    executables: ['ultraviewer_desktop', 'ultraviewer_service'],
  },
  { product: 'DWService', category: 'remote_desktop', executables: ['dwagent', 'dwagsvc'] },
  { product: 'Remmina', category: 'remote_desktop', executables: ['remmina'] },
  { product: 'KDE Desktop Sharing', category: 'screen_sharing', executables: ['krfb'] },
  {
    product: 'GNOME Remote Desktop',
    category: 'screen_sharing',
    executables: ['gnome-remote-desktop-daemon', 'vino-server', 'gnome-remote-desktop'],
  },
  // Meetings and screen sharing
  {
    product: 'Zoom',
    category: 'meeting',
    executables: ['zoom', 'zoom.us', 'zoomopener', 'cpthost', 'zoomwebviewhost'],
  },
  {
    product: 'Microsoft Teams',
    category: 'meeting',
    executables: ['teams', 'ms-teams', 'msteams', 'teams-for-linux'],
  },
  { product: 'Skype', category: 'meeting', executables: ['skype', 'skypeforlinux', 'skypeapp'] },
  {
    product: 'Webex',
    category: 'meeting',
    executables: ['webex', 'webexmta', 'ciscocollabhost', 'atmgr', 'ciscowebexstart'],
  },
  {
    product: 'GoTo Meeting',
    category: 'meeting',
    executables: ['g2mcomm', 'g2mstart', 'g2mlauncher', 'gotomeeting'],
  },
  { product: 'Jitsi Meet', category: 'meeting', executables: ['jitsi meet', 'jitsi-meet'] },
  { product: 'BlueJeans', category: 'meeting', executables: ['bluejeans', 'bluejeans.v2'] },
  {
    product: 'RingCentral',
    category: 'meeting',
    executables: ['ringcentral', 'ringcentralmeetings'],
  },
  { product: 'Whereby', category: 'meeting', executables: ['whereby'] },
  // Chat with calls and screen sharing
  { product: 'Discord', category: 'chat', executables: ['discord', 'discordptb', 'discordcanary'] },
  { product: 'Slack', category: 'chat', executables: ['slack'] },
  { product: 'Telegram', category: 'chat', executables: ['telegram', 'telegram-desktop'] },
  { product: 'WhatsApp', category: 'chat', executables: ['whatsapp', 'whatsapp.root'] },
  { product: 'Signal', category: 'chat', executables: ['signal', 'signal-desktop'] },
  { product: 'Element', category: 'chat', executables: ['element', 'element-desktop'] },
  { product: 'Viber', category: 'chat', executables: ['viber'] },
  // Screen recording and streaming
  {
    product: 'OBS Studio',
    category: 'recording',
    executables: ['obs', 'obs64', 'obs32', 'obs-studio'],
  },
  {
    product: 'Streamlabs',
    category: 'recording',
    executables: ['streamlabs obs', 'streamlabs desktop'],
  },
  {
    product: 'Camtasia',
    category: 'recording',
    executables: ['camtasiastudio', 'camrecorder', 'camtasia'],
  },
  { product: 'Bandicam', category: 'recording', executables: ['bdcam', 'bandicam'] },
  { product: 'ShareX', category: 'recording', executables: ['sharex'] },
  { product: 'Snagit', category: 'recording', executables: ['snagit32', 'snagiteditor', 'snagit'] },
  { product: 'Loom', category: 'recording', executables: ['loom'] },
  { product: 'Fraps', category: 'recording', executables: ['fraps'] },
  { product: 'XSplit', category: 'recording', executables: ['xsplit.core', 'xsplitbroadcaster'] },
  { product: 'SimpleScreenRecorder', category: 'recording', executables: ['simplescreenrecorder'] },
  { product: 'Kazam', category: 'recording', executables: ['kazam'] },
  { product: 'vokoscreen', category: 'recording', executables: ['vokoscreen', 'vokoscreenng'] },
  { product: 'Peek', category: 'recording', executables: ['peek'] },
  { product: 'Kooha', category: 'recording', executables: ['kooha'] },
  { product: 'GNOME screencast', category: 'recording', executables: ['gnome-screencast'] },
];

export interface RunningProcess {
  pid: number;
  /** The executable's name as the system reports it (e.g. "AnyDesk.exe", "anydesk"). */
  name: string;
}

export interface ToolFinding {
  product: string;
  category: ToolCategory;
  /** The executable names seen running, as the system reports them. */
  executables: string[];
  pids: number[];
}

/** An executable's name as matched: lower case, without a directory or ".exe"/".app". */
export function normaliseExecutable(name: string): string {
  const base = name.trim().split(/[\\/]/).pop() ?? '';
  return base.toLowerCase().replace(/\.(exe|app)$/, '');
}

const byExecutable = new Map<string, BlockedTool>(
  BLOCKED_TOOLS.flatMap((tool) => tool.executables.map((e) => [e, tool] as const)),
);

/** The blocked tools among `processes`, one finding per product. */
export function findBlockedTools(processes: readonly RunningProcess[]): ToolFinding[] {
  const found = new Map<string, ToolFinding>();
  for (const process of processes) {
    const tool = byExecutable.get(normaliseExecutable(process.name));
    if (!tool) continue;
    const finding = found.get(tool.product) ?? {
      product: tool.product,
      category: tool.category,
      executables: [],
      pids: [],
    };
    if (!finding.executables.includes(process.name)) finding.executables.push(process.name);
    finding.pids.push(process.pid);
    found.set(tool.product, finding);
  }
  return [...found.values()].sort((a, b) => a.product.localeCompare(b.product));
}
