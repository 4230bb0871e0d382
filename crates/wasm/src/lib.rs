//! # lastgate-wasm
//!
//! The JavaScript face of the engine. This is the only crate that knows wasm-bindgen; it converts
//! JS values to the engine's plain Rust values and back, and nothing else.
//!
//! Contract: every method answers `{ok: true, value}` or `{ok: false, errors: [{path, message}]}`.
//! Nothing is thrown for bad input, and a panic (a bug) is reported to the console by
//! `console_error_panic_hook` rather than as an opaque `unreachable` trap.
//!
//! `new Engine(policy?)` cannot return such an answer (a constructor returns the object), so a bad
//! policy makes it throw an `Error` whose `errors` property holds the same `[{path, message}]` list;
//! `Engine.create(policy?)` answers the union instead and is what the extension uses.
//!
//! Features (off in the extension's build, on in the npm package's): `recovery` adds
//! `engine.assessRecovery(request)`; `html` adds `engine.assessHtml(html, {url, referrer})`, the
//! CLI's saved-HTML extraction (Node build only: browsers have the DOM and `extractObservation`).

#[cfg(feature = "html")]
mod html;
#[cfg(feature = "recovery")]
mod recovery;

use lastgate_engine::{InputError, Observation, Policy};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The answer union, built as a plain JS object.
#[derive(Serialize)]
#[serde(untagged)]
enum Answer<T: Serialize> {
    Ok { ok: bool, value: T },
    Err { ok: bool, errors: Vec<InputError> },
}

pub(crate) fn ok<T: Serialize>(value: T) -> JsValue {
    to_js(&Answer::Ok { ok: true, value })
}

pub(crate) fn err(errors: Vec<InputError>) -> JsValue {
    to_js(&Answer::<()>::Err { ok: false, errors })
}

/// Plain objects, not `Map`s, so JSON.stringify and structured clone see ordinary fields. Built as
/// one JSON string parsed by the JavaScript engine's own `JSON.parse`: a verdict is a few dozen
/// strings and objects, and creating each from wasm through serde-wasm-bindgen cost more than the
/// engine's whole decision (make bench).
pub(crate) fn to_js<T: Serialize>(v: &T) -> JsValue {
    let parsed = serde_json::to_string(v).map_err(|e| e.to_string()).and_then(|s| js_sys::JSON::parse(&s).map_err(|_| "JSON.parse refused it".to_string()));
    parsed.unwrap_or_else(|e| {
        // Serialising our own plain structs cannot fail; answer something well-formed regardless.
        let msg = format!("internal error: could not build the answer ({e})");
        js_sys::JSON::parse(&format!("{{\"ok\":false,\"errors\":[{{\"path\":\"\",\"message\":{}}}]}}", serde_json::Value::String(msg))).unwrap_or(JsValue::NULL)
    })
}

fn policy_from_js(policy: &JsValue) -> Result<Policy, Vec<InputError>> {
    if policy.is_undefined() || policy.is_null() {
        return Ok(Policy::default());
    }
    Policy::from_value(&policy_value(policy)?)
}

/// A policy object as a JSON value (not yet validated).
fn policy_value(policy: &JsValue) -> Result<serde_json::Value, Vec<InputError>> {
    if !policy.is_object() || js_sys::Array::is_array(policy) {
        let got = if policy.is_string() {
            "a string (JSON text? pass JSON.parse(text))"
        } else if js_sys::Array::is_array(policy) {
            "an array"
        } else if policy.as_f64().is_some() {
            "a number"
        } else if policy.as_bool().is_some() {
            "a boolean"
        } else {
            "something that is not an object"
        };
        let msg = format!(
            "expected a policy object such as {{\"mode\": \"enforce\", \"privileged_identities\": [\"*-admin@corp.example\"]}}, got {got}; keys: {} (docs/deploy.md)",
            lastgate_engine::policy::KEYS.join(", ")
        );
        return Err(vec![InputError::new("", msg)]);
    }
    json_value(policy, "")
}

/// Any JS value as a JSON value, through JSON text: the same parser and messages as the CLI's
/// policy files, and the extension's wasm carries no second deserializer. A cycle, a BigInt or a
/// structure too deep for serde_json answers an error at `path`, not a trap.
fn json_value(v: &JsValue, path: &str) -> Result<serde_json::Value, Vec<InputError>> {
    let text: String = match js_sys::JSON::stringify(v) {
        Ok(t) => t.into(),
        Err(_) => return Err(vec![InputError::new(path, "not JSON-like data (a cycle, a BigInt or a function?)")]),
    };
    serde_json::from_str(&text).map_err(|e| vec![InputError::new(path, format!("not a JSON-like value: {e}"))])
}

/// NFKC through the JavaScript engine's `String.prototype.normalize`, which the browser ships
/// anyway; the engine is built without its own NFKC tables to keep the wasm small. Only strings
/// that are matched against phrase tables need it.
fn nfkc(s: &mut String) {
    if !s.is_ascii() {
        *s = String::from(js_sys::JsString::from(s.as_str()).normalize("NFKC"));
    }
}

pub(crate) fn nfkc_observation(mut obs: Observation) -> Observation {
    nfkc(&mut obs.title);
    nfkc(&mut obs.text);
    obs.headings.iter_mut().for_each(nfkc);
    for f in &mut obs.fields {
        nfkc(&mut f.label);
        nfkc(&mut f.name);
        nfkc(&mut f.id);
        nfkc(&mut f.placeholder);
    }
    for c in &mut obs.controls {
        nfkc(&mut c.text);
    }
    obs
}

/// An observation from JS, NFKC-normalised, with the control texts as the page wrote them (for
/// mapping `hold` back). As one JSON string, parsed exactly as the CLI parses a file: unknown keys
/// are rejected the same way (serde-wasm-bindgen would only look up declared fields), and one
/// string crosses the JS/wasm boundary instead of every field separately (make bench: ~27 % faster).
/// Control texts as the page wrote them, by control index, where NFKC may have changed them.
pub(crate) type Originals = Vec<(usize, String)>;

fn observation_from_js(observation: &JsValue) -> Result<(Observation, Originals), Vec<InputError>> {
    if !observation.is_object() {
        return Err(vec![InputError::new("", "expected an observation object like {url: \"https://…\", text: \"…\"}")]);
    }
    let text: String = match js_sys::JSON::stringify(observation) {
        Ok(t) => t.into(),
        Err(_) => return Err(vec![InputError::new("", "the observation is not JSON-like data (a cycle, a BigInt or a function?)")]),
    };
    Ok(prepared(lastgate_engine::parse_observation(&text)?))
}

/// An observation made ready for the engine: NFKC-normalised, with the control texts NFKC may
/// change kept as the page wrote them.
pub(crate) fn prepared(obs: Observation) -> (Observation, Originals) {
    // `hold` must name controls as the page writes them (the CLI does, and the extension looks
    // them up by that text), so keep the texts NFKC may change (not ASCII), by control index, to
    // map them back.
    let originals = obs.controls.iter().enumerate().filter(|(_, c)| !c.text.is_ascii()).map(|(i, c)| (i, c.text.trim().to_string())).collect();
    (nfkc_observation(obs), originals)
}

impl Engine {
    /// The verdict for an NFKC-normalised observation, with `hold` naming controls as the page
    /// wrote them (`originals`), as the CLI and the extension's content script expect.
    pub(crate) fn verdict(&self, obs: &Observation, originals: &Originals) -> Result<lastgate_engine::Verdict, Vec<InputError>> {
        let mut v = self.inner.assess(obs)?;
        for h in &mut v.hold {
            let found = obs.controls.iter().position(|c| c.text.trim() == h.as_str());
            if let Some((_, original)) = found.and_then(|i| originals.iter().find(|(j, _)| *j == i)) {
                h.clone_from(original);
            }
        }
        Ok(v)
    }
}

thread_local! {
    /// The built-in tables, built once per wasm instance (`prepare()` or the first engine) and
    /// shared by every engine built after: a worker rebuilding its engine for a new policy pays
    /// only for what the policy adds.
    static TABLES: std::cell::OnceCell<lastgate_engine::Tables> = const { std::cell::OnceCell::new() };
}

fn engine_for(policy: Policy) -> lastgate_engine::Engine {
    TABLES.with(|t| lastgate_engine::Engine::with_tables(policy, t.get_or_init(lastgate_engine::Tables::builtin)))
}

/// `prepare()`: builds the engine's built-in tables now (the phrase automaton, the Public Suffix
/// List, the catalog: most of what `new Engine()` costs), so that a caller who is still waiting for
/// its policy — the extension's worker reading managed storage — spends that wait on them.
#[wasm_bindgen]
pub fn prepare() {
    TABLES.with(|t| {
        t.get_or_init(lastgate_engine::Tables::builtin);
    });
}

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The engine version.
#[wasm_bindgen]
pub fn version() -> String {
    lastgate_engine::VERSION.to_string()
}

/// Validates a policy: `{ok: true, value: null}` or `{ok: false, errors}`.
#[wasm_bindgen(js_name = validatePolicy)]
pub fn validate_policy(policy: JsValue) -> JsValue {
    match policy_from_js(&policy) {
        Ok(_) => ok(()),
        Err(e) => err(e),
    }
}

/// `checkPolicyFile(text)` (the npm package's Node build, for `npx lastgate policy check`): a
/// deployed file read as the browser will read it (`lastgate_engine::policy::check_file`) —
/// `{kind, kindLabel, policiesFor, errors, notes}`, errors and notes as `[{path, message}]`.
#[cfg(feature = "files")]
#[wasm_bindgen(js_name = checkPolicyFile)]
pub fn check_policy_file(text: &str) -> JsValue {
    use lastgate_engine::policy::{check_file, FileKind};
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct FileAnswer {
        kind: &'static str,
        kind_label: &'static str,
        policies_for: Vec<String>,
        errors: Vec<InputError>,
        notes: Vec<InputError>,
    }
    let c = check_file(text);
    let kind = match c.kind {
        FileKind::Lastgate => "lastgate",
        FileKind::Chrome => "chrome",
        FileKind::Firefox => "firefox",
    };
    ok(FileAnswer { kind, kind_label: c.kind.as_str(), policies_for: c.policies_for, errors: c.errors, notes: c.notes })
}

/// `validateSettings(settings)`: `{ok: true, value: null}` when `settings` is an object of the
/// keys a user may set for themselves (`trusted_hosts`, `help_desk`) with valid values, else
/// `{ok: false, errors}` (the options page's check before it stores them).
#[wasm_bindgen(js_name = validateSettings)]
pub fn validate_settings(settings: JsValue) -> JsValue {
    let value = if settings.is_undefined() || settings.is_null() { Ok(serde_json::Value::Null) } else { json_value(&settings, "settings") };
    match value.and_then(|v| lastgate_engine::settings::user_settings(&v)) {
        Ok(_) => ok(()),
        Err(e) => err(e),
    }
}

#[wasm_bindgen]
pub struct Engine {
    pub(crate) inner: lastgate_engine::Engine,
    /// How the policy was made from storage (`Engine.fromStorage`); `None` for other constructors.
    resolved: Option<Resolution>,
}

/// What `engine.settings()` reports about where its policy came from.
#[derive(Serialize, Clone)]
struct Resolution {
    managed_errors: Vec<InputError>,
    settings_errors: Vec<InputError>,
    locked: Vec<&'static str>,
    /// Locked keys whose managed value is not in force (the policy is in error).
    not_applied: Vec<&'static str>,
    managed_keys: Vec<String>,
    user_keys: &'static [&'static str],
    /// The effective values of the user keys (what the options page shows, locked or not).
    user_values: serde_json::Value,
}

#[wasm_bindgen]
impl Engine {
    /// `new Engine(policy?)`. Throws an `Error` carrying `errors: [{path, message}]` for a bad policy.
    #[wasm_bindgen(constructor)]
    pub fn new(policy: JsValue) -> Result<Engine, JsValue> {
        match policy_from_js(&policy) {
            Ok(p) => Ok(Engine { inner: engine_for(p), resolved: None }),
            Err(errors) => {
                let first = errors.first().map(ToString::to_string).unwrap_or_default();
                let e = js_sys::Error::new(&format!("invalid policy: {first}"));
                let _ = js_sys::Reflect::set(&e, &JsValue::from_str("errors"), &to_js(&errors));
                Err(e.into())
            }
        }
    }

    /// `Engine.create(policy?)` → `{ok: true, value: Engine}` or `{ok: false, errors}`.
    pub fn create(policy: JsValue) -> JsValue {
        match policy_from_js(&policy) {
            Ok(p) => {
                let answer = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&answer, &"ok".into(), &JsValue::TRUE);
                let _ = js_sys::Reflect::set(&answer, &"value".into(), &JsValue::from(Engine { inner: engine_for(p), resolved: None }));
                answer.into()
            }
            Err(e) => err(e),
        }
    }

    /// `Engine.fromStorage(managed, settings)` → `{ok: true, value: Engine}`, always: the engine for
    /// a browser, under the administrator's `managed` policy (an object, `{}` for none) with the
    /// user's own `settings` where the managed policy leaves them unset (`lastgate_engine::resolve`).
    /// A broken managed policy applies in what cannot lower protection and the user's settings wait;
    /// broken user settings are left out. `engine.settings()` says what was applied and why.
    #[wasm_bindgen(js_name = fromStorage)]
    pub fn from_storage(managed: JsValue, settings: JsValue) -> JsValue {
        let value = |v: &JsValue, what: &str| if v.is_undefined() || v.is_null() { Ok(serde_json::Value::Null) } else { json_value(v, what) };
        let (managed, managed_unreadable) = match value(&managed, "managed") {
            Ok(v) => (v, Vec::new()),
            Err(e) => (serde_json::Value::Null, e),
        };
        let (settings, settings_unreadable) = match value(&settings, "settings") {
            Ok(v) => (v, Vec::new()),
            Err(e) => (serde_json::Value::Null, e),
        };
        let mut r = lastgate_engine::resolve(&managed, &settings);
        r.managed_errors.extend(managed_unreadable);
        r.settings_errors.extend(settings_unreadable);
        let user_values = serde_json::json!({
            "trusted_hosts": r.policy.trusted_hosts.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
            "help_desk": r.policy.help_desk,
        });
        let resolved = Resolution {
            managed_errors: r.managed_errors,
            settings_errors: r.settings_errors,
            locked: r.locked,
            not_applied: r.not_applied,
            managed_keys: r.managed_keys,
            user_keys: lastgate_engine::settings::USER_KEYS,
            user_values,
        };
        let answer = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&answer, &"ok".into(), &JsValue::TRUE);
        let _ = js_sys::Reflect::set(&answer, &"value".into(), &JsValue::from(Engine { inner: engine_for(r.policy), resolved: Some(resolved) }));
        answer.into()
    }

    /// `engine.settings()` → what a front end reads of the policy besides verdicts, defaults filled
    /// in: `{version, mode, help_desk, user_override: {dismiss_warning, proceed_past_confirm,
    /// report_mistake, request_exception}, reporting: {endpoint, headers, events, batch_size,
    /// max_queue, include_identity} | null, catalog_extended}`; for an engine made by `fromStorage`,
    /// also `{managed_errors, settings_errors, locked, not_applied, managed_keys, user_keys, user_values}`.
    pub fn settings(&self) -> JsValue {
        #[derive(Serialize)]
        struct Answer<'a> {
            #[serde(flatten)]
            settings: lastgate_engine::Settings,
            #[serde(flatten)]
            resolved: Option<&'a Resolution>,
        }
        to_js(&Answer { settings: self.inner.settings(), resolved: self.resolved.as_ref() })
    }

    /// `engine.assessPage(observation)` → `{ok: true, value: verdict}` or `{ok: false, errors}`.
    #[wasm_bindgen(js_name = assessPage)]
    pub fn assess_page(&self, observation: JsValue) -> JsValue {
        match observation_from_js(&observation).and_then(|(obs, originals)| self.verdict(&obs, &originals)) {
            Ok(v) => ok(v),
            Err(e) => err(e),
        }
    }

    /// `engine.glance(observation)` → `{ok: true, value: {read, verdict}}`: the cheap first look
    /// (`Engine::glance`). `read: true, verdict: null` — read the page fully; `read: false` —
    /// `verdict` is what the full read would give. The observation is built without per-element style
    /// reads (rendered text, every button and field); the extension sends one before reading a page.
    pub fn glance(&self, observation: JsValue) -> JsValue {
        #[derive(Serialize)]
        struct Glance {
            read: bool,
            verdict: Option<lastgate_engine::Verdict>,
        }
        let (obs, _) = match observation_from_js(&observation) {
            Ok(o) => o,
            Err(e) => return err(e),
        };
        match self.inner.glance(&obs) {
            Ok(verdict) => ok(Glance { read: verdict.is_none(), verdict }),
            Err(e) => err(e),
        }
    }

    /// `engine.triage(url)` → `{early, why}`: whether the URL alone calls for looking at the page
    /// before it has loaded (a known recovery/approval page, a lookalike host, a suspicious host).
    pub fn triage(&self, url: &str) -> JsValue {
        to_js(&self.inner.triage(url))
    }
}
