import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PIN_TRIES } from '../electron/domain/admin-gate';
import { ADMIN_PIN_KEY } from '../electron/domain/seed';
import { BLOCKED_TOOLS } from '../electron/kiosk/remote-tools';
import { SETTINGS } from '../electron/settings/station-settings';
import {
  childElements,
  parsePlist,
  parseXml,
  powershellBracketProblem,
  type PlistValue,
  type XmlElement,
} from './test-lockdown-parsers';

// The OS lockdown set-ups in native/lockdown/ (issue 18): the shell scripts run here in their
// dry-run mode; PowerShell, Windows and macOS do not exist here, so those files are checked as
// text and parsed as XML.

const LOCKDOWN = path.resolve('native/lockdown');
const read = (file: string) => readFileSync(path.join(LOCKDOWN, file), 'utf8');
const productName = /^productName:\s*(.+)$/m.exec(
  readFileSync('electron-builder.yml', 'utf8'),
)?.[1];
const packageName = (JSON.parse(readFileSync('package.json', 'utf8')) as { name: string }).name;
const UNIT = 'interview-station-kiosk.service';

/** Runs a Linux script with DRY_RUN=1 in a clean environment (no KIOSK_USER etc. from outside). */
function dryRun(script: string, env: Record<string, string> = {}) {
  return spawnSync('bash', [path.join(LOCKDOWN, 'linux', script)], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', DRY_RUN: '1', ...env },
    encoding: 'utf8',
  });
}

/** The content a dry run prints for `+ write <file>`: its indented lines. */
function writtenFile(stdout: string, file: string): string {
  const lines = stdout.split('\n');
  const start = lines.findIndex((line) => line.startsWith(`+ write ${file} `));
  if (start < 0) throw new Error(`the dry run writes no ${file}`);
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('    ') && line !== '') break;
    body.push(line.slice(4));
  }
  return body.join('\n');
}

describe('Linux kiosk scripts', () => {
  const scripts = readdirSync(path.join(LOCKDOWN, 'linux')).filter((file) => file.endsWith('.sh'));

  it('parse as bash (bash -n), and pass shellcheck where it is installed', () => {
    expect(scripts).toEqual(
      expect.arrayContaining(['install-kiosk.sh', 'uninstall-kiosk.sh', 'kiosk-common.sh']),
    );
    // The check itself bites: a broken script fails it.
    expect(spawnSync('bash', ['-n'], { input: 'if then fi' }).status).not.toBe(0);
    const shellcheck = spawnSync('shellcheck', ['--version']).error === undefined;
    for (const script of scripts) {
      const file = path.join(LOCKDOWN, 'linux', script);
      const syntax = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
      expect(syntax.stderr, script).toBe('');
      expect(syntax.status, script).toBe(0);
      if (shellcheck) {
        const lint = spawnSync('shellcheck', ['-x', '-s', 'bash', file], {
          cwd: path.dirname(file),
          encoding: 'utf8',
        });
        expect(lint.stdout, script).toBe('');
      }
    }
  });

  it('lists, in a dry run, the kiosk user, its PAM session and the unit running cage with the station', () => {
    const user = `is-dry-${process.pid}`;
    const unitBefore = existsSync(`/etc/systemd/system/${UNIT}`);
    const run = dryRun('install-kiosk.sh', {
      KIOSK_USER: user,
      STATION_BIN: '/opt/Test Station/interview-station',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/^\+ env DEBIAN_FRONTEND=noninteractive apt-get install .*\bcage\b/m);
    expect(out).toMatch(
      new RegExp(`^\\+ useradd --create-home --shell /usr/sbin/nologin .* ${user}$`, 'm'),
    );
    expect(writtenFile(out, '/etc/pam.d/interview-station-kiosk')).toMatch(
      /^session\s+required\s+pam_systemd\.so$/m,
    );

    const unit = writtenFile(out, `/etc/systemd/system/${UNIT}`);
    expect(unit).toContain(
      'ExecStart=/usr/bin/cage -d -m last -- "/opt/Test Station/interview-station" --ozone-platform=wayland',
    );
    for (const line of [
      `User=${user}`,
      'PAMName=interview-station-kiosk',
      'TTYPath=/dev/tty1',
      'Conflicts=getty@tty1.service',
      'Restart=always',
      'Alias=display-manager.service',
    ]) {
      expect(unit.split('\n'), line).toContain(line);
    }
    // cage switches consoles only when given -s.
    expect(unit).not.toMatch(/cage [^-]*-s\b|cage .* -s /);
    expect(out).toContain(`+ systemctl enable ${UNIT}`);
    expect(out).toContain('+ systemctl set-default graphical.target');

    // No console to switch to, nor SysRq or the console's Ctrl+Alt+Del.
    const logind = writtenFile(out, '/etc/systemd/logind.conf.d/interview-station-kiosk.conf');
    expect(logind.split('\n')).toEqual(expect.arrayContaining(['NAutoVTs=0', 'ReserveVT=0']));
    expect(writtenFile(out, '/etc/sysctl.d/60-interview-station-kiosk.conf')).toContain(
      'kernel.sysrq = 0',
    );
    expect(out).toContain('+ systemctl mask ctrl-alt-del.target');
    expect(writtenFile(out, '/etc/X11/xorg.conf.d/60-interview-station-kiosk.conf')).toContain(
      'Option "DontVTSwitch" "true"',
    );

    // A dry run changes nothing, even as root.
    expect(spawnSync('id', ['-u', user]).status).not.toBe(0);
    expect(existsSync(`/etc/systemd/system/${UNIT}`)).toBe(unitBefore);
  });

  it('runs, by default, the station where its .deb installs it (/opt/<productName>/<name>)', () => {
    expect(productName).toBeTruthy();
    const run = dryRun('install-kiosk.sh');
    expect(run.status).toBe(0);
    expect(writtenFile(run.stdout, `/etc/systemd/system/${UNIT}`)).toContain(
      `-- "/opt/${productName}/${packageName}" `,
    );
    expect(run.stdout).toMatch(/^\+ useradd .* interview-kiosk$/m);
  });

  it('installs a given station .deb first', () => {
    const run = dryRun('install-kiosk.sh', { STATION_DEB: '/tmp/interview-station_1.0_amd64.deb' });
    expect(run.stdout).toMatch(
      /^\+ env DEBIAN_FRONTEND=noninteractive apt-get install -y \/tmp\/interview-station_1\.0_amd64\.deb$/m,
    );
  });

  it.each([
    ['a relative station path', { STATION_BIN: 'opt/station' }, /absolute path/],
    ['a quote systemd would end the path at', { STATION_BIN: '/opt/a"b' }, /must not hold/],
    ['a % systemd would expand', { STATION_BIN: '/opt/100%/station' }, /must not hold/],
    ['a user name useradd refuses', { KIOSK_USER: 'Kiosk User' }, /plain user name/],
    ['a console that is not a tty', { KIOSK_TTY: 'pts/1' }, /look like tty1/],
  ])('refuses %s before any step', (_what, env, message) => {
    const run = dryRun('install-kiosk.sh', env);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).not.toMatch(/^\+ /m);
  });

  it('undoes, in a dry run, every file the install writes and keeps the user unless asked', () => {
    const install = dryRun('install-kiosk.sh').stdout;
    const undo = dryRun('uninstall-kiosk.sh');
    expect(undo.status).toBe(0);
    expect(undo.stdout).toContain(`+ systemctl disable --now ${UNIT}`);
    expect(undo.stdout).toContain('+ systemctl unmask ctrl-alt-del.target');
    expect(undo.stdout).toContain('+ rm -rf -- /var/lib/interview-station-kiosk');
    const written = [...install.matchAll(/^\+ write (\S+) /gm)].map((match) => match[1] ?? '');
    expect(written.length).toBeGreaterThan(4);
    for (const file of written.filter((file) => !file.startsWith('/var/lib/'))) {
      expect(undo.stdout.split('\n'), file).toContain(`+ rm -f -- ${file}`);
    }
    expect(undo.stdout).not.toContain('userdel');
    expect(dryRun('uninstall-kiosk.sh', { REMOVE_USER: '1' }).stdout).toMatch(
      /^\+ userdel --remove interview-kiosk$/m,
    );
  });
});

/** A table of `@{ Path = '…'; Name = '…'; Value = …; … }` rows in kiosk-policies.ps1. */
function policyTable(source: string, table: string) {
  const start = source.indexOf(`$${table} = @(`);
  if (start < 0) throw new Error(`kiosk-policies.ps1 has no $${table}`);
  const body = source.slice(start, source.indexOf('\n)', start));
  return [
    ...body.matchAll(
      /@\{ Path = '([^']+)'; Name = '([^']+)'; Value = '?(\w+)'?(?:; Default = '(\w+)')? \}/g,
    ),
  ].map(([, key, name, value, fallback]) => ({ key, name, value, fallback }));
}

describe('Windows kiosk scripts (PowerShell cannot run here: checked as text)', () => {
  const policies = read('windows/kiosk-policies.ps1');
  const install = read('windows/install-kiosk.ps1');
  const uninstall = read('windows/uninstall-kiosk.ps1');
  const USER_POLICIES = 'Software\\Microsoft\\Windows\\CurrentVersion\\Policies';

  it('take away the Ctrl+Alt+Del options and Windows-key hotkeys for the kiosk user', () => {
    expect(policyTable(policies, 'KioskUserPolicies')).toEqual([
      { key: `${USER_POLICIES}\\System`, name: 'DisableTaskMgr', value: '1', fallback: undefined },
      {
        key: `${USER_POLICIES}\\System`,
        name: 'DisableLockWorkstation',
        value: '1',
        fallback: undefined,
      },
      {
        key: `${USER_POLICIES}\\System`,
        name: 'DisableChangePassword',
        value: '1',
        fallback: undefined,
      },
      { key: `${USER_POLICIES}\\Explorer`, name: 'NoLogoff', value: '1', fallback: undefined },
      { key: `${USER_POLICIES}\\Explorer`, name: 'NoWinKeys', value: '1', fallback: undefined },
    ]);
    expect(policyTable(policies, 'MachinePolicies')).toEqual([
      {
        key: `SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System`,
        name: 'HideFastUserSwitching',
        value: '1',
        fallback: undefined,
      },
    ]);
  });

  it('turn off only the shortcut bit (4) of Sticky, Filter and Toggle Keys, and undo to the defaults', () => {
    const rows = policyTable(policies, 'KioskAccessibility');
    expect(rows.map((row) => row.key)).toEqual([
      'Control Panel\\Accessibility\\StickyKeys',
      'Control Panel\\Accessibility\\Keyboard Response',
      'Control Panel\\Accessibility\\ToggleKeys',
    ]);
    for (const row of rows) {
      expect(row.name).toBe('Flags');
      expect(Number(row.fallback) & 4, row.key).toBe(4);
      expect(Number(row.value), row.key).toBe(Number(row.fallback) & ~4);
    }
  });

  it('set each table in the install and remove it in the undo', () => {
    for (const script of [install, uninstall]) {
      expect(script).toContain(". (Join-Path $PSScriptRoot 'kiosk-policies.ps1')");
      expect(script.split('\n')[0]).toBe('#Requires -RunAsAdministrator');
    }
    expect(install).toMatch(
      /foreach \(\$entry in \$KioskUserPolicies\) \{ Set-PolicyValue \$hive\.Root \$entry 'DWord' \}/,
    );
    expect(install).toMatch(
      /foreach \(\$entry in \$KioskAccessibility\) \{ Set-PolicyValue \$hive\.Root \$entry 'String' \}/,
    );
    expect(install).toMatch(
      /foreach \(\$entry in \$MachinePolicies\) \{ Set-PolicyValue 'HKLM:\\' \$entry 'DWord' \}/,
    );
    expect(uninstall).toMatch(
      /foreach \(\$entry in \$KioskUserPolicies\) \{ Remove-PolicyValue \$hive\.Root \$entry \}/,
    );
    expect(uninstall).toMatch(
      /foreach \(\$entry in \$MachinePolicies\) \{ Remove-PolicyValue 'HKLM:\\' \$entry \}/,
    );
    expect(uninstall).toMatch(
      /foreach \(\$entry in \$KioskAccessibility\) \{\s+Set-PolicyValue \$hive\.Root @\{ Path = \$entry\.Path; Name = \$entry\.Name; Value = \$entry\.Default \} 'String'/,
    );
  });

  it('make the station the kiosk user’s shell with Shell Launcher, restarted on exit, on Enterprise/Education only', () => {
    expect(install).toMatch(/-notmatch 'Enterprise\|Education'/);
    expect(install).toContain("Start-Process -FilePath $Installer -ArgumentList '/S' -Wait");
    expect(install).toContain('-FeatureName Client-EmbeddedShellLauncher');
    expect(install).toContain("ClassName = 'WESL_UserSetting'");
    expect(install).toMatch(
      /-MethodName SetCustomShell -Arguments @\{ Sid = \$kioskSid; Shell = "`"\$StationExe`""; DefaultAction = \$action \}/,
    );
    expect(install).toContain('-MethodName SetEnabled -Arguments @{ Enabled = $true }');
    expect(policies).toMatch(/^\$RestartShell = 0$/m);
    expect(install).toMatch(/\$ExitAction = 'RestartShell'/);
    expect(install).toContain("ClassName 'MDM_AssignedAccess'");
    expect(uninstall).toContain('-MethodName RemoveCustomShell -Arguments @{ Sid = $kioskSid }');
  });

  it('have matched brackets outside strings and comments', () => {
    expect(powershellBracketProblem('if ($a) { "}" }')).toBeNull();
    expect(powershellBracketProblem('if ($a) { foo(1 }')).toMatch(/closes "\("/);
    for (const file of ['kiosk-policies.ps1', 'install-kiosk.ps1', 'uninstall-kiosk.ps1']) {
      expect(powershellBracketProblem(read(`windows/${file}`)), file).toBeNull();
    }
  });

  it('ship Shell Launcher v2 XML with the same defaults as the scripts', () => {
    const config = parseXml(read('windows/shell-launcher.xml'));
    expect(config.name).toBe('ShellLauncherConfiguration');
    expect(config.attributes.xmlns).toBe(
      'http://schemas.microsoft.com/ShellLauncher/2018/Configuration',
    );
    const find = (element: XmlElement, ...names: string[]): XmlElement => {
      const [name, ...rest] = names;
      const child = childElements(element).find((candidate) => candidate.name === name);
      if (!child) throw new Error(`no <${name}> in <${element.name}>`);
      return rest.length > 0 ? find(child, ...rest) : child;
    };
    const profile = find(config, 'Profiles', 'Profile');
    const shell = find(profile, 'Shell');
    expect(shell.attributes.Shell).toBe(
      '"%ProgramFiles%\\Interview Station\\Interview Station.exe"',
    );
    expect(shell.attributes['V2:AppType']).toBe('Desktop');
    expect(find(shell, 'DefaultAction').attributes.Action).toBe('RestartShell');
    const defaultUser = /^\$DefaultKioskUser = '([^']+)'$/m.exec(policies)?.[1];
    expect(find(config, 'Configs', 'Config', 'Account').attributes.Name).toBe(defaultUser);
    expect(find(config, 'Configs', 'Config', 'Profile').attributes.Id).toBe(profile.attributes.Id);
    expect(policies).toContain(`Join-Path $env:ProgramFiles '${productName}\\${productName}.exe'`);
  });
});

const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const asDict = (value: PlistValue | undefined) => value as Record<string, PlistValue>;

describe('macOS managed profile', () => {
  const profileText = read('macos/interview-station-kiosk.mobileconfig');

  it('parses as a property list whose every payload has its type, identifier, UUID and version', () => {
    const profile = asDict(parsePlist(profileText));
    expect(profile.PayloadType).toBe('Configuration');
    const payloads = (profile.PayloadContent as PlistValue[]).map(asDict);
    expect(payloads.length).toBeGreaterThan(0);
    for (const payload of [profile, ...payloads]) {
      expect(payload.PayloadType, String(payload.PayloadIdentifier)).toEqual(expect.any(String));
      expect(payload.PayloadUUID).toMatch(UUID);
      expect(payload.PayloadVersion).toBe(1);
    }
    for (const payload of payloads) {
      expect(payload.PayloadIdentifier).toMatch(
        new RegExp(`^${String(profile.PayloadIdentifier)}\\.`),
      );
    }
    const all = [profile, ...payloads];
    expect(new Set(all.map((payload) => payload.PayloadUUID)).size).toBe(all.length);
    expect(new Set(all.map((payload) => payload.PayloadIdentifier)).size).toBe(all.length);
    const restrictions = payloads.find(
      (payload) => payload.PayloadType === 'com.apple.applicationaccess',
    );
    expect(restrictions?.allowScreenShot).toBe(false);
    expect(restrictions?.allowRemoteScreenObservation).toBe(false);
  });

  it('is refused when it is not well-formed', () => {
    expect(() => parsePlist(profileText.replace('</dict>', ''))).toThrow(/closes/);
    expect(() => parsePlist(profileText.replace('<key>allowAirDrop</key>', ''))).toThrow();
    expect(() =>
      parsePlist(
        profileText.replace('<string>Interview Station kiosk</string>', '<string>A & B</string>'),
      ),
    ).toThrow(/bare "&"/);
    expect(() => parsePlist(`${profileText}<dict/>`)).toThrow(/after the root/);
  });

  it('comes with a LaunchAgent that keeps the installed station running', () => {
    const agent = asDict(parsePlist(read('macos/com.interviewstation.kiosk.plist')));
    expect(agent.ProgramArguments).toEqual([
      `/Applications/${productName}.app/Contents/MacOS/${productName}`,
    ]);
    expect(agent.KeepAlive).toBe(true);
    expect(agent.RunAtLoad).toBe(true);
  });
});

describe('native/lockdown/README.md', () => {
  const readme = read('README.md');

  it('states the station’s figures and defaults as the code has them', () => {
    expect(readme).toContain(`${BLOCKED_TOOLS.length} products`);
    expect(readme).toContain(`\`${ADMIN_PIN_KEY}\``);
    expect(readme).toContain(`after ${MAX_PIN_TRIES} wrong PINs`);
    expect(readFileSync('electron/shell/surroundings.ts', 'utf8')).toContain(
      "powerSaveBlocker.start('prevent-display-sleep')",
    );
    const claims = [...readme.matchAll(/`(kiosk\.\w+)`, default `(\w+)`/g)].map(
      ([, key, value]) => ({ key, value }),
    );
    expect(claims.map((claim) => claim.key)).toEqual(
      expect.arrayContaining(['kiosk.displays', 'kiosk.remoteTools', 'kiosk.focusLoss']),
    );
    // A key documented before its setting lands on this branch is checked once it exists.
    for (const { key, value } of claims.filter((claim) => (claim.key ?? '') in SETTINGS)) {
      expect(SETTINGS[key as keyof typeof SETTINGS].fallback, key).toBe(value);
    }
  });

  it('links each OS folder, and the repository README links it', () => {
    for (const folder of ['windows', 'linux', 'macos']) {
      expect(readme).toContain(`[${folder}/](${folder}/)`);
      expect(existsSync(path.join(LOCKDOWN, folder, 'README.md')), folder).toBe(true);
    }
    expect(readFileSync('README.md', 'utf8')).toContain('(native/lockdown/README.md)');
    expect(read('windows/README.md')).toMatch(/Enterprise, Education/);
    expect(read('windows/README.md')).toContain('/S');
  });
});
