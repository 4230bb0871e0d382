#!/usr/bin/env bash
# Installs Debian's MediaWiki into STATE (SQLite, no web installer) for the evaluation: the Vector
# skin, OATHAuth (two-factor), bot passwords, e-mail through PHP's mail() into STATE/mail.log, an
# administrator (WikiAdmin), an ordinary user (Hannah.Berg) and two help pages.
set -euo pipefail
STATE=$1
PASSWORD=${EVAL_PASSWORD:?}
HERE=$(cd "$(dirname "$0")" && pwd)
MW=/usr/share/mediawiki
rm -rf "$STATE"
mkdir -p "$STATE/data" "$STATE/cache"
php "$MW/maintenance/install.php" --dbtype=sqlite --dbpath="$STATE/data" --dbname=kestrelwiki \
  --server=https://wiki.kestrel-outdoor.com --scriptpath="" --lang=en --pass="$PASSWORD" \
  --confpath="$STATE" --skins=Vector --extensions=OATHAuth "Kestrel Wiki" WikiAdmin >"$STATE/install.log"
# The database path is relative to the settings file, so a copy of STATE works anywhere.
sed -i "s|\"$STATE/data\"|__DIR__ . \"/data\"|" "$STATE/LocalSettings.php"
cat "$HERE/LocalSettings.extra.php" >>"$STATE/LocalSettings.php"
export MW_CONFIG_FILE="$STATE/LocalSettings.php"
php "$MW/maintenance/update.php" --quick >>"$STATE/install.log"
php "$MW/maintenance/createAndPromote.php" Hannah.Berg "$PASSWORD" >>"$STATE/install.log"
php "$MW/maintenance/createAndPromote.php" --sysop --bureaucrat Ravi.Patel "$PASSWORD" >>"$STATE/install.log"
php "$MW/maintenance/resetUserEmail.php" --no-reset-password WikiAdmin wikiadmin@kestrel-outdoor.com >>"$STATE/install.log"
php "$MW/maintenance/resetUserEmail.php" --no-reset-password Hannah.Berg hannah.berg@kestrel-outdoor.com >>"$STATE/install.log"
php "$MW/maintenance/resetUserEmail.php" --no-reset-password Ravi.Patel ravi.patel@kestrel-outdoor.com >>"$STATE/install.log"
php "$MW/maintenance/edit.php" --user WikiAdmin --summary "Help page" "Help:Two-factor authentication" <"$HERE/help-2fa.wiki" >>"$STATE/install.log"
php "$MW/maintenance/edit.php" --user WikiAdmin --summary "Welcome" "Main Page" <"$HERE/main-page.wiki" >>"$STATE/install.log"
echo "mediawiki installed in $STATE"
