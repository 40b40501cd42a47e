#Requires -RunAsAdministrator
#Requires -Version 5.1
<#
.SYNOPSIS
  Undoes install-kiosk.ps1: Explorer is the kiosk user's shell again, and the policies,
  accessibility settings, Keyboard Filter keys and auto sign-in it set are gone.

.DESCRIPTION
  The kiosk user stays unless -RemoveUser: its profile holds the station's data folder
  (%APPDATA%\Interview Station: the database, recordings and keys), which removing it deletes.
  The station stays installed (Settings > Apps, or its uninstaller with /S). Shell Launcher is
  switched off only when no other account has a shell of its own. -WhatIf lists the changes.

.PARAMETER Method
  Wmi or Csp, as the install used. Csp must run as SYSTEM, as for the install.
#>
[CmdletBinding(SupportsShouldProcess = $true)]
param(
  [string]$KioskUser,
  [ValidateSet('Wmi', 'Csp')][string]$Method = 'Wmi',
  [switch]$RemoveUser
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'kiosk-policies.ps1')
if (-not $KioskUser) { $KioskUser = $DefaultKioskUser }

$user = Get-LocalUser -Name $KioskUser -ErrorAction SilentlyContinue
$kioskSid = if ($user) { $user.SID.Value } else { $null }
if ($WhatIfPreference) {
  Write-Host "What if: Explorer becomes $KioskUser's shell again; these values are removed or reset:"
  $KioskUserPolicies + $KioskAccessibility | ForEach-Object { Write-Host "  HKCU\$($_.Path)\$($_.Name)" }
  $MachinePolicies | ForEach-Object { Write-Host "  HKLM\$($_.Path)\$($_.Name)" }
  if ($RemoveUser) { Write-Host "  and the user $KioskUser with its profile." }
  return
}

# --- Shell Launcher -----------------------------------------------------------------------------
$wesl = @{ Namespace = 'root\standardcimv2\embedded'; ClassName = 'WESL_UserSetting' }
$shellLauncherPresent = (Get-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher).State -eq 'Enabled'
if ($Method -eq 'Csp') {
  if (-not [System.Security.Principal.WindowsIdentity]::GetCurrent().IsSystem) {
    throw 'The Assigned Access CSP is reached as SYSTEM only: psexec -s or a SYSTEM scheduled task.'
  }
  $bridge = Get-CimInstance -Namespace 'root\cimv2\mdm\dmmap' -ClassName 'MDM_AssignedAccess'
  $bridge.ShellLauncher = $null
  Set-CimInstance -CimInstance $bridge
} elseif ($shellLauncherPresent) {
  if ($kioskSid) { Invoke-CimMethod @wesl -MethodName RemoveCustomShell -Arguments @{ Sid = $kioskSid } | Out-Null }
  # The administrators' Explorer entry was the install's too. Off when nobody else has a shell.
  Invoke-CimMethod @wesl -MethodName RemoveCustomShell -Arguments @{ Sid = 'S-1-5-32-544' } | Out-Null
  $others = @(Get-CimInstance @wesl)
  if ($others.Count -eq 0) { Invoke-CimMethod @wesl -MethodName SetEnabled -Arguments @{ Enabled = $false } | Out-Null }
  else { Write-Warning 'Other accounts have a Shell Launcher shell of their own: Shell Launcher stays on.' }
}

# --- Policies and accessibility shortcuts in the kiosk user's hive, and the machine policy -----
if ($kioskSid -and (Get-KioskProfilePath $kioskSid)) {
  $hive = Mount-KioskHive $kioskSid
  try {
    foreach ($entry in $KioskUserPolicies) { Remove-PolicyValue $hive.Root $entry }
    foreach ($entry in $KioskAccessibility) {
      Set-PolicyValue $hive.Root @{ Path = $entry.Path; Name = $entry.Name; Value = $entry.Default } 'String'
    }
  } finally {
    Dismount-KioskHive $hive
  }
}
foreach ($entry in $MachinePolicies) { Remove-PolicyValue 'HKLM:\' $entry }

# --- Keyboard Filter keys -------------------------------------------------------------------------
if ((Get-WindowsOptionalFeature -Online -FeatureName Client-KeyboardFilter).State -eq 'Enabled') {
  foreach ($id in $FilteredKeys) {
    $key = Get-CimInstance -Namespace 'root\standardcimv2\embedded' -ClassName WEKF_PredefinedKey |
      Where-Object { $_.Id -eq $id }
    if ($key) { Set-CimInstance -InputObject $key -Property @{ Enabled = $false } }
  }
}

# --- Auto sign-in, only if it is the kiosk user's -------------------------------------------------
$winlogon = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Winlogon'
$current = Get-ItemProperty -Path $winlogon
if ($current.DefaultUserName -eq $KioskUser) {
  Set-ItemProperty -Path $winlogon -Name AutoAdminLogon -Value '0'
  Remove-ItemProperty -Path $winlogon -Name DefaultPassword -ErrorAction SilentlyContinue
}

# --- The user, when asked ---------------------------------------------------------------------------
if ($RemoveUser -and $user) {
  Get-CimInstance -ClassName Win32_UserProfile | Where-Object { $_.SID -eq $kioskSid } | Remove-CimInstance
  Remove-LocalUser -Name $KioskUser
  Write-Host "Removed $KioskUser and its profile (the station's data in it too)."
} else {
  Write-Host "Kept $KioskUser and its profile (the station's data); -RemoveUser removes them."
}
Write-Host 'Done. Restart Windows to return to the normal sign-in.'
