//! Observation JSON → verdict: any bytes must give an answer or located errors, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

/// Built once: the tables take milliseconds to compile, an input microseconds to assess.
fn engine() -> &'static lastgate_engine::Engine {
    static ENGINE: std::sync::OnceLock<lastgate_engine::Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(lastgate_engine::Engine::default)
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(obs) = lastgate_engine::parse_observation(text) {
            let _ = engine().assess(&obs);
        }
    }
});
