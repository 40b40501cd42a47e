# Shared by install-kiosk.ps1 and uninstall-kiosk.ps1 (dot-sourced, not run): what both touch,
# so the undo removes exactly what the install set, and the helpers that reach the kiosk user's
# own registry hive.

# The defaults both scripts use.
$DefaultKioskUser = 'interview-kiosk'
# electron-builder's per-machine NSIS installer puts the station here.
$DefaultStationExe = Join-Path $env:ProgramFiles 'Interview Station\Interview Station.exe'

# Shell Launcher's exit actions (WESL_UserSetting DefaultAction).
$RestartShell = 0
$RestartDevice = 1
$ShutdownDevice = 2

# Policies in the kiosk user's own hive (its HKCU), so an administrator who signs in keeps
# Task Manager and the rest. Paths are relative to that hive.
$KioskUserPolicies = @(
  # The Ctrl+Alt+Del screen: Windows always shows it (no program can stop the secure attention
  # sequence), so take away what it offers: Task Manager, Lock, Change a password, Sign out.
  @{ Path = 'Software\Microsoft\Windows\CurrentVersion\Policies\System'; Name = 'DisableTaskMgr'; Value = 1 }
  @{ Path = 'Software\Microsoft\Windows\CurrentVersion\Policies\System'; Name = 'DisableLockWorkstation'; Value = 1 }
  @{ Path = 'Software\Microsoft\Windows\CurrentVersion\Policies\System'; Name = 'DisableChangePassword'; Value = 1 }
  @{ Path = 'Software\Microsoft\Windows\CurrentVersion\Policies\Explorer'; Name = 'NoLogoff'; Value = 1 }
  # Windows-key hotkeys (Win+R, Win+E, Win+D, Win+Tab…): off.
  @{ Path = 'Software\Microsoft\Windows\CurrentVersion\Policies\Explorer'; Name = 'NoWinKeys'; Value = 1 }
)

# Machine-wide: "Switch user" on the Ctrl+Alt+Del screen exists only as a machine policy.
$MachinePolicies = @(
  @{ Path = 'SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\System'; Name = 'HideFastUserSwitching'; Value = 1 }
)

# Accessibility shortcuts (Shift five times: Sticky Keys; right Shift held: Filter Keys; Num Lock
# held: Toggle Keys) open a dialog that links to Settings, a way out of the kiosk. Each Flags value
# is Windows' default with the shortcut bit (4) cleared; the undo writes the default back.
$KioskAccessibility = @(
  @{ Path = 'Control Panel\Accessibility\StickyKeys'; Name = 'Flags'; Value = '506'; Default = '510' }
  @{ Path = 'Control Panel\Accessibility\Keyboard Response'; Name = 'Flags'; Value = '122'; Default = '126' }
  @{ Path = 'Control Panel\Accessibility\ToggleKeys'; Name = 'Flags'; Value = '58'; Default = '62' }
)

# Keyboard Filter (optional, -KeyboardFilter): key combinations blocked for every account but
# administrators. Alt+Tab and Ctrl+Esc have nothing to switch to under Shell Launcher, but a
# window the station opens (a permission prompt, a crash dialog) would.
$FilteredKeys = @('Alt+Tab', 'Alt+Esc', 'Ctrl+Esc', 'Shift+Ctrl+Esc', 'Alt+F4', 'Win+L', 'Win+Tab', 'Windows')

$HiveName = 'InterviewStationKiosk'

function Get-KioskSid([string]$UserName) {
  $account = New-Object System.Security.Principal.NTAccount($UserName)
  $account.Translate([System.Security.Principal.SecurityIdentifier]).Value
}

function Get-KioskProfilePath([string]$Sid) {
  $key = "HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList\$Sid"
  if (Test-Path $key) { (Get-ItemProperty -Path $key).ProfileImagePath } else { $null }
}

# The kiosk user's hive: already under HKEY_USERS while that user is signed in, else its
# NTUSER.DAT loaded for the change. Returns the PowerShell path and whether it was loaded here.
function Mount-KioskHive([string]$Sid) {
  if (Test-Path "Registry::HKEY_USERS\$Sid") {
    return @{ Root = "Registry::HKEY_USERS\$Sid"; Loaded = $false }
  }
  $profilePath = Get-KioskProfilePath $Sid
  if (-not $profilePath) { throw "The kiosk user has no profile yet." }
  & reg.exe load "HKU\$HiveName" (Join-Path $profilePath 'NTUSER.DAT') | Out-Null
  if ($LASTEXITCODE -ne 0) { throw "Could not load the kiosk user's registry hive." }
  return @{ Root = "Registry::HKEY_USERS\$HiveName"; Loaded = $true }
}

function Dismount-KioskHive($Hive) {
  if (-not $Hive.Loaded) { return }
  # reg.exe unload fails while PowerShell still holds a handle to a key in the hive.
  [GC]::Collect()
  [GC]::WaitForPendingFinalizers()
  & reg.exe unload "HKU\$HiveName" | Out-Null
  if ($LASTEXITCODE -ne 0) { Write-Warning "The kiosk user's hive stayed loaded; it unloads at restart." }
}

function Set-PolicyValue([string]$Root, $Entry, [string]$Type = 'DWord') {
  $key = Join-Path $Root $Entry.Path
  if (-not (Test-Path $key)) { New-Item -Path $key -Force | Out-Null }
  New-ItemProperty -Path $key -Name $Entry.Name -Value $Entry.Value -PropertyType $Type -Force | Out-Null
}

function Remove-PolicyValue([string]$Root, $Entry) {
  $key = Join-Path $Root $Entry.Path
  if (Test-Path $key) { Remove-ItemProperty -Path $key -Name $Entry.Name -ErrorAction SilentlyContinue }
}
