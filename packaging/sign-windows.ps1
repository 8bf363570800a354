# Sign Windows programs and installers with signtool (the CI workflow's signing steps).
#   packaging\sign-windows.ps1 FILE...
# Reads SIGN_PFX_BASE64 (the certificate and key, a .pfx in base64), SIGN_PASSWORD and
# SIGN_TIMESTAMP_URL (the certificate authority's RFC 3161 time-stamping server) from the environment.
param([Parameter(Mandatory = $true, ValueFromRemainingArguments = $true)] $Files)
$ErrorActionPreference = "Stop"
$pfx = Join-Path $env:RUNNER_TEMP "sign.pfx"
[IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:SIGN_PFX_BASE64))
try {
  $signtool = (Get-ChildItem "${env:ProgramFiles(x86)}\Windows Kits\10\bin\*\x64\signtool.exe" | Select-Object -Last 1).FullName
  foreach ($file in $Files) {
    & $signtool sign /f $pfx /p $env:SIGN_PASSWORD /fd sha256 /tr $env:SIGN_TIMESTAMP_URL /td sha256 "$file"
    if ($LASTEXITCODE -ne 0) { throw "signing $file failed" }
    & $signtool verify /pa "$file"
    if ($LASTEXITCODE -ne 0) { throw "the signature on $file does not verify" }
  }
} finally {
  Remove-Item $pfx -ErrorAction SilentlyContinue
}
