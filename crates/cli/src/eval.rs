//! `lastgate eval SET`: the engine measured on a labelled page set.
//!
//! Reads `SET/labels.json` (format: `docs/labelling.md`) and `SET/thresholds.json`, assesses every
//! page that has its prompt in the static HTML (pages marked `late` render it by script and are
//! checked in the browser only), prints per-flow precision and recall, the confusion counts, scores
//! per language, flow accuracy, alert recall, the false-alert rate and how many alerts speak the
//! page's language, and exits 1 when a score is below its threshold.
//!
//! Two kinds of set:
//! - a **development** set may pin every page's verdict in `SET/expect.json` (flow, action, reason
//!   ids). A page whose verdict moved fails the run and is listed, so a rule change shows which pages
//!   it moves; `--update-expect` (or `UPDATE_EXPECT=1`) rewrites the file instead.
//! - a **sealed** set (`"sealed": true` in its thresholds) judges the engine on pages its authors
//!   never see: only aggregate scores and confusion counts are printed — never a page, a file name or
//!   a verdict — and its thresholds are a ratchet, the scores recorded when it last improved.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use lastgate_engine::{Action, Engine, Flow, Verdict};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
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
    /// Which batch of a sealed set the page came in (each written by a new helper before a release).
    #[serde(default)]
    pub batch: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Thresholds {
    flow_accuracy: f64,
    alert_recall: f64,
    false_alert_rate: f64,
    /// Share of alerts whose reasons are written in the page's language (pages in a language the
    /// engine has messages for).
    #[serde(default)]
    reasons_in_page_language: Option<f64>,
    /// Share of pages whose `privileged` and `token_backed` both match their labels.
    #[serde(default)]
    stakes_agreement: Option<f64>,
    #[serde(default)]
    sealed: bool,
    /// When the set (or its newest batch) was written, for the report.
    #[serde(default)]
    written: String,
}

/// One page's pinned verdict in `expect.json`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    flow: String,
    action: String,
    reasons: Vec<String>,
}

struct Outcome<'a> {
    label: &'a Label,
    verdict: Verdict,
}

impl Outcome<'_> {
    fn alerted(&self) -> bool {
        self.verdict.action >= Action::Warn
    }
    fn flow_ok(&self) -> bool {
        self.verdict.flow.as_str() == self.label.flow
    }
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

/// The scores of a group of outcomes.
struct Scores {
    pages: usize,
    flow_accuracy: f64,
    alert_recall: f64,
    should_alert: usize,
    false_alerts: usize,
    quiet: usize,
    stakes: f64,
}

impl Scores {
    fn of(outcomes: &[&Outcome]) -> Scores {
        let should: Vec<_> = outcomes.iter().filter(|o| o.label.alert).collect();
        let quiet: Vec<_> = outcomes.iter().filter(|o| !o.label.alert).collect();
        Scores {
            pages: outcomes.len(),
            flow_accuracy: ratio(outcomes.iter().filter(|o| o.flow_ok()).count(), outcomes.len()),
            alert_recall: ratio(should.iter().filter(|o| o.alerted()).count(), should.len()),
            should_alert: should.len(),
            false_alerts: quiet.iter().filter(|o| o.alerted()).count(),
            quiet: quiet.len(),
            stakes: ratio(
                outcomes.iter().filter(|o| o.verdict.privileged == o.label.privileged && o.verdict.token_backed == o.label.token_backed).count(),
                outcomes.len(),
            ),
        }
    }
    fn false_alert_rate(&self) -> f64 {
        if self.quiet == 0 {
            0.0
        } else {
            self.false_alerts as f64 / self.quiet as f64
        }
    }
}

/// Short column names for the confusion table.
fn abbrev(flow: Flow) -> &'static str {
    match flow {
        Flow::PasswordReset => "reset",
        Flow::MfaApproval => "mfa",
        Flow::DeviceCode => "device",
        Flow::OauthConsent => "consent",
        Flow::CredentialReissue => "cred",
        Flow::RecoveryFactorChange => "factor",
        Flow::Reauthentication => "reauth",
        Flow::AccessApproval => "access",
        Flow::None => "none",
    }
}

fn expect_update_requested(flag: bool) -> bool {
    flag || std::env::var("UPDATE_EXPECT").is_ok_and(|v| !v.is_empty() && v != "0")
}

pub fn run(set: &Path, json: bool, update_expect: bool) -> Result<ExitCode, String> {
    let labels_path = set.join("labels.json");
    let labels: Labels = serde_json::from_str(&crate::read_text(&labels_path)?).map_err(|e| format!("{}: {e}", labels_path.display()))?;
    let th_path = set.join("thresholds.json");
    let th: Thresholds = serde_json::from_str(&crate::read_text(&th_path)?).map_err(|e| format!("{}: {e}", th_path.display()))?;
    if th.sealed && json {
        return Err(format!("{}: a sealed set shows only its aggregate scores; --json would show its pages", set.display()));
    }
    if th.sealed && expect_update_requested(update_expect) {
        return Err(format!("{}: a sealed set pins no per-page verdicts", set.display()));
    }

    let engine = Engine::default();
    let mut outcomes = Vec::new();
    for (i, label) in labels.pages.iter().enumerate() {
        // A sealed set's errors name the index only: its file names are not for the engine's authors.
        let at = if th.sealed { format!("{}: pages[{i}]", labels_path.display()) } else { format!("{}: pages[{i}] ({})", labels_path.display(), label.file) };
        if Flow::parse(&label.flow).is_none() {
            return Err(format!("{at}.flow: unknown flow '{}'", label.flow));
        }
        if label.late {
            continue;
        }
        let html =
            crate::read_text(&set.join(&label.file)).map_err(|e| if th.sealed { format!("{at}: {}", e.split(':').next().unwrap_or_default()) } else { e })?;
        let obs = lastgate_html::extract(&html, &label.url, &label.referrer);
        let verdict = engine.assess(&obs).map_err(|e| format!("{at}: {}", e.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")))?;
        if json {
            crate::out!(
                "{}\n",
                serde_json::json!({"file": label.file, "lang": label.lang, "expected": {"flow": label.flow, "alert": label.alert, "privileged": label.privileged, "token_backed": label.token_backed}, "verdict": verdict})
            );
        }
        outcomes.push(Outcome { label, verdict });
    }

    let all: Vec<&Outcome> = outcomes.iter().collect();
    let total = Scores::of(&all);
    let mut out = String::new();
    if th.sealed {
        out.push_str(&format!(
            "sealed set {} ({} pages{})\n\n",
            set.display(),
            labels.pages.len(),
            if th.written.is_empty() { String::new() } else { format!(", written {}", th.written) }
        ));
    }

    // Per flow: precision and recall.
    out.push_str(&format!("{:<24} {:>9} {:>9} {:>6}\n", "flow", "precision", "recall", "pages"));
    let mut per_flow: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new(); // (tp, predicted, actual)
    for o in &outcomes {
        let e = per_flow.entry(o.verdict.flow.as_str()).or_default();
        e.1 += 1;
        if o.flow_ok() {
            e.0 += 1;
        }
        per_flow.entry(o.label.flow.as_str()).or_default().2 += 1;
    }
    for flow in Flow::ALL {
        let (tp, pred, actual) = per_flow.get(flow.as_str()).copied().unwrap_or_default();
        out.push_str(&format!("{:<24} {:>9.3} {:>9.3} {:>6}\n", flow.as_str(), ratio(tp, pred), ratio(tp, actual), actual));
    }

    // Confusion counts: rows are the labels, columns the engine's flows.
    out.push_str("\nconfusion (rows: label, columns: verdict)\n");
    out.push_str(&format!("{:<9}", ""));
    for f in Flow::ALL {
        out.push_str(&format!("{:>8}", abbrev(f)));
    }
    out.push('\n');
    for expected in Flow::ALL {
        let row: Vec<usize> =
            Flow::ALL.iter().map(|got| outcomes.iter().filter(|o| o.label.flow == expected.as_str() && o.verdict.flow == *got).count()).collect();
        if row.iter().sum::<usize>() == 0 {
            continue;
        }
        out.push_str(&format!("{:<9}", abbrev(expected)));
        for n in row {
            out.push_str(&format!("{:>8}", if n == 0 { ".".to_string() } else { n.to_string() }));
        }
        out.push('\n');
    }

    // Per language.
    let mut langs: BTreeMap<&str, Vec<&Outcome>> = BTreeMap::new();
    for o in &outcomes {
        langs.entry(if o.label.lang.is_empty() { "?" } else { o.label.lang.as_str() }).or_default().push(o);
    }
    out.push_str(&format!("\n{:<6} {:>6} {:>9} {:>13} {:>13}\n", "lang", "pages", "flow acc", "alert recall", "false alerts"));
    for (lang, group) in &langs {
        let s = Scores::of(group);
        out.push_str(&format!(
            "{:<6} {:>6} {:>9.3} {:>13} {:>13}\n",
            lang,
            s.pages,
            s.flow_accuracy,
            format!("{:.3} of {}", s.alert_recall, s.should_alert),
            format!("{} of {}", s.false_alerts, s.quiet)
        ));
    }

    // Alerts whose reasons are in the page's language (where the engine has that language).
    let alerts: Vec<&Outcome> = outcomes.iter().filter(|o| o.alerted() && lastgate_engine::has_messages_for(&o.label.lang)).collect();
    let in_lang = alerts.iter().filter(|o| o.verdict.lang.eq_ignore_ascii_case(&o.label.lang)).count();
    let reasons_in_lang = ratio(in_lang, alerts.len());

    let batches: BTreeMap<&str, usize> = labels.pages.iter().filter(|p| !p.batch.is_empty()).fold(BTreeMap::new(), |mut m, p| {
        *m.entry(p.batch.as_str()).or_default() += 1;
        m
    });
    if batches.len() > 1 {
        out.push_str(&format!("\n{:<20} {:>6} {:>9} {:>13} {:>13}\n", "batch", "pages", "flow acc", "alert recall", "false alerts"));
        for batch in batches.keys() {
            let group: Vec<&Outcome> = outcomes.iter().filter(|o| o.label.batch == *batch).collect();
            let s = Scores::of(&group);
            out.push_str(&format!(
                "{:<20} {:>6} {:>9.3} {:>13} {:>13}\n",
                batch,
                s.pages,
                s.flow_accuracy,
                format!("{:.3} of {}", s.alert_recall, s.should_alert),
                format!("{} of {}", s.false_alerts, s.quiet)
            ));
        }
    }

    let reasons_threshold = th.reasons_in_page_language.unwrap_or(0.0);
    let stakes_threshold = th.stakes_agreement.unwrap_or(0.0);
    out.push_str(&format!(
        "\npages assessed {} (late-rendered, browser only: {})\nflow accuracy     {:.3}  (threshold >= {:.3})\nalert recall      {:.3}  (threshold >= {:.3}; {} pages need an alert)\nfalse-alert rate  {:.3}  (threshold <= {:.3}; {} of {} quiet pages)\nreasons in the page's language  {:.3}  ({in_lang} of {} alerts; threshold >= {:.3})\nstakes agreement  {:.3}  (privileged and token_backed both right; threshold >= {:.3})\n",
        total.pages,
        labels.pages.len() - total.pages,
        total.flow_accuracy,
        th.flow_accuracy,
        total.alert_recall,
        th.alert_recall,
        total.should_alert,
        total.false_alert_rate(),
        th.false_alert_rate,
        total.false_alerts,
        total.quiet,
        reasons_in_lang,
        alerts.len(),
        reasons_threshold,
        total.stakes,
        stakes_threshold,
    ));

    // Development sets: the pages that miss their label, and the pinned verdicts.
    let mut pinned_ok = true;
    if !th.sealed {
        let misses: Vec<String> = outcomes
            .iter()
            .filter(|o| !o.flow_ok() || o.alerted() != o.label.alert)
            .map(|o| {
                format!(
                    "  {}: expected {} alert={}, got {} {}\n    label: {}",
                    o.label.file,
                    o.label.flow,
                    o.label.alert,
                    o.verdict.flow.as_str(),
                    o.verdict.action.as_str(),
                    o.label.why
                )
            })
            .collect();
        if !misses.is_empty() {
            out.push_str("\nmisses:\n");
            out.push_str(&misses.join("\n"));
            out.push('\n');
        }
        pinned_ok = pin(set, &outcomes, expect_update_requested(update_expect), &mut out)?;
    }

    if json {
        eprint!("{out}");
    } else {
        crate::out!("{out}");
    }
    let pass = total.flow_accuracy >= th.flow_accuracy
        && total.alert_recall >= th.alert_recall
        && total.false_alert_rate() <= th.false_alert_rate
        && reasons_in_lang >= reasons_threshold
        && total.stakes >= stakes_threshold;
    if !pass {
        eprintln!("lastgate eval: below threshold");
    }
    if !pinned_ok {
        eprintln!("lastgate eval: pinned verdicts moved (see above); if the moves are intended, run with --update-expect (UPDATE_EXPECT=1 make test) and commit expect.json");
    }
    Ok(if pass && pinned_ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// Compares every page's verdict with `expect.json` (or writes it). Returns false when any moved.
fn pin(set: &Path, outcomes: &[Outcome], update: bool, out: &mut String) -> Result<bool, String> {
    let path = set.join("expect.json");
    let now: BTreeMap<String, Expected> = outcomes
        .iter()
        .map(|o| {
            (
                o.label.file.clone(),
                Expected {
                    flow: o.verdict.flow.as_str().to_string(),
                    action: o.verdict.action.as_str().to_string(),
                    reasons: o.verdict.reasons.iter().map(|r| r.id.clone()).collect(),
                },
            )
        })
        .collect();
    if update {
        // One page a line, so a reviewer reads a rule change's moves in the diff.
        let mut text = String::from("{\n");
        for (i, (file, v)) in now.iter().enumerate() {
            let line = serde_json::to_string(v).map_err(|e| format!("internal error: {e}"))?;
            let key = serde_json::to_string(file).map_err(|e| format!("internal error: {e}"))?;
            text.push_str(&format!("  {key}: {line}{}\n", if i + 1 < now.len() { "," } else { "" }));
        }
        text.push_str("}\n");
        std::fs::write(&path, text).map_err(|e| format!("cannot write '{}': {e}", path.display()))?;
        out.push_str(&format!("\npinned {} verdicts in {}\n", now.len(), path.display()));
        return Ok(true);
    }
    if !path.exists() {
        return Ok(true);
    }
    let pinned: BTreeMap<String, Expected> = serde_json::from_str(&crate::read_text(&path)?).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut moved = Vec::new();
    for (file, v) in &now {
        match pinned.get(file) {
            None => moved.push(format!("  {file}: not pinned; now {} {} [{}]", v.flow, v.action, v.reasons.join(", "))),
            Some(p) if p != v => {
                moved.push(format!("  {file}: {} {} [{}] -> {} {} [{}]", p.flow, p.action, p.reasons.join(", "), v.flow, v.action, v.reasons.join(", ")))
            }
            Some(_) => {}
        }
    }
    for file in pinned.keys().filter(|f| !now.contains_key(*f)) {
        moved.push(format!("  {file}: pinned but no longer in the set"));
    }
    if moved.is_empty() {
        out.push_str(&format!("pinned verdicts   all {} unchanged ({})\n", now.len(), path.display()));
        return Ok(true);
    }
    out.push_str(&format!("\npinned verdicts that moved ({} of {}):\n{}\n", moved.len(), now.len(), moved.join("\n")));
    Ok(false)
}
