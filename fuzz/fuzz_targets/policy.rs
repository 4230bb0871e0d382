//! Policy parser and validator: any bytes must give a policy or located errors, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;


fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(policy) = lastgate_engine::Policy::from_json_str(text) {
            let obs = lastgate_engine::Observation { url: "https://github.com/settings/tokens/new".into(), ..Default::default() };
            let _ = lastgate_engine::Engine::new(policy).assess(&obs);
        }
    }
});
