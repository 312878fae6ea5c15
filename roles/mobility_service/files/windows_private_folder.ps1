# A new folder for this run's installer, in the staging folder, that only SYSTEM and Administrators can enter, with
# that access set when it is created (ansible.windows.win_powershell; the mobility_service role). The staging folder
# and every folder above it must be out of other users' reach: owned by SYSTEM, Administrators or TrustedInstaller,
# and nobody else may delete, rename or re-permission what is in it (creating files there, as users may in
# C:\Windows\Temp, is fine). Returns @{ path } or @{ problem }; in check mode the path is only predicted.
[CmdletBinding(SupportsShouldProcess)]
param(
    [string]$Parent,
    [string]$Prefix = 'asr-mobility.'
)

$Ansible.Changed = $false
$trusted = @('S-1-5-18', 'S-1-5-32-544', 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464')
$sid = [System.Security.Principal.SecurityIdentifier]
$rights = [System.Security.AccessControl.FileSystemRights]
# what lets someone replace a folder's content: delete or rename it or what is in it, change its permissions or owner;
# an entry may also hold the generic rights (GENERIC_ALL 0x10000000, GENERIC_WRITE 0x40000000) that include them
$dangerous = [long]($rights::Delete -bor $rights::DeleteSubdirectoriesAndFiles -bor $rights::ChangePermissions -bor $rights::TakeOwnership)
$generic = [long]0x50000000

function Get-Problem([string]$Folder, [string]$What) {
    $acl = Get-Acl -LiteralPath $Folder
    $owner = $acl.GetOwner($sid).Value
    if ($trusted -notcontains $owner) {
        return "$What is owned by $owner, not by SYSTEM, Administrators or TrustedInstaller"
    }
    foreach ($rule in $acl.GetAccessRules($true, $true, $sid)) {
        if ($rule.AccessControlType -ne 'Allow' -or $trusted -contains $rule.IdentityReference.Value) { continue }
        # an inherit-only entry is for what is created inside, and this run's folder inherits nothing
        if ($rule.PropagationFlags -band [System.Security.AccessControl.PropagationFlags]::InheritOnly) { continue }
        $mask = [long]$rule.FileSystemRights
        if (($mask -band $dangerous) -or ($mask -band $generic)) {
            return "$What lets $($rule.IdentityReference.Value) delete, rename or re-permission what is in it ($($rule.FileSystemRights))"
        }
    }
    return $null
}

$Parent = [System.IO.Path]::GetFullPath($Parent).TrimEnd('\')
if (-not (Test-Path -LiteralPath $Parent -PathType Container)) {
    $Ansible.Result = @{ problem = "the staging folder $Parent does not exist" }
    return
}
$folder = $Parent
$what = "the staging folder $Parent"
while ($folder) {
    $problem = Get-Problem -Folder $folder -What $what
    if ($problem) {
        $Ansible.Result = @{ problem = $problem }
        return
    }
    $folder = [System.IO.Path]::GetDirectoryName($folder)
    $what = "the staging folder $Parent is under $folder, which"
}

$security = New-Object -TypeName System.Security.AccessControl.DirectorySecurity
$security.SetAccessRuleProtection($true, $false)
foreach ($account in $trusted[0..1]) {
    $identity = New-Object -TypeName System.Security.Principal.SecurityIdentifier -ArgumentList $account
    $security.AddAccessRule((New-Object -TypeName System.Security.AccessControl.FileSystemAccessRule -ArgumentList @(
                $identity, 'FullControl', 'ContainerInherit, ObjectInherit', 'None', 'Allow')))
}
$path = Join-Path -Path $Parent -ChildPath ($Prefix + [System.IO.Path]::GetRandomFileName().Replace('.', ''))
if (-not $PSCmdlet.ShouldProcess($path, 'create a folder only SYSTEM and Administrators can enter')) {
    $Ansible.Changed = $true
    $Ansible.Result = @{ path = $path }
    return
}
if (Test-Path -LiteralPath $path) {
    $Ansible.Result = @{ problem = "$path exists already" }
    return
}
$info = New-Object -TypeName System.IO.DirectoryInfo -ArgumentList $path
if ('System.IO.FileSystemAclExtensions' -as [type]) {
    [System.IO.FileSystemAclExtensions]::Create($info, $security)
}
else {
    $info.Create($security)
}
$Ansible.Changed = $true
# made by this run, as asked: else someone made it first
$made = Get-Acl -LiteralPath $path
if (-not $made.AreAccessRulesProtected -or $trusted -notcontains $made.GetOwner($sid).Value) {
    $Ansible.Result = @{ problem = "$path was not made as asked (its owner is $($made.GetOwner($sid).Value))" }
    return
}
$Ansible.Result = @{ path = $path }
