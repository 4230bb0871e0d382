
# --- Lastgate eval-apps (tests/apps/mediawiki/LocalSettings.extra.php) ---
$wgEnableEmail = true;
$wgEnableUserEmail = true;
$wgEmailAuthentication = false; # addresses set by the seed count as confirmed
$wgPasswordSender = "wiki@kestrel-outdoor.com";
$wgSMTP = false; # PHP mail(): the server runs with sendmail_path=tests/apps/mediawiki/sendmail.sh (writes STATE/mail.log)
$wgPasswordResetRoutes = [ 'username' => true, 'email' => true ];
$wgEnableBotPasswords = true;
$wgMainCacheType = CACHE_NONE;
$wgCacheDirectory = __DIR__ . "/cache";
$wgCookieSecure = true;
$wgShowExceptionDetails = true;
$wgEnableUploads = false;
$wgGroupPermissions['user']['oathauth-enable'] = true;
