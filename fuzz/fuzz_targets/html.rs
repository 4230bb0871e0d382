//! The CLI's HTML extraction, then the engine: any page must be read and assessed, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

/// Built once: the tables take milliseconds to compile, an input microseconds to assess.
fn engine() -> &'static lastgate_engine::Engine {
    static ENGINE: std::sync::OnceLock<lastgate_engine::Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(lastgate_engine::Engine::default)
}

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let obs = lastgate_html::extract(&html, "https://github.com/settings/tokens/new", "https://mail.google.com/");
    let _ = engine().assess(&obs);
});
