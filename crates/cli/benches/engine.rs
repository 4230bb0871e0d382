//! `make bench`: how fast the engine decides, natively.
//!
//! Prints numbers rather than asserting them (timing assertions flake; budgets are read, not
//! enforced): the engine alone on every corpus observation (median of many runs per page, then
//! p50/p99 across pages), and on generated pages of 10 KB, 100 KB and 1 MB with HTML extraction
//! reported separately, to show cost stays linear in page size. Writes target/bench/engine.json.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use lastgate_engine::{Engine, Observation};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Median wall time of `f` over enough runs to fill ~`budget`.
fn median_time(budget: Duration, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    f();
    let once = start.elapsed().max(Duration::from_nanos(50));
    let runs = ((budget.as_nanos() / once.as_nanos()) as usize).clamp(5, 2000);
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// An ordinary long page with a token prompt at the very end (padding is an evasion).
fn generated_page(bytes: usize) -> String {
    let para = "<p>The council voted on Tuesday evening to fund two kilometres of protected cycle lanes between the old harbour and the university, ending a debate that began last spring. <a href=\"/local\">More local news</a></p>\n";
    let mut html = String::from("<!DOCTYPE html><html lang=\"en\"><head><title>Settings</title></head><body><h1>Developer settings</h1>\n");
    while html.len() < bytes.saturating_sub(600) {
        html.push_str(para);
    }
    html.push_str("<h2>Regenerate personal access token</h2><p>Make sure to copy your personal access token now.</p><form><label for=n>Note</label><input id=n name=note><button type=submit>Regenerate token</button></form></body></html>");
    html
}

fn main() {
    // Building the engine (phrase automaton, Public Suffix List, catalog) is what a stopped service
    // worker pays before its first verdict, so it is reported next to the per-page numbers.
    let build = median_time(Duration::from_millis(500), || {
        black_box(Engine::default());
    });
    let build_ms = build.as_secs_f64() * 1e3;
    let engine = Engine::default();
    let labels: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root().join("tests/corpus/labels.json")).unwrap()).unwrap();
    let mut per_page_us = Vec::new();
    let mut sizes = Vec::new();
    for p in labels["pages"].as_array().unwrap() {
        let html = std::fs::read_to_string(root().join("tests/corpus").join(p["file"].as_str().unwrap())).unwrap();
        let obs = lastgate_html::extract(&html, p["url"].as_str().unwrap(), p["referrer"].as_str().unwrap_or(""));
        sizes.push(serde_json::to_string(&obs).unwrap().len());
        let t = median_time(Duration::from_millis(60), || {
            black_box(engine.assess(black_box(&obs)).unwrap());
        });
        per_page_us.push(t.as_secs_f64() * 1e6);
    }
    per_page_us.sort_by(|a, b| a.partial_cmp(b).unwrap());
    sizes.sort();
    let p50 = percentile(&per_page_us, 0.5);
    let p99 = percentile(&per_page_us, 0.99);
    println!("engine on {} corpus observations (median observation {} bytes of JSON):", per_page_us.len(), sizes[sizes.len() / 2]);
    println!("  engine_native_p50_us  {p50:>10.1}   (budget <= 25)");
    println!("  engine_native_p99_us  {p99:>10.1}");
    println!("  engine_native_build_ms {build_ms:>9.2}   (new Engine: phrase automaton, suffix list, catalog)");

    println!("\ngenerated pages, prompt after the padding:");
    println!("  {:>10} {:>14} {:>14} {:>12} {:>10}", "page", "extract_ms", "engine_ms", "text_bytes", "flow");
    let mut scaling = Vec::new();
    for kb in [10usize, 100, 1000] {
        let html = generated_page(kb * 1000);
        let url = "https://github.com/settings/tokens/1/regenerate";
        let extract = median_time(Duration::from_millis(400), || {
            black_box(lastgate_html::extract(black_box(&html), url, ""));
        });
        let obs: Observation = lastgate_html::extract(&html, url, "");
        let v = engine.assess(&obs).unwrap();
        let assess = median_time(Duration::from_millis(400), || {
            black_box(engine.assess(black_box(&obs)).unwrap());
        });
        println!("  {:>8}KB {:>14.3} {:>14.3} {:>12} {:>10}", kb, extract.as_secs_f64() * 1e3, assess.as_secs_f64() * 1e3, obs.text.len(), v.flow.as_str());
        scaling.push(
            serde_json::json!({"page_kb": kb, "extract_ms": extract.as_secs_f64() * 1e3, "engine_ms": assess.as_secs_f64() * 1e3, "flow": v.flow.as_str()}),
        );
    }
    let one_mb = scaling.last().and_then(|s| s["engine_ms"].as_f64()).unwrap_or_default();
    println!("\n  engine_1mb_page_ms    {one_mb:>10.3}   (budget <= 5; HTML parsing reported separately above)");

    let out = root().join("target/bench");
    std::fs::create_dir_all(&out).unwrap();
    let report = serde_json::json!({
        "engine_native_p50_us": p50,
        "engine_native_p99_us": p99,
        "engine_1mb_page_ms": one_mb,
        "engine_native_build_ms": build_ms,
        "scaling": scaling,
    });
    std::fs::write(out.join("engine.json"), serde_json::to_string_pretty(&report).unwrap()).unwrap();
    println!("\nwrote target/bench/engine.json");
}
