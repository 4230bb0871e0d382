//! `lastgate` — the command-line front end. Thin by design: it reads files, calls
//! `lastgate-html` to turn saved HTML into an observation and `lastgate-engine` to assess it, and
//! prints. Exit codes: 0 when it produced an answer (whatever the action), 1 when `eval` falls below
//! its thresholds, 2 for bad input (one line on stderr saying what and how to fix it).

mod eval;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use lastgate_engine::{Engine, InputError, Observation, Policy, Verdict};

#[derive(Parser)]
#[command(name = "lastgate", version, about = "Recovery-risk checks for pages that restore or grant access")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Assess a saved page as the extension would, and print the verdict.
    Scan {
        /// The saved HTML page.
        page: PathBuf,
        /// The URL the page was served from.
        #[arg(long)]
        url: String,
        /// The referrer the page was reached from.
        #[arg(long, default_value = "")]
        referrer: String,
        /// A policy file to apply (dry-run a policy before rolling it out).
        #[arg(long)]
        policy: Option<PathBuf>,
        /// Print the verdict as one JSON object.
        #[arg(long)]
        json: bool,
        /// Also print what the engine found on the page (phrases per zone, the page's structure),
        /// for tuning pages and policies; the layout is not a contract.
        #[arg(long)]
        explain: bool,
    },
    /// Print the observation the extension would build from a saved page (JSON).
    Extract {
        page: PathBuf,
        #[arg(long)]
        url: String,
        #[arg(long, default_value = "")]
        referrer: String,
    },
    /// Assess an observation given as JSON (a file, or - for stdin), and print the verdict as JSON.
    Assess {
        observation: PathBuf,
        #[arg(long)]
        policy: Option<PathBuf>,
    },
    /// Decide how much assurance a recovery or re-issue request needs (allow, step_up, deny), as JSON.
    Recovery {
        /// The request as JSON (a file, or - for stdin); shape in docs/recovery.md.
        request: PathBuf,
        /// A policy file: its privileged_identities, privileged_apps and token_backed_apps say
        /// what the identity's account and apps reach.
        #[arg(long)]
        policy: Option<PathBuf>,
    },
    /// Work with policy files.
    Policy {
        #[command(subcommand)]
        command: PolicyCommand,
    },
    /// Measure the engine on a labelled page set and compare with the thresholds kept beside it.
    Eval {
        /// The set's folder (holds labels.json and thresholds.json; expect.json pins a development
        /// set's verdicts).
        corpus: PathBuf,
        /// Print the per-page results as JSON lines instead of the table (not for a sealed set).
        #[arg(long)]
        json: bool,
        /// Rewrite expect.json with today's verdicts instead of comparing (also UPDATE_EXPECT=1).
        #[arg(long)]
        update_expect: bool,
    },
}

#[derive(Subcommand)]
enum PolicyCommand {
    /// Validate policy files as browsers will read them: Lastgate's policy alone, a Chrome/Edge
    /// managed-policy JSON (3rdparty.extensions.<id>, ExtensionInstallForcelist,
    /// ExtensionSettings) or a Firefox policies.json; prints every problem with its path in the file.
    Check {
        #[arg(required = true, num_args = 1..)]
        policy: Vec<PathBuf>,
    },
}

/// A failure that ends the command with exit 2 and one line on stderr.
struct Failure(String);

/// `print!` that treats a closed pipe as the reader being done (`lastgate extract … | head`): the
/// program ends quietly with success, as Unix tools do, instead of panicking in `print!`.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = write!(std::io::stdout().lock(), $($arg)*) {
            crate::stdout_failed(&e);
        }
    }};
}
pub(crate) use out;

/// Writing to stdout failed: a closed pipe ends the program with success; anything else with exit 2.
pub(crate) fn stdout_failed(e: &std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("lastgate: cannot write the output: {e}");
    std::process::exit(2);
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan { page, url, referrer, policy, json, explain } => scan(&page, &url, &referrer, policy.as_deref(), json, explain),
        Command::Extract { page, url, referrer } => extract(&page, &url, &referrer),
        Command::Assess { observation, policy } => assess(&observation, policy.as_deref()),
        Command::Policy { command: PolicyCommand::Check { policy } } => policy_check(&policy),
        Command::Recovery { request, policy } => recovery(&request, policy.as_deref()),
        Command::Eval { corpus, json, update_expect } => eval::run(&corpus, json, update_expect).map_err(Failure),
    };
    match result {
        Ok(code) => code,
        Err(Failure(msg)) => {
            eprintln!("lastgate: {msg}");
            ExitCode::from(2)
        }
    }
}

pub(crate) fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read '{}': {}", path.display(), io_reason(&e)))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => e.to_string(),
    }
}

/// The engine's rule for a page's URL (`parse_page_url`), named by the flag that gave it.
fn check_url(flag: &str, raw: &str, allow_empty: bool) -> Result<(), Failure> {
    if allow_empty && raw.is_empty() {
        return Ok(());
    }
    lastgate_engine::parse_page_url(raw).map(drop).map_err(|e| Failure(format!("{flag}: {}", e.message)))
}

fn one_line(prefix: &str, errors: &[InputError], fix: &str) -> Failure {
    let first = errors.first().map(ToString::to_string).unwrap_or_else(|| "invalid".into());
    let more = match errors.len() {
        0 | 1 => String::new(),
        n => format!(" (and {} more; {fix})", n - 1),
    };
    Failure(format!("{prefix}{first}{more}"))
}

/// Every problem with an input the user wrote, on one line: all of them, since fixing one at a
/// time and running again is what a list spares.
fn every_problem(prefix: &str, errors: &[InputError], fix: &str) -> Failure {
    let all: Vec<String> = errors.iter().map(ToString::to_string).collect();
    match all.len() {
        0 => Failure(format!("{prefix}invalid; {fix}")),
        1 => Failure(format!("{prefix}{}", all.join(""))),
        n => Failure(format!("{prefix}{n} problems: {} ({fix})", all.join("; "))),
    }
}

pub(crate) fn load_policy(path: Option<&Path>) -> Result<Policy, Failure> {
    let Some(path) = path else { return Ok(Policy::default()) };
    let text = read_text(path).map_err(Failure)?;
    Policy::from_json_str(&text)
        .map_err(|errs| one_line(&format!("policy '{}': ", path.display()), &errs, &format!("run `lastgate policy check {}`", path.display())))
}

fn observe(page: &Path, url: &str, referrer: &str) -> Result<Observation, Failure> {
    check_url("--url", url, false)?;
    check_url("--referrer", referrer, true)?;
    let html = read_text(page).map_err(Failure)?;
    Ok(lastgate_html::extract(&html, url, referrer))
}

fn scan(page: &Path, url: &str, referrer: &str, policy: Option<&Path>, json: bool, explain: bool) -> Result<ExitCode, Failure> {
    let policy = load_policy(policy)?;
    let obs = observe(page, url, referrer)?;
    let engine = Engine::new(policy);
    let verdict = engine.assess(&obs).map_err(|e| one_line("", &e, "fix the URL"))?;
    if explain {
        eprint!("{}", engine.explain(&obs).map_err(|e| one_line("", &e, "fix the URL"))?);
    }
    if json {
        out!("{}\n", to_json(&verdict)?);
    } else {
        out!("{}", summary(&verdict));
    }
    Ok(ExitCode::SUCCESS)
}

fn extract(page: &Path, url: &str, referrer: &str) -> Result<ExitCode, Failure> {
    let obs = observe(page, url, referrer)?;
    out!("{}\n", serde_json::to_string_pretty(&obs).map_err(|e| Failure(e.to_string()))?);
    Ok(ExitCode::SUCCESS)
}

fn assess(observation: &Path, policy: Option<&Path>) -> Result<ExitCode, Failure> {
    let policy = load_policy(policy)?;
    let text = read_input(observation)?;
    let obs = lastgate_engine::parse_observation(&text).map_err(|e| every_problem("observation: ", &e, "see docs/observation.md"))?;
    let verdict = Engine::new(policy).assess(&obs).map_err(|e| one_line("observation: ", &e, "see docs/observation.md"))?;
    out!("{}\n", to_json(&verdict)?);
    Ok(ExitCode::SUCCESS)
}

fn read_input(path: &Path) -> Result<String, Failure> {
    if path.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).map_err(|e| Failure(format!("cannot read stdin: {e}")))
    } else {
        read_text(path).map_err(Failure)
    }
}

fn recovery(path: &Path, policy: Option<&Path>) -> Result<ExitCode, Failure> {
    let policy = load_policy(policy)?;
    let text = read_input(path)?;
    let request = lastgate_engine::parse_recovery_request(&text).map_err(|e| every_problem("recovery request: ", &e, "see docs/recovery.md"))?;
    let decision = lastgate_engine::assess_recovery_with(&request, &policy).map_err(|e| one_line("recovery request: ", &e, "see docs/recovery.md"))?;
    out!("{}\n", serde_json::to_string(&decision).map_err(|e| Failure(format!("internal error: {e}")))?);
    Ok(ExitCode::SUCCESS)
}

fn policy_check(paths: &[PathBuf]) -> Result<ExitCode, Failure> {
    let mut problems = 0;
    for path in paths {
        let text = read_text(path).map_err(Failure)?;
        let check = lastgate_engine::policy::check_file(&text);
        let shown = |p: &str| if p.is_empty() { "(document)".to_string() } else { p.to_string() };
        for e in &check.errors {
            eprintln!("{}: {}: {}", path.display(), shown(&e.path), e.message);
        }
        for n in &check.notes {
            eprintln!("{}: note: {}: {}", path.display(), shown(&n.path), n.message);
        }
        problems += check.errors.len();
        if check.errors.is_empty() {
            match check.kind {
                lastgate_engine::policy::FileKind::Lastgate => out!("{}: ok\n", path.display()),
                kind => out!(
                    "{}: ok ({}; Lastgate policy for {})\n",
                    path.display(),
                    kind.as_str(),
                    if check.policies_for.is_empty() { "no extension".to_string() } else { check.policies_for.join(", ") }
                ),
            }
        }
    }
    if problems > 0 {
        eprintln!("{problems} problem{} found", if problems == 1 { "" } else { "s" });
        return Ok(ExitCode::from(2));
    }
    Ok(ExitCode::SUCCESS)
}

fn to_json(v: &Verdict) -> Result<String, Failure> {
    serde_json::to_string(v).map_err(|e| Failure(format!("internal error: {e}")))
}

fn summary(v: &Verdict) -> String {
    let mut s = format!("{}  {}  risk {}", v.action.as_str().to_uppercase(), v.flow.as_str(), v.risk);
    if v.privileged {
        s.push_str("  privileged");
    }
    if v.token_backed {
        s.push_str("  token-backed");
    }
    s.push('\n');
    if v.reasons.is_empty() {
        s.push_str("  nothing on this page restores or grants access\n");
    }
    for r in &v.reasons {
        s.push_str(&format!("  - {}\n    ({}; {})\n", r.message, r.id, r.refs.join("; ")));
    }
    s
}
