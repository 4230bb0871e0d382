//! The files administrators deploy, checked as the browser will read them: Lastgate's policy alone,
//! a Chrome/Edge managed-policy JSON (`/etc/opt/chrome/policies/managed/*.json`: the install policy
//! beside `3rdparty.extensions.<id>`), or a Firefox `policies.json` (`policies.ExtensionSettings`
//! beside `policies.3rdparty.Extensions.<add-on id>`). Every Lastgate policy found is validated with
//! its path inside the file; the install entries are checked for the mistakes that make nothing
//! install while `chrome://policy` still says OK (a malformed id, an update URL that is not https).

use serde_json::{Map, Value};

use super::Policy;
use crate::error::InputError;

/// The Chrome/Edge id of Lastgate's published build (the key in `extension/manifest.json`); a
/// self-signed CRX has the id of its own key (`scripts/crx.sh` prints it).
pub const CHROME_EXTENSION_ID: &str = "llacpcndkamhedopoleneinplflhnnfp";
/// Lastgate's Firefox add-on id (`browser_specific_settings.gecko.id` in the manifest).
pub const FIREFOX_ADDON_ID: &str = "lastgate@lastgate.example";

/// What a deployed file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Lastgate's policy document itself (`docs/examples/policy.json`, `lastgate --policy`).
    Lastgate,
    /// A Chrome/Edge managed-policy JSON file (Linux), or the same shape from another platform.
    Chrome,
    /// Firefox's `policies.json`.
    Firefox,
}

impl FileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Lastgate => "Lastgate policy",
            FileKind::Chrome => "Chrome/Edge managed policy",
            FileKind::Firefox => "Firefox policies.json",
        }
    }
}

/// The check of one file: what it is, the extension ids it carries a Lastgate policy for, every
/// problem (the browser or Lastgate would drop or refuse it), and notes (right only in some
/// deployments, such as an id that is not the published one).
#[derive(Debug, Clone)]
pub struct FileCheck {
    pub kind: FileKind,
    pub policies_for: Vec<String>,
    pub errors: Vec<InputError>,
    pub notes: Vec<InputError>,
}

/// Chrome's extension ids: 32 letters a–p.
fn chrome_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| (b'a'..=b'p').contains(&b))
}

/// An update or install URL browsers will fetch: https (http only on this machine, for tests).
fn fetchable(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://localhost") || url.starts_with("http://127.0.0.1")
}

fn at(prefix: &str, e: InputError) -> InputError {
    let path = match e.path.as_str() {
        "" => prefix.to_string(),
        p if p.starts_with('[') => format!("{prefix}{p}"),
        p => format!("{prefix}.{p}"),
    };
    InputError::new(path, e.message)
}

/// Checks the text of a deployed file.
pub fn check_file(text: &str) -> FileCheck {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let errors = vec![InputError::new("", format!("not valid JSON at line {}, column {}: {e}", e.line(), e.column()))];
            return FileCheck { kind: FileKind::Lastgate, policies_for: Vec::new(), errors, notes: Vec::new() };
        }
    };
    let Value::Object(root) = &value else {
        let errors = Policy::from_value(&value).err().unwrap_or_default();
        return FileCheck { kind: FileKind::Lastgate, policies_for: Vec::new(), errors, notes: Vec::new() };
    };
    if let Some(Value::Object(policies)) = root.get("policies") {
        return firefox(policies);
    }
    // Chrome policy names are CamelCase; Lastgate's keys are lower case. A file with any of them
    // (or `3rdparty`) is a browser's policy file.
    let browser_file = root.keys().any(|k| k == "3rdparty" || k.starts_with(|c: char| c.is_ascii_uppercase()));
    if browser_file {
        return chrome(root);
    }
    let errors = Policy::from_value(&value).err().unwrap_or_default();
    FileCheck { kind: FileKind::Lastgate, policies_for: Vec::new(), errors, notes: Vec::new() }
}

fn chrome(root: &Map<String, Value>) -> FileCheck {
    let mut out = FileCheck { kind: FileKind::Chrome, policies_for: Vec::new(), errors: Vec::new(), notes: Vec::new() };
    let mut installed: Vec<String> = Vec::new();
    match root.get("ExtensionInstallForcelist") {
        None => {}
        Some(Value::Array(entries)) => {
            for (i, entry) in entries.iter().enumerate() {
                let path = format!("ExtensionInstallForcelist[{i}]");
                let Some(s) = entry.as_str() else {
                    out.errors.push(InputError::new(path, "expected a string \"<extension id>;<update URL>\""));
                    continue;
                };
                let (id, url) = s.split_once(';').unwrap_or((s, ""));
                if !chrome_id(id) {
                    out.errors
                        .push(InputError::new(&path, format!("'{id}' is not an extension id (32 letters a-p, e.g. {CHROME_EXTENSION_ID}); nothing installs")));
                    continue;
                }
                if !url.is_empty() && !fetchable(url) {
                    out.errors.push(InputError::new(&path, format!("update URL '{url}': browsers fetch updates over https only")));
                }
                installed.push(id.to_string());
            }
        }
        Some(_) => out
            .errors
            .push(InputError::new("ExtensionInstallForcelist", "expected a list like [\"<extension id>;<update URL>\"]; Chrome drops the whole policy")),
    }
    match root.get("ExtensionSettings") {
        None => {}
        Some(Value::Object(settings)) => {
            for (id, entry) in settings {
                let path = format!("ExtensionSettings.{id}");
                if id != "*" && !chrome_id(id) {
                    out.errors.push(InputError::new(&path, format!("'{id}' is not an extension id (32 letters a-p, e.g. {CHROME_EXTENSION_ID})")));
                    continue;
                }
                if let Some(mode) =
                    install_mode(entry, &path, &["allowed", "blocked", "force_installed", "normal_installed", "removed"], "update_url", &mut out.errors)
                {
                    if id != "*" && (mode == "force_installed" || mode == "normal_installed") {
                        installed.push(id.clone());
                    }
                }
            }
        }
        Some(_) => out.errors.push(InputError::new("ExtensionSettings", "expected an object of extension ids; Chrome drops the whole policy")),
    }
    match root.get("3rdparty") {
        None => {}
        Some(Value::Object(third)) => {
            for (k, v) in third {
                if k != "extensions" {
                    let hint = if k.eq_ignore_ascii_case("extensions") { "; Chrome reads '3rdparty.extensions' (lower case)" } else { "" };
                    out.errors.push(InputError::new(format!("3rdparty.{k}"), format!("not read by Chrome{hint}")));
                    continue;
                }
                let Value::Object(by_id) = v else {
                    out.errors.push(InputError::new("3rdparty.extensions", "expected an object of extension ids"));
                    continue;
                };
                for (id, policy) in by_id {
                    let path = format!("3rdparty.extensions.{id}");
                    if !chrome_id(id) {
                        out.errors.push(InputError::new(
                            &path,
                            format!("'{id}' is not an extension id (32 letters a-p, e.g. {CHROME_EXTENSION_ID}); the policy reaches no extension"),
                        ));
                        continue;
                    }
                    one_policy(id, policy, &path, &installed, CHROME_EXTENSION_ID, &mut out);
                }
            }
        }
        Some(_) => out.errors.push(InputError::new("3rdparty", "expected an object {\"extensions\": {\"<extension id>\": {…}}}")),
    }
    if out.policies_for.is_empty() && out.errors.is_empty() {
        out.notes.push(InputError::new("", "no Lastgate policy in this file (3rdparty.extensions.<id>); only the install, if any"));
    }
    out
}

fn firefox(policies: &Map<String, Value>) -> FileCheck {
    let mut out = FileCheck { kind: FileKind::Firefox, policies_for: Vec::new(), errors: Vec::new(), notes: Vec::new() };
    let mut installed: Vec<String> = Vec::new();
    match policies.get("ExtensionSettings") {
        None => {}
        Some(Value::Object(settings)) => {
            for (id, entry) in settings {
                let path = format!("policies.ExtensionSettings.{id}");
                if let Some(mode) = install_mode(entry, &path, &["allowed", "blocked", "force_installed", "normal_installed"], "install_url", &mut out.errors) {
                    if id != "*" && (mode == "force_installed" || mode == "normal_installed") {
                        installed.push(id.clone());
                    }
                }
            }
        }
        Some(_) => out.errors.push(InputError::new("policies.ExtensionSettings", "expected an object of add-on ids")),
    }
    match policies.get("3rdparty") {
        None => {}
        Some(Value::Object(third)) => {
            for (k, v) in third {
                if k != "Extensions" {
                    let hint = if k.eq_ignore_ascii_case("extensions") { "; Firefox reads '3rdparty.Extensions' (capital E)" } else { "" };
                    out.errors.push(InputError::new(format!("policies.3rdparty.{k}"), format!("not read by Firefox{hint}")));
                    continue;
                }
                let Value::Object(by_id) = v else {
                    out.errors.push(InputError::new("policies.3rdparty.Extensions", "expected an object of add-on ids"));
                    continue;
                };
                for (id, policy) in by_id {
                    one_policy(id, policy, &format!("policies.3rdparty.Extensions.{id}"), &installed, FIREFOX_ADDON_ID, &mut out);
                }
            }
        }
        Some(_) => out.errors.push(InputError::new("policies.3rdparty", "expected an object {\"Extensions\": {\"<add-on id>\": {…}}}")),
    }
    if out.policies_for.is_empty() && out.errors.is_empty() {
        out.notes.push(InputError::new("", "no Lastgate policy in this file (policies.3rdparty.Extensions.<add-on id>); only the install, if any"));
    }
    out
}

/// An `ExtensionSettings` entry: its `installation_mode` (returned when known) and, when it
/// installs, the URL it installs from.
fn install_mode<'a>(entry: &'a Value, path: &str, modes: &[&str], url_key: &str, errors: &mut Vec<InputError>) -> Option<&'a str> {
    let Value::Object(e) = entry else {
        errors.push(InputError::new(path, "expected an object like {\"installation_mode\": \"force_installed\", …}"));
        return None;
    };
    let mode = match e.get("installation_mode") {
        None => return None,
        Some(Value::String(m)) if modes.contains(&m.as_str()) => m.as_str(),
        Some(other) => {
            errors.push(InputError::new(format!("{path}.installation_mode"), format!("{other}: expected one of {}", modes.join(", "))));
            return None;
        }
    };
    if mode == "force_installed" || mode == "normal_installed" {
        match e.get(url_key) {
            // Firefox also installs from a local file (`file:///opt/lastgate/lastgate.xpi`).
            Some(Value::String(u)) if fetchable(u) || (url_key == "install_url" && u.starts_with("file:///")) => {}
            Some(Value::String(u)) => {
                let also = if url_key == "install_url" { " or from a file:/// path" } else { "" };
                errors.push(InputError::new(format!("{path}.{url_key}"), format!("'{u}': browsers fetch extensions over https only{also}")));
            }
            Some(_) => errors.push(InputError::new(format!("{path}.{url_key}"), "expected the URL as a string")),
            // Chrome installs from the Web Store when update_url is left out; Firefox needs install_url.
            None if url_key == "install_url" => {
                errors.push(InputError::new(format!("{path}.install_url"), format!("{mode} needs install_url (the .xpi to install)")))
            }
            None => {}
        }
    }
    Some(mode)
}

fn one_policy(id: &str, policy: &Value, path: &str, installed: &[String], published: &str, out: &mut FileCheck) {
    if let Err(errors) = Policy::from_value(policy) {
        out.errors.extend(errors.into_iter().map(|e| at(path, e)));
    }
    out.policies_for.push(id.to_string());
    if id != published {
        out.notes
            .push(InputError::new(path, format!("'{id}' is not Lastgate's published id ({published}): right only if you sign your own build with this id")));
    }
    if !installed.is_empty() && !installed.iter().any(|i| i == id) {
        out.notes.push(InputError::new(path, "this file installs other extensions but not this one: is the id the one you install?"));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn paths(v: &[InputError]) -> Vec<&str> {
        v.iter().map(|e| e.path.as_str()).collect()
    }

    #[test]
    fn a_chrome_file_is_checked_with_paths_into_it() {
        let c = check_file(
            r#"{"ExtensionInstallForcelist": ["llacpcndkamhedopoleneinplflhnnfp;https://clients2.google.com/service/update2/crx", "not-an-id;https://x.example/u.xml"],
                "ExtensionSettings": {"llacpcndkamhedopoleneinplflhnnfp": {"installation_mode": "force_install", "update_url": "http://ext.corp.example/u.xml"}},
                "3rdparty": {"extensions": {"llacpcndkamhedopoleneinplflhnnfp": {"mode": "monitr", "actions": {"resett": "block"}}}}}"#,
        );
        assert_eq!(c.kind, FileKind::Chrome);
        assert_eq!(
            paths(&c.errors),
            [
                "ExtensionInstallForcelist[1]",
                "ExtensionSettings.llacpcndkamhedopoleneinplflhnnfp.installation_mode",
                "3rdparty.extensions.llacpcndkamhedopoleneinplflhnnfp.actions.resett",
                "3rdparty.extensions.llacpcndkamhedopoleneinplflhnnfp.mode"
            ]
        );
        assert_eq!(c.policies_for, [CHROME_EXTENSION_ID]);
        assert!(c.notes.is_empty());
    }

    #[test]
    fn a_firefox_file_and_the_mistakes_that_install_nothing() {
        let c = check_file(
            r#"{"policies": {"ExtensionSettings": {"lastgate@lastgate.example": {"installation_mode": "force_installed"}},
                "3rdparty": {"extensions": {"lastgate@lastgate.example": {"mode": "enforce"}}}}}"#,
        );
        assert_eq!(c.kind, FileKind::Firefox);
        assert_eq!(paths(&c.errors), ["policies.ExtensionSettings.lastgate@lastgate.example.install_url", "policies.3rdparty.extensions"]);
        assert!(c.errors[1].message.contains("capital E"));
        let ok = check_file(
            r#"{"policies": {"ExtensionSettings": {"lastgate@lastgate.example": {"installation_mode": "force_installed", "install_url": "https://addons.mozilla.org/x.xpi"}},
                "3rdparty": {"Extensions": {"lastgate@lastgate.example": {"mode": "enforce"}}}}}"#,
        );
        assert!(ok.errors.is_empty() && ok.notes.is_empty(), "{:?} {:?}", ok.errors, ok.notes);
    }

    #[test]
    fn another_id_is_a_note_and_a_plain_policy_is_still_a_policy() {
        let c = check_file(
            r#"{"ExtensionInstallForcelist": ["abcdefghijklmnopabcdefghijklmnop;https://ext.corp.example/updates.xml"], "3rdparty": {"extensions": {"abcdefghijklmnopabcdefghijklmnop": {"mode": "enforce"}}}}"#,
        );
        assert!(c.errors.is_empty());
        assert_eq!(paths(&c.notes), ["3rdparty.extensions.abcdefghijklmnopabcdefghijklmnop"]);
        let p = check_file(r#"{"mode": "monitr"}"#);
        assert_eq!((p.kind, paths(&p.errors)), (FileKind::Lastgate, vec!["mode"]));
        assert_eq!(check_file("{").errors.len(), 1);
    }
}
