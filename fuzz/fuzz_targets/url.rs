//! URL and host parsing (registrable domain, punycode, confusables, referrer classes): any page URL
//! and referrer must be assessed or rejected with a located error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

/// Built once: the tables take milliseconds to compile, an input microseconds to assess.
fn engine() -> &'static lastgate_engine::Engine {
    static ENGINE: std::sync::OnceLock<lastgate_engine::Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(lastgate_engine::Engine::default)
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (url, referrer) = text.split_once('\n').unwrap_or((&text, ""));
    let obs = lastgate_engine::Observation {
        url: url.to_string(),
        referrer: referrer.to_string(),
        text: "Enter the code displayed on your device".into(),
        fields: vec![lastgate_engine::Field { kind: "text".into(), name: "user_code".into(), ..Default::default() }],
        controls: vec![lastgate_engine::Control { text: "Continue".into(), button_type: "submit".into(), ..Default::default() }],
        ..Default::default()
    };
    let _ = engine().assess(&obs);
});
