//! `lastgate eval CORPUS`: the engine measured on a labelled corpus.
//!
//! Reads `CORPUS/labels.json` (see `tests/corpus/README.md`) and `CORPUS/thresholds.json`, assesses
//! every page that has its prompt in the static HTML (pages marked `late` render it by script and are
//! checked in the browser only), prints per-flow precision and recall, flow accuracy, alert recall
//! and the false-alert rate, and exits 1 when a score is below its threshold.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use lastgate_engine::{Action, Engine, Flow};
use serde::Deserialize;

#[derive(Deserialize)]
struct Labels {
    pages: Vec<Label>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub file: String,
    pub url: String,
    #[serde(default)]
    pub referrer: String,
    pub flow: String,
    pub alert: bool,
    pub privileged: bool,
    pub token_backed: bool,
    #[serde(default)]
    pub late: bool,
    #[serde(default)]
    pub lang: String,
    #[serde(default)]
    pub why: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Thresholds {
    flow_accuracy: f64,
    alert_recall: f64,
    false_alert_rate: f64,
}

struct Outcome<'a> {
    label: &'a Label,
    flow: Flow,
    action: Action,
    privileged: bool,
    token_backed: bool,
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

pub fn run(corpus: &Path, json: bool) -> Result<ExitCode, String> {
    let labels_path = corpus.join("labels.json");
    let labels: Labels = serde_json::from_str(&crate::read_text(&labels_path)?)
        .map_err(|e| format!("{}: {e}", labels_path.display()))?;
    let th_path = corpus.join("thresholds.json");
    let th: Thresholds = serde_json::from_str(&crate::read_text(&th_path)?).map_err(|e| format!("{}: {e}", th_path.display()))?;

    let engine = Engine::default();
    let mut outcomes = Vec::new();
    for (i, label) in labels.pages.iter().enumerate() {
        if Flow::parse(&label.flow).is_none() {
            return Err(format!("{}: pages[{i}].flow: unknown flow '{}'", labels_path.display(), label.flow));
        }
        if label.late {
            continue;
        }
        let html = crate::read_text(&corpus.join(&label.file))?;
        let obs = lastgate_html::extract(&html, &label.url, &label.referrer);
        let v = engine.assess(&obs).map_err(|e| format!("pages[{i}] ({}): {}", label.file, e.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")))?;
        if json {
            println!(
                "{}",
                serde_json::json!({"file": label.file, "lang": label.lang, "expected": {"flow": label.flow, "alert": label.alert, "privileged": label.privileged, "token_backed": label.token_backed}, "verdict": v})
            );
        }
        outcomes.push(Outcome { label, flow: v.flow, action: v.action, privileged: v.privileged, token_backed: v.token_backed });
    }

    let n = outcomes.len();
    let alerted = |o: &Outcome| o.action >= Action::Warn;
    let flow_ok = outcomes.iter().filter(|o| o.flow.as_str() == o.label.flow).count();
    let should_alert: Vec<&Outcome> = outcomes.iter().filter(|o| o.label.alert).collect();
    let quiet: Vec<&Outcome> = outcomes.iter().filter(|o| !o.label.alert).collect();
    let alert_recall = ratio(should_alert.iter().filter(|o| alerted(o)).count(), should_alert.len());
    let false_alerts = quiet.iter().filter(|o| alerted(o)).count();
    let false_alert_rate = if quiet.is_empty() { 0.0 } else { false_alerts as f64 / quiet.len() as f64 };
    let flow_accuracy = ratio(flow_ok, n);
    let stakes_ok = outcomes.iter().filter(|o| o.privileged == o.label.privileged && o.token_backed == o.label.token_backed).count();

    let mut table = String::new();
    table.push_str(&format!("{:<24} {:>9} {:>9} {:>6}\n", "flow", "precision", "recall", "pages"));
    let mut per_flow: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new(); // (tp, predicted, actual)
    for o in &outcomes {
        let e = per_flow.entry(o.flow.as_str()).or_default();
        e.1 += 1;
        if o.flow.as_str() == o.label.flow {
            e.0 += 1;
        }
        per_flow.entry(o.label.flow.as_str()).or_default().2 += 1;
    }
    for flow in Flow::ALL {
        let (tp, pred, actual) = per_flow.get(flow.as_str()).copied().unwrap_or_default();
        table.push_str(&format!("{:<24} {:>9.3} {:>9.3} {:>6}\n", flow.as_str(), ratio(tp, pred), ratio(tp, actual), actual));
    }
    table.push_str(&format!(
        "\npages assessed {n} (late-rendered, browser only: {})\nflow accuracy     {flow_accuracy:.3}  (threshold >= {:.2})\nalert recall      {alert_recall:.3}  (threshold >= {:.2})\nfalse-alert rate  {false_alert_rate:.3}  (threshold <= {:.2}; {false_alerts} of {} quiet pages)\nstakes agreement  {:.3}  (privileged and token_backed both right)\n",
        labels.pages.len() - n,
        th.flow_accuracy,
        th.alert_recall,
        th.false_alert_rate,
        quiet.len(),
        ratio(stakes_ok, n),
    ));
    let misses: Vec<String> = outcomes
        .iter()
        .filter(|o| o.flow.as_str() != o.label.flow || alerted(o) != o.label.alert)
        .map(|o| format!("  {}: expected {} alert={}, got {} {}\n    label: {}", o.label.file, o.label.flow, o.label.alert, o.flow.as_str(), o.action.as_str(), o.label.why))
        .collect();
    if !misses.is_empty() {
        table.push_str("\nmisses:\n");
        table.push_str(&misses.join("\n"));
        table.push('\n');
    }
    if json {
        eprint!("{table}");
    } else {
        print!("{table}");
    }
    let pass = flow_accuracy >= th.flow_accuracy && alert_recall >= th.alert_recall && false_alert_rate <= th.false_alert_rate;
    if pass {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("lastgate eval: below threshold");
        Ok(ExitCode::from(1))
    }
}
