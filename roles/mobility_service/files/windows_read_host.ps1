# The one read of a Windows host for the mobility_service role (ansible.windows.win_powershell). Nothing here
# changes the host, so it runs in check mode too. Everything is returned as found; the role's filters decide
# (windows_read_parameters gives the parameters, windows_host_state reads the result). A part that cannot be
# read is named in 'errors' instead of failing the whole read.
[CmdletBinding(SupportsShouldProcess)]
param(
    [string[]]$Registry = @(),
    [string]$Service = '',
    [string[]]$EndpointHost = @(),
    [int[]]$EndpointPort = @(),
    [int]$ReachSeconds = 5,
    [string]$SpacePath = '',
    [bool]$Facts = $false,
    [bool]$Defender = $false,
    [bool]$Drscout = $true
)

$Ansible.Changed = $false
$errors = @{}
$result = @{ registry = @{}; files = @{}; file_errors = @{} }

# The servers' ports first: the connections are tried while the rest is read, and waited for at the end.
$attempts = New-Object -TypeName System.Collections.Generic.List[object]
for ($i = 0; $i -lt $EndpointHost.Count; $i++) {
    $client = New-Object -TypeName System.Net.Sockets.TcpClient
    $pending = $null
    try {
        $pending = $client.BeginConnect($EndpointHost[$i], $EndpointPort[$i], $null, $null)
    }
    catch {
        $pending = $null
    }
    $attempts.Add(@{ host = $EndpointHost[$i]; port = $EndpointPort[$i]; client = $client; pending = $pending })
}
$deadline = [DateTime]::UtcNow.AddSeconds($ReachSeconds)

# The agent's registry keys: every value but binary ones, as text (a multi-string stays a list).
foreach ($path in $Registry) {
    $entry = @{ exists = $false; properties = @{} }
    try {
        if (Test-Path -LiteralPath $path) {
            $key = Get-Item -LiteralPath $path -ErrorAction Stop
            $entry.exists = $true
            foreach ($name in $key.GetValueNames()) {
                if (-not $name) { continue }
                $value = $key.GetValue($name)
                if ($value -is [byte[]]) { continue }
                if ($value -is [array]) {
                    $entry.properties[$name] = @($value | ForEach-Object { [string]$_ })
                }
                else {
                    $entry.properties[$name] = [string]$value
                }
            }
        }
    }
    catch {
        $errors["registry $path"] = $_.Exception.Message
    }
    $result.registry[$path] = $entry
}

# drscout.conf in the folder a registry key names, whether the value names the installation folder or its
# 'agent' subfolder: the role takes the one that fits.
if ($Drscout) {
    foreach ($entry in @($result.registry.Values)) {
        $folder = $entry.properties['InstallDirectory']
        if (-not $folder -or $folder -is [array]) { continue }
        $folder = ([string]$folder).Trim().TrimEnd('\')
        foreach ($candidate in @("$folder\Application Data\etc\drscout.conf", "$folder\agent\Application Data\etc\drscout.conf")) {
            try {
                if (Test-Path -LiteralPath $candidate -PathType Leaf) {
                    $result.files[$candidate] = [System.IO.File]::ReadAllText($candidate)
                }
            }
            catch {
                $result.file_errors[$candidate] = $_.Exception.Message
            }
        }
    }
}

if ($Service) {
    $found = Get-Service -Name $Service -ErrorAction SilentlyContinue
    if ($found) {
        $result.service = @{ exists = $true; status = $found.Status.ToString() }
    }
    else {
        $result.service = @{ exists = $false }
    }
}

if ($SpacePath) {
    try {
        $full = [System.IO.Path]::GetFullPath($SpacePath)
        $drive = New-Object -TypeName System.IO.DriveInfo -ArgumentList ([System.IO.Path]::GetPathRoot($full))
        $result.space = @{ drive = $drive.Name; free_mb = [Math]::Floor($drive.AvailableFreeSpace / 1MB) }
    }
    catch {
        $errors.space = $_.Exception.Message
    }
}

# The system, from the sources ansible.windows' setup uses: the OS version and platform of .NET, the caption
# and architecture of Win32_OperatingSystem, the physical memory of GlobalMemoryStatusEx (through
# Microsoft.VisualBasic's ComputerInfo; Win32_OperatingSystem's counters where that is missing).
if ($Facts) {
    $version = [Environment]::OSVersion
    $system = @{ version = $version.Version.ToString(); platform = $version.Platform.ToString() }
    try {
        $os = Get-CimInstance -ClassName Win32_OperatingSystem -Property Caption, OSArchitecture, TotalVisibleMemorySize, FreePhysicalMemory
        $system.caption = $os.Caption
        $system.os_architecture = $os.OSArchitecture
        try {
            Add-Type -AssemblyName Microsoft.VisualBasic
            $memory = New-Object -TypeName Microsoft.VisualBasic.Devices.ComputerInfo
            $system.mem_total_bytes = [UInt64]$memory.TotalPhysicalMemory
            $system.mem_available_bytes = [UInt64]$memory.AvailablePhysicalMemory
        }
        catch {
            $system.mem_total_bytes = [UInt64]$os.TotalVisibleMemorySize * 1024
            $system.mem_available_bytes = [UInt64]$os.FreePhysicalMemory * 1024
        }
    }
    catch {
        $errors.system = $_.Exception.Message
    }
    $result.system = $system
}

if ($Defender) {
    if (Get-Command -Name Get-MpPreference -ErrorAction SilentlyContinue) {
        try {
            $result.defender = @{ present = $true; exclusions = @((Get-MpPreference).ExclusionPath | Where-Object { $_ }) }
        }
        catch {
            $result.defender = @{ present = $true; exclusions = $null }
            $errors.defender = $_.Exception.Message
        }
    }
    else {
        $result.defender = @{ present = $false; exclusions = @() }
    }
}

$unreachable = New-Object -TypeName System.Collections.Generic.List[object]
foreach ($attempt in $attempts) {
    $answered = $false
    if ($attempt.pending) {
        $left = [int][Math]::Max(0, ($deadline - [DateTime]::UtcNow).TotalMilliseconds)
        try {
            if ($attempt.pending.AsyncWaitHandle.WaitOne($left)) {
                $attempt.client.EndConnect($attempt.pending)
                $answered = $true
            }
        }
        catch {
            $answered = $false
        }
    }
    $attempt.client.Close()
    if (-not $answered) {
        $unreachable.Add(@{ host = $attempt.host; port = $attempt.port })
    }
}
$result.unreachable = $unreachable.ToArray()
$result.errors = $errors
$Ansible.Result = $result
