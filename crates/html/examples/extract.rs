//! Prints the observation `lastgate-html` extracts from a saved HTML file, as JSON.
//!
//! Usage: `cargo run -q -p lastgate-html --example extract -- FILE URL [REFERRER]`
//! (used by `tests/extract/agree.test.mjs` to compare with the extension's extractor).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(url)) = (args.first(), args.get(1)) else {
        eprintln!("usage: extract FILE URL [REFERRER]");
        return ExitCode::from(2);
    };
    let referrer = args.get(2).map_or("", String::as_str);
    let html = match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => {
            eprintln!("extract: {path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let observation = lastgate_html::extract(&html, url, referrer);
    match serde_json::to_string_pretty(&observation) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("extract: {e}");
            ExitCode::FAILURE
        }
    }
}
