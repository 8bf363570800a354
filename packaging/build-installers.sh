#!/usr/bin/env bash
# `make installer`: the per-user NSIS installer and the per-machine MSI from a built bundle, each
# checked, and both signed when a certificate is given (packaging/SIGNING.md).
#
#   packaging/build-installers.sh dist/FundingForGrowthPlanner dist
#
# On Linux the Linux bundle stands in as the payload: what is checked here is the scripts (they
# compile, and the MSI's tables hold the shortcut, the association and the upgrade rule), not a
# Windows install; docs/building-windows.md builds the real ones on Windows.
set -euo pipefail
bundle=${1:?the bundle folder}
out=${2:?the output folder}
here=$(cd "$(dirname "$0")" && pwd)
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$here/../planner/__init__.py")
setup="$out/FundingForGrowthPlanner-$version-user-setup.exe"
msi="$out/FundingForGrowthPlanner-$version-machine.msi"
mkdir -p "$out"

makensis -V2 -NOCD -DVERSION="$version" -DBUNDLE="$bundle" -DOUTFILE="$setup" "$here/installer.nsi"

# wixl needs every file named; wixl-heat writes the list (symbolic links are left out: a Windows
# bundle has none, and the Linux one's links only repeat files that are listed).
files="$out/bundle-files.wxs"
# It runs inside the bundle: it tells files from folders by looking, and the repository has a
# folder named `planner` where the bundle has the program.
(cd "$bundle" && find . -type f | sed 's|^\./||' | sort |
  wixl-heat -p "" --directory-ref INSTALLDIR --component-group BundleFiles --var var.Bundle --win64) >"$files"
wixl -a x64 -D Version="$version" -D Bundle="$bundle" -D Win64=yes -o "$msi" "$here/planner.wxs" "$files"

fail() { echo "FAIL  $*" >&2; exit 1; }
[ "$(head -c 2 "$setup")" = "MZ" ] || fail "$setup is not a Windows program"
registry=$(msiinfo export "$msi" Registry)
for value in 'Software\Classes\.ffg' 'shell\open\command' ; do
  grep -qF "$value" <<<"$registry" || fail "the MSI's Registry table lacks $value"
done
msiinfo export "$msi" Shortcut | grep -q "Funding for Growth Planner" || fail "the MSI has no Start-menu shortcut"
msiinfo export "$msi" Upgrade | grep -qi "6A15F810-71C8-4016-AB92-433ABBE8E55D" || fail "the MSI has no upgrade rule"
msiinfo export "$msi" Property | grep -q "ALLUSERS" || fail "the MSI is not per-machine (no ALLUSERS)"
count=$(msiinfo export "$msi" File | tail -n +4 | wc -l)  # after the three header lines
expected=$(cd "$bundle" && find . -type f | wc -l)
[ "$count" -eq "$expected" ] || fail "the MSI holds $count files, the bundle $expected"
echo "ok    $setup ($(du -m "$setup" | cut -f1) MB), per-user"
echo "ok    $msi ($(du -m "$msi" | cut -f1) MB), per-machine, $count files"

if [ -n "${SIGN_PKCS12:-}" ]; then  # a .pfx holding the code-signing certificate and its key
  for target in "$setup" "$msi"; do
    osslsigncode sign -pkcs12 "$SIGN_PKCS12" ${SIGN_PASSWORD_FILE:+-readpass "$SIGN_PASSWORD_FILE"} \
      -n "Funding for Growth Planner" -h sha256 ${SIGN_TIMESTAMP_URL:+-ts "$SIGN_TIMESTAMP_URL"} \
      -in "$target" -out "$target.signed" >/dev/null
    mv "$target.signed" "$target"
    # Against the issuing certificate when given (SIGN_CAFILE); else at least the signature is there.
    if [ -n "${SIGN_CAFILE:-}" ]; then
      osslsigncode verify -CAfile "$SIGN_CAFILE" -in "$target" >/dev/null || fail "the signature on $target does not verify"
    else
      osslsigncode extract-signature -in "$target" -out "$out/signature.p7" >/dev/null || fail "$target has no signature"
      rm -f "$out/signature.p7"
    fi
    echo "ok    signed $target"
  done
else
  echo "note  not signed: set SIGN_PKCS12 (see packaging/SIGNING.md)"
fi
