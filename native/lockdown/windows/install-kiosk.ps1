#Requires -RunAsAdministrator
#Requires -Version 5.1
<#
.SYNOPSIS
  Turns a Windows Enterprise or Education PC into an Interview Station kiosk.

.DESCRIPTION
  A dedicated local user whose shell is the station instead of Explorer (Shell Launcher), with
  the station restarted whenever it exits, and the Ctrl+Alt+Del screen, Windows-key hotkeys and
  accessibility shortcuts taken away from that user. Electron cannot block Alt+Tab, the Windows
  key or Ctrl+Alt+Del itself; with no Explorer there is nothing to switch to. Administrators
  keep Explorer. Run again at will (each step checks first); undo with uninstall-kiosk.ps1.
  -WhatIf lists the changes without making them. See README.md beside this script.

.PARAMETER Installer
  The station's NSIS installer ("Interview Station Setup <version>.exe"), installed silently
  (/S) for all users first. Leave out when the station is installed already.

.PARAMETER Method
  Wmi (default): Shell Launcher through its WMI class WESL_UserSetting, from an elevated
  prompt. Csp: the Shell Launcher v2 XML (shell-launcher.xml) through the Assigned Access CSP's
  WMI bridge, which must run as SYSTEM (psexec -s, a SYSTEM scheduled task, or an MDM instead).

.PARAMETER AutoLogon
  Sign the kiosk user in at boot (Winlogon AutoAdminLogon). Its password, random and known to
  nobody, is then kept in the Winlogon key, readable by administrators only; Sysinternals
  Autologon keeps it as an LSA secret instead (see README.md).

.PARAMETER KeyboardFilter
  Also turn on Keyboard Filter and block the combinations in kiosk-policies.ps1 for every
  account but administrators.

.EXAMPLE
  .\install-kiosk.ps1 -Installer '.\Interview Station Setup 0.1.0.exe' -AutoLogon
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
  [string]$Installer,
  [string]$KioskUser,
  [string]$StationExe,
  [ValidateSet('Wmi', 'Csp')][string]$Method = 'Wmi',
  [ValidateSet('RestartShell', 'RestartDevice', 'ShutdownDevice')][string]$ExitAction = 'RestartShell',
  [switch]$AutoLogon,
  [switch]$KeyboardFilter
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'kiosk-policies.ps1')
if (-not $KioskUser) { $KioskUser = $DefaultKioskUser }
if (-not $StationExe) { $StationExe = $DefaultStationExe }

# --- Prerequisites: Shell Launcher exists on Enterprise, Education and IoT Enterprise only ----
$edition = (Get-CimInstance -ClassName Win32_OperatingSystem).Caption
if ($edition -notmatch 'Enterprise|Education') {
  throw "Shell Launcher needs Windows Enterprise, Education or IoT Enterprise; this is $edition."
}

# --- The station, installed silently for all users ---------------------------------------------
if ($Installer) {
  if ($PSCmdlet.ShouldProcess($Installer, 'Install the station silently (/S)')) {
    $setup = Start-Process -FilePath $Installer -ArgumentList '/S' -Wait -PassThru
    if ($setup.ExitCode -ne 0) { throw "The station's installer ended with code $($setup.ExitCode)." }
  }
}
if (-not (Test-Path -LiteralPath $StationExe) -and -not $WhatIfPreference) {
  throw "No station at ${StationExe}: give -Installer, or -StationExe where it is installed."
}

# --- The kiosk user: a standard local account, password random and unknown to anyone ---------
$bytes = New-Object byte[] 24
[System.Security.Cryptography.RandomNumberGenerator]::Create().GetBytes($bytes)
# Base64 gives upper, lower and digits; the suffix makes sure of a symbol for complexity rules.
$plainPassword = [Convert]::ToBase64String($bytes) + '!7a'
$password = ConvertTo-SecureString $plainPassword -AsPlainText -Force
if (-not (Get-LocalUser -Name $KioskUser -ErrorAction SilentlyContinue)) {
  if ($PSCmdlet.ShouldProcess($KioskUser, 'Create the local kiosk user')) {
    New-LocalUser -Name $KioskUser -Password $password -FullName 'Interview Station kiosk' `
      -Description 'Signs in to the Interview Station kiosk only' `
      -PasswordNeverExpires -UserMayNotChangePassword -AccountNeverExpires | Out-Null
    # S-1-5-32-545 is Users, whatever the group is called in this language.
    Add-LocalGroupMember -SID 'S-1-5-32-545' -Member $KioskUser
  }
} elseif ($AutoLogon) {
  # A new password, so the one written for auto sign-in below is the account's.
  if ($PSCmdlet.ShouldProcess($KioskUser, 'Set a new random password')) {
    Set-LocalUser -Name $KioskUser -Password $password
  }
}

if ($WhatIfPreference) {
  Write-Host 'What if: the policies below go to the kiosk user''s own registry hive.'
  $KioskUserPolicies + $KioskAccessibility | ForEach-Object { Write-Host "  HKCU\$($_.Path)\$($_.Name) = $($_.Value)" }
  $MachinePolicies | ForEach-Object { Write-Host "  HKLM\$($_.Path)\$($_.Name) = $($_.Value)" }
  return
}
$kioskSid = Get-KioskSid $KioskUser

# --- Its profile, made now, so its registry hive can take the policies before first sign-in -
if (-not (Get-KioskProfilePath $kioskSid)) {
  Add-Type -Namespace InterviewStation -Name UserEnv -MemberDefinition @'
[DllImport("userenv.dll", CharSet = CharSet.Unicode)]
public static extern int CreateProfile(string pszUserSid, string pszUserName, System.Text.StringBuilder pszProfilePath, uint cchProfilePath);
'@
  $profilePath = New-Object System.Text.StringBuilder 260
  $result = [InterviewStation.UserEnv]::CreateProfile($kioskSid, $KioskUser, $profilePath, 260)
  # 0x800700B7: the profile exists already.
  if ($result -ne 0 -and $result -ne -2147024713) {
    throw ('Could not create the kiosk user''s profile (HRESULT 0x{0:X8}).' -f $result)
  }
}

# --- Policies: the Ctrl+Alt+Del screen, Windows-key hotkeys, accessibility shortcuts ----------
$hive = Mount-KioskHive $kioskSid
try {
  foreach ($entry in $KioskUserPolicies) { Set-PolicyValue $hive.Root $entry 'DWord' }
  foreach ($entry in $KioskAccessibility) { Set-PolicyValue $hive.Root $entry 'String' }
} finally {
  Dismount-KioskHive $hive
}
foreach ($entry in $MachinePolicies) { Set-PolicyValue 'HKLM:\' $entry 'DWord' }

# --- Shell Launcher: the station replaces Explorer for the kiosk user -------------------------
$feature = Get-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher
if ($feature.State -ne 'Enabled') {
  $enabled = Enable-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher -All -NoRestart
  if ($enabled.RestartNeeded) {
    Write-Warning 'Shell Launcher was just turned on: restart Windows, then run this script again.'
    return
  }
}
$action = @{ RestartShell = $RestartShell; RestartDevice = $RestartDevice; ShutdownDevice = $ShutdownDevice }[$ExitAction]

if ($Method -eq 'Wmi') {
  # Invoke-CimMethod works in Windows PowerShell 5.1 and PowerShell 7 alike ([wmiclass] only in 5.1).
  $wesl = @{ Namespace = 'root\standardcimv2\embedded'; ClassName = 'WESL_UserSetting' }
  # Everyone without a shell of their own keeps Explorer; so do administrators, explicitly.
  Invoke-CimMethod @wesl -MethodName SetDefaultShell -Arguments @{ Shell = 'explorer.exe'; DefaultAction = $RestartShell } | Out-Null
  Invoke-CimMethod @wesl -MethodName SetCustomShell -Arguments @{ Sid = 'S-1-5-32-544'; Shell = 'explorer.exe'; DefaultAction = $RestartShell } | Out-Null
  # A crash, a PIN exit or a kill: Shell Launcher starts the station again ($ExitAction). The
  # quotes keep the spaces in the path from being read as arguments.
  Invoke-CimMethod @wesl -MethodName SetCustomShell -Arguments @{ Sid = $kioskSid; Shell = "`"$StationExe`""; DefaultAction = $action } | Out-Null
  Invoke-CimMethod @wesl -MethodName SetEnabled -Arguments @{ Enabled = $true } | Out-Null
  if (-not (Invoke-CimMethod @wesl -MethodName IsEnabled).Enabled) { throw 'Shell Launcher did not turn on.' }
} else {
  if (-not [System.Security.Principal.WindowsIdentity]::GetCurrent().IsSystem) {
    throw 'The Assigned Access CSP is reached as SYSTEM only: psexec -s, a SYSTEM scheduled task, or -Method Wmi.'
  }
  [xml]$config = Get-Content -Raw -LiteralPath (Join-Path $PSScriptRoot 'shell-launcher.xml')
  $ns = New-Object System.Xml.XmlNamespaceManager($config.NameTable)
  $ns.AddNamespace('sl', 'http://schemas.microsoft.com/ShellLauncher/2018/Configuration')
  $config.SelectSingleNode('//sl:Profile/sl:Shell', $ns).SetAttribute('Shell', "`"$StationExe`"")
  $config.SelectSingleNode('//sl:Profile/sl:Shell/sl:DefaultAction', $ns).SetAttribute('Action', $ExitAction)
  $config.SelectSingleNode('//sl:Config/sl:Account', $ns).SetAttribute('Name', $KioskUser)
  $bridge = Get-CimInstance -Namespace 'root\cimv2\mdm\dmmap' -ClassName 'MDM_AssignedAccess'
  $bridge.ShellLauncher = [System.Net.WebUtility]::HtmlEncode($config.OuterXml)
  Set-CimInstance -CimInstance $bridge
}

# --- Optional: Keyboard Filter -----------------------------------------------------------------
if ($KeyboardFilter) {
  $filter = Get-WindowsOptionalFeature -Online -FeatureName Client-KeyboardFilter
  if ($filter.State -ne 'Enabled') {
    Enable-WindowsOptionalFeature -Online -FeatureName Client-KeyboardFilter -All -NoRestart | Out-Null
    Write-Warning 'Keyboard Filter was just turned on: restart Windows, then run this script again to block the keys.'
  } else {
    foreach ($id in $FilteredKeys) {
      $key = Get-CimInstance -Namespace 'root\standardcimv2\embedded' -ClassName WEKF_PredefinedKey |
        Where-Object { $_.Id -eq $id }
      if ($key) { Set-CimInstance -InputObject $key -Property @{ Enabled = $true } }
      else { Write-Warning "Keyboard Filter knows no key combination named $id." }
    }
  }
}

# --- Optional: sign the kiosk user in at boot ---------------------------------------------------
if ($AutoLogon) {
  $winlogon = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'
  Set-ItemProperty -Path $winlogon -Name AutoAdminLogon -Value '1'
  Set-ItemProperty -Path $winlogon -Name DefaultUserName -Value $KioskUser
  Set-ItemProperty -Path $winlogon -Name DefaultDomainName -Value $env:COMPUTERNAME
  Set-ItemProperty -Path $winlogon -Name DefaultPassword -Value $plainPassword
}

Write-Host "Done: $KioskUser now signs in to $StationExe only ($ExitAction when it exits)."
Write-Host 'Administrators keep Explorer. Restart Windows to start the kiosk.'
