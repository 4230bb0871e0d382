#!/usr/bin/env bash
# dist/lastgate.crx (CRX3, signed by Chromium's --pack-extension) and dist/updates.xml (the gupdate
# manifest to host beside it) from dist/extension, for self-hosted force-install (docs/deploy.md).
#
#   LASTGATE_CRX_KEY=path.pem      the private key to sign with (RSA, PEM). Unset: a throwaway dev key
#                                  kept in target/crx/dev-key.pem, and this script says so.
#   LASTGATE_CRX_CODEBASE=URL      where browsers will download the CRX from (written into updates.xml).
#   LASTGATE_CRX_OUT=DIR           where to write lastgate.crx and updates.xml (default: dist).
#
# Paths may be absolute or relative to the directory the script is started from.
#
# The installed extension's id follows from the signing key (Chromium replaces the manifest's "key"
# with the CRX's), so the id is printed and written into updates.xml: use it in
# ExtensionInstallForcelist / ExtensionSettings and in the 3rdparty policy path.
set -euo pipefail
# Paths are the caller's: absolute, or relative to where the script was started from.
absolute() { case "$1" in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$(pwd)" "$1" ;; esac; }
[ -z "${LASTGATE_CRX_KEY:-}" ] || LASTGATE_CRX_KEY=$(absolute "$LASTGATE_CRX_KEY")
[ -z "${LASTGATE_CRX_OUT:-}" ] || LASTGATE_CRX_OUT=$(absolute "$LASTGATE_CRX_OUT")
cd "$(dirname "$0")/.."
ROOT=$(pwd)

EXT=dist/extension
OUT_DIR=${LASTGATE_CRX_OUT:-$ROOT/dist}
OUT=$OUT_DIR/lastgate.crx
UPDATES=$OUT_DIR/updates.xml
WORK=target/crx
CODEBASE=${LASTGATE_CRX_CODEBASE:-https://lastgate.example/extension/lastgate.crx}
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

die() { echo "crx: $*" >&2; exit 1; }
[ -f "$EXT/manifest.json" ] || die "$EXT/manifest.json missing; run make build"
[ -x "$CHROMIUM" ] || die "$CHROMIUM not found; scripts/setup.sh installs Debian's chromium"
case "$CODEBASE" in https://*|http://localhost*|http://127.0.0.1*) ;; *) die "LASTGATE_CRX_CODEBASE='$CODEBASE': give the https URL the CRX will be served from";; esac

mkdir -p "$WORK" "$OUT_DIR"
if [ -n "${LASTGATE_CRX_KEY:-}" ]; then
  [ -r "$LASTGATE_CRX_KEY" ] || die "LASTGATE_CRX_KEY='$LASTGATE_CRX_KEY': cannot read it"
  key_src=$LASTGATE_CRX_KEY
  key_note="signed with LASTGATE_CRX_KEY"
else
  key_src=$ROOT/$WORK/dev-key.pem
  if [ ! -f "$key_src" ]; then
    (umask 077 && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$key_src" 2>/dev/null) || die "openssl could not make a dev key"
  fi
  key_note="LASTGATE_CRX_KEY unset: signed with a throwaway dev key ($key_src); set LASTGATE_CRX_KEY=/path/key.pem to sign with yours"
fi

# Chromium reads PKCS#8; accept the older PKCS#1 ("BEGIN RSA PRIVATE KEY") too, converted to a
# private temporary copy that is removed on exit.
key=$key_src
tmp=$(mktemp -d "$ROOT/$WORK/pack.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if ! grep -q -- '-----BEGIN PRIVATE KEY-----' "$key_src"; then
  (umask 077 && openssl pkcs8 -topk8 -nocrypt -in "$key_src" -out "$tmp/key.pem" 2>/dev/null) || die "'$key_src' is not an RSA private key in PEM"
  key=$tmp/key.pem
fi
id=$(openssl pkey -in "$key" -pubout -outform DER 2>/dev/null | sha256sum | head -c32 | tr 0-9a-f a-p)
[ ${#id} -eq 32 ] || die "cannot derive the extension id from '$key_src'"

# Pack a copy without the manifest's development "key" (the CRX's own key replaces it anyway).
mkdir -p "$tmp/lastgate"
cp -r "$EXT/." "$tmp/lastgate/"
node -e '
  const fs = require("fs"); const p = process.argv[1];
  const m = JSON.parse(fs.readFileSync(p, "utf8")); delete m.key;
  fs.writeFileSync(p, JSON.stringify(m, null, 2) + "\n");' "$tmp/lastgate/manifest.json"
version=$(node -p 'require(process.argv[1]).version' "$tmp/lastgate/manifest.json")

# Headless and sandbox-less so it runs as root on a build machine; its own throwaway profile.
if ! "$CHROMIUM" --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" \
    --pack-extension="$tmp/lastgate" --pack-extension-key="$key" >"$tmp/log" 2>&1 || [ ! -s "$tmp/lastgate.crx" ]; then
  cat "$tmp/log" >&2
  die "chromium --pack-extension failed"
fi
mv "$tmp/lastgate.crx" "$OUT"
chmod 644 "$OUT"

cat >"$UPDATES" <<XML
<?xml version='1.0' encoding='UTF-8'?>
<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>
  <app appid='$id'>
    <updatecheck codebase='$CODEBASE' version='$version' />
  </app>
</gupdate>
XML
echo "built $OUT (extension id $id, version $version) and $UPDATES (codebase $CODEBASE)"
echo "crx: $key_note"
