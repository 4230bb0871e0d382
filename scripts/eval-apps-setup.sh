#!/usr/bin/env bash
# Installs and prepares the real applications that `make eval-apps` drives (tests/apps/README.md),
# only from the registries this project uses: Debian packages (apt; run as root, or with sudo), PyPI (pip into virtualenvs
# under target/eval-apps/venv), npm (target/eval-apps/node). Then builds each app's prepared state
# (database, seeded users, generated secrets) under target/eval-apps/template/; every run copies
# it afresh. Idempotent: what is present (and unchanged) is skipped; prints what it does.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/eval-apps
VENV=$OUT/venv
TPL=$OUT/template
APPS=$ROOT/tests/apps
export EVAL_PASSWORD=${EVAL_PASSWORD:-Eval-Passw0rd-2026}
export PYTHONDONTWRITEBYTECODE=1 # nothing written into tests/apps
say() { printf 'eval-apps setup: %s\n' "$*"; }
start=$(date +%s)
mkdir -p "$OUT" "$TPL"

# --- Debian packages: MediaWiki with PHP, Redmine with Ruby (SQLite), Python's venv, openssl, Chromium
debs=(php-cli php-sqlite3 php-intl php-mbstring php-xml mediawiki redmine redmine-sqlite ruby-webrick python3-venv openssl chromium)
missing=()
for p in "${debs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "apt: installing ${missing[*]} (about a minute)"
  # mediawiki pulls in a web server package; it must not start one (we serve with php -S).
  made_policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  # Redmine's package configures its own default instance with dbconfig-common: SQLite, no questions.
  printf '%s\n' 'redmine redmine/instances/default/database-type select sqlite3' \
    'redmine redmine/instances/default/dbconfig-install boolean true' | $sudo debconf-set-selections
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  [ -z "$made_policy" ] || $sudo rm -f /usr/sbin/policy-rc.d
else
  say "apt packages present"
fi

# --- PyPI: one virtualenv per app family (their dependency pins differ) -------------------------
# oauthlib stays below 4: django-oauth-toolkit 3.4.1's device grant fails with oauthlib 4.0.
# jupyterhub stays below 6: jupyterhub-nativeauthenticator 1.3.0 uses handler APIs that 6.0 removed.
declare -A PIP=(
  [django]="Django==5.2.20 django-allauth[mfa]==65.22.1 django-oauth-toolkit==3.4.1 oauthlib==3.3.1 wagtail==8.0.1"
  [jhub]="jupyterhub==5.5.4 jupyterhub-nativeauthenticator==1.3.0"
  [fst]="Flask-Security-Too[fsqla,mfa,common]==5.9.2"
  [fab]="Flask-AppBuilder==5.3.0"
  [roundup]="roundup==2.6.0"
)
for v in django jhub fst fab roundup; do
  want=${PIP[$v]}
  if [ -x "$VENV/$v/bin/python" ] && [ "$(cat "$VENV/$v/.eval-apps-reqs" 2>/dev/null)" = "$want" ]; then
    say "venv $v present"
    continue
  fi
  say "venv $v: pip install $want"
  rm -rf "$VENV/$v"
  python3 -m venv "$VENV/$v"
  # shellcheck disable=SC2086
  "$VENV/$v/bin/pip" install --quiet --disable-pip-version-check $want
  printf '%s' "$want" >"$VENV/$v/.eval-apps-reqs"
done

# --- npm: panva's oidc-provider (8.x supports Node 20) and JupyterHub's configurable-http-proxy ---
NODE_WANT='{"name":"lastgate-eval-apps","private":true,"dependencies":{"oidc-provider":"8.8.1","configurable-http-proxy":"5.3.0"}}'
if [ "$(cat "$OUT/node/package.json" 2>/dev/null)" != "$NODE_WANT" ] || [ ! -d "$OUT/node/node_modules/oidc-provider" ] || [ ! -d "$OUT/node/node_modules/configurable-http-proxy" ]; then
  say "npm: installing oidc-provider 8.8.1, configurable-http-proxy 5.3.0"
  rm -rf "$OUT/node"
  mkdir -p "$OUT/node"
  printf '%s' "$NODE_WANT" >"$OUT/node/package.json"
  (cd "$OUT/node" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
else
  say "npm packages present"
fi

# --- Prepared state per app: rebuilt when the app's files or the pins above change --------------
secret() { python3 -c 'import secrets,sys; print(secrets.token_urlsafe(int(sys.argv[1])))' "$1"; }
stamp_of() { # the app's own files and the installed versions it depends on
  { find "$@" -type f -not -path '*/__pycache__/*' -print0 | sort -z | xargs -0 sha256sum; cat "$VENV"/*/.eval-apps-reqs "$OUT/node/package.json"; dpkg-query -W -f='${Version}' mediawiki redmine; } | sha256sum | cut -c1-16
}
prepare() { # prepare NAME STAMP_PATHS... -- builds $TPL/NAME with the function build_NAME
  local name=$1; shift
  local stamp; stamp=$(stamp_of "$@")
  if [ -f "$TPL/$name/.eval-apps-stamp" ] && [ "$(cat "$TPL/$name/.eval-apps-stamp")" = "$stamp" ]; then
    say "$name: prepared state present"
    return
  fi
  say "$name: preparing state"
  local tmp="$TPL/.$name.tmp"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  "build_$name" "$tmp"
  printf '%s' "$stamp" >"$tmp/.eval-apps-stamp"
  rm -rf "${TPL:?}/$name"
  mv "$tmp" "$TPL/$name"
}

build_northwind() {
  mkdir -p "$1/mail"; secret 50 >"$1/secret.txt"
  (cd "$APPS/northwind" && EVAL_APP_STATE=$1 "$VENV/django/bin/python" manage.py migrate -v0 && EVAL_APP_STATE=$1 "$VENV/django/bin/python" manage.py seed)
}
build_wagtail() {
  mkdir -p "$1/mail"; secret 50 >"$1/secret.txt"
  (cd "$APPS/kestrel_cms" && EVAL_APP_STATE=$1 "$VENV/django/bin/python" manage.py migrate -v0 && EVAL_APP_STATE=$1 "$VENV/django/bin/python" manage.py seed)
}
build_jupyterhub() {
  for f in proxy_token grader_token sync_token cookie_secret; do python3 -c 'import secrets; print(secrets.token_hex(32))' >"$1/$f"; done
  chmod 600 "$1/cookie_secret"
}
build_oidc() {
  (cd "$OUT/node" && node -e '
    const { generateKeyPairSync, randomBytes } = require("node:crypto");
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = { ...privateKey.export({ format: "jwk" }), kid: "eval-" + randomBytes(4).toString("hex"), use: "sig", alg: "RS256" };
    console.log(JSON.stringify({ jwk, cookie_keys: [randomBytes(32).toString("hex")], fleet_secret: randomBytes(24).toString("hex") }));') >"$1/secrets.json"
}
build_fst() {
  mkdir -p "$1/mail"
  "$VENV/fst/bin/python" -c 'import json, secrets; from passlib import totp; print(json.dumps({"secret_key": secrets.token_urlsafe(40), "salt": secrets.token_urlsafe(16), "totp": totp.generate_secret()}))' >"$1/secrets.json"
  (cd "$APPS/fst" && EVAL_APP_STATE=$1 "$VENV/fst/bin/python" app.py seed)
}
build_fab() {
  python3 -c 'import json, secrets; print(json.dumps({"secret_key": secrets.token_urlsafe(40)}))' >"$1/secrets.json"
  (cd "$APPS/fab" && EVAL_APP_STATE=$1 "$VENV/fab/bin/python" app.py seed 2>&1 | grep -v 'No user yet created' || true)
}
build_mediawiki() { "$APPS/mediawiki/init.sh" "$1"; }
build_roundup() { ROUNDUP_BIN=$VENV/roundup/bin "$APPS/roundup/init.sh" "$1"; }
build_redmine() { # a Redmine instance directory (Debian's multi-instance layout: /var/lib/redmine/NAME)
  local d=$1
  mkdir -p "$d"/config "$d"/tmp "$d"/log "$d"/files "$d"/public "$d"/db "$d"/mail
  python3 -c 'import secrets; print(secrets.token_hex(64))' >"$d/config/secret_key.txt"
  printf 'production:\n  adapter: sqlite3\n  database: %s\n' "$d/db/redmine.sqlite3" >"$d/config/database.yml"
  printf 'production:\n  email_delivery:\n    delivery_method: :file\n    file_settings:\n      location: %s\n' "$d/mail" >"$d/config/configuration.yml"
  ln -sfn "$d" /var/lib/redmine/lastgate-eval-build
  (cd /usr/share/redmine && export REDMINE_INSTANCE=lastgate-eval-build RAILS_ENV=production &&
    bin/rake db:migrate >"$d/setup.log" 2>&1 &&
    REDMINE_LANG=en bin/rake redmine:load_default_data >>"$d/setup.log" 2>&1 &&
    bin/rails runner "$APPS/redmine/seed.rb")
  rm -f /var/lib/redmine/lastgate-eval-build
}

prepare northwind "$APPS/northwind"
prepare wagtail "$APPS/kestrel_cms"
prepare jupyterhub "$APPS/jupyterhub"
prepare oidc "$APPS/oidc"
prepare fst "$APPS/fst"
prepare fab "$APPS/fab"
prepare mediawiki "$APPS/mediawiki"
prepare roundup "$APPS/roundup"
prepare redmine "$APPS/redmine"
say "done in $(( $(date +%s) - start )) s"
