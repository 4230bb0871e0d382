//! Urgency is pressure on the user, not a product stating how long its code or link stays valid.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use lastgate_engine::{Control, ControlKind, Engine, Field, Observation, Policy};

/// A password-reset form from a reset link, with `line` in its text.
fn reset_page(line: &str) -> Observation {
    Observation {
        url: "https://accounts.example.com/reset?token=4f1c".into(),
        title: "Reset your password".into(),
        headings: vec!["Reset your password".into()],
        text: format!("Reset your password\nChoose a new password for your account.\n{line}\nSave password"),
        fields: ["New password", "Confirm new password"]
            .iter()
            .map(|label| Field { kind: "password".into(), label: (*label).into(), autocomplete: "new-password".into(), ..Field::default() })
            .collect(),
        controls: vec![Control { kind: ControlKind::Button, text: "Save password".into(), button_type: "submit".into(), href: String::new() }],
        ..Observation::default()
    }
}

fn urgency(line: &str) -> bool {
    let v = Engine::new(Policy::default()).assess(&reset_page(line)).unwrap();
    assert_eq!(v.flow.as_str(), "password_reset", "{line}");
    v.reasons.iter().any(|r| r.id == "context.urgency")
}

#[test]
fn a_validity_statement_is_not_urgency() {
    for line in [
        "This link expires in 30 minutes.",
        "Dieser Link ist 24 Stunden gültig und läuft in 1 Stunde ab.",
        "Ce lien expire dans 30 minutes.",
        "Ссылка истекает через 30 минут.",
    ] {
        assert!(!urgency(line), "{line}");
    }
}

#[test]
fn a_threat_is_urgency_even_beside_a_validity_statement() {
    assert!(urgency("Your account will be suspended in 30 minutes."));
    assert!(urgency("This link expires in 30 minutes and your account will be suspended."));
}
