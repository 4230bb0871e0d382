//! Neighbouring pages told apart by explicit rules: each test states one rule with a page on
//! either side of it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use lastgate_engine::{Control, ControlKind, Engine, Field, Observation, Policy, Verdict};

fn assess(obs: &Observation) -> Verdict {
    Engine::new(Policy::default()).assess(obs).unwrap()
}

fn button(text: &str) -> Control {
    Control { kind: ControlKind::Button, text: text.into(), button_type: "button".into(), href: String::new() }
}

/// An admin console's dialog resetting another user's password, with `role` lines about that user.
fn admin_reset(role: &str) -> Observation {
    Observation {
        url: "https://admin.example.com/o/acme/users/712020-8c4f1e22".into(),
        title: "Ines Carvalho - Users - Administration".into(),
        headings: vec!["Ines Carvalho".into(), "Reset password".into()],
        text: format!("Directory\nUsers\nInes Carvalho\nines@acme.example\n{role}\nReset password\nWe'll send a reset link to ines@acme.example.\nCancel\nSend reset link"),
        controls: vec![button("Reset password"), button("Cancel"), button("Send reset link")],
        ..Observation::default()
    }
}

#[test]
fn a_role_label_states_the_managed_users_role() {
    // "LABEL: VALUE" on one line, and a label alone above its value (a details list).
    for role in ["Organization role: Organization admin", "Role\nSystem Administrator", "Perfil: Administrador do sistema"] {
        let v = assess(&admin_reset(role));
        assert_eq!(v.flow.as_str(), "access_approval", "{role}");
        assert!(v.privileged, "{role}");
    }
    // The same page about an ordinary member, and a line that says the role is absent.
    for role in ["Organization role: Member", "Admin roles: None"] {
        let v = assess(&admin_reset(role));
        assert_eq!(v.flow.as_str(), "access_approval", "{role}");
        assert!(!v.privileged, "{role}");
    }
}

/// A step of a sign-in with `heading` over a code box.
fn code_step(heading: &str) -> Observation {
    Observation {
        url: "https://store.example.com/login/?redir=account".into(),
        title: "Sign in".into(),
        headings: vec![heading.into()],
        text: format!("{heading}\nOr enter the code from the app\nSubmit"),
        fields: vec![Field { kind: "text".into(), label: "Or enter the code from the app".into(), autocomplete: "one-time-code".into(), ..Field::default() }],
        controls: vec![Control { kind: ControlKind::Button, text: "Submit".into(), button_type: "submit".into(), href: String::new() }],
        ..Observation::default()
    }
}

#[test]
fn a_code_box_under_an_app_approval_heading_is_a_fallback() {
    // The heading asks for the approval in the app: the code box beside it does not make the page
    // the user's own code step.
    assert_eq!(assess(&code_step("Use the Steam Mobile App to confirm your sign in")).flow.as_str(), "mfa_approval");
    // A code box under a step-up heading, or under no approval at all, is not an approval.
    assert_ne!(assess(&code_step("Verify it's you")).flow.as_str(), "mfa_approval");
    assert_eq!(assess(&code_step("Two-step verification")).flow.as_str(), "none");
    // "Confirm your sign in" over a code box, naming no app: the sign-in's own code step.
    assert_eq!(assess(&code_step("Confirm your sign in")).flow.as_str(), "none");
}

#[test]
fn a_number_shown_for_the_phone_is_a_number_match() {
    // LINE's login-with-device step: the number is shown here and typed into the phone.
    let obs = Observation {
        url: "https://access.line.me/dialog/login/verification?loginChannelId=1576775644".into(),
        title: "LINE Login".into(),
        headings: vec!["本人確認".into()],
        text: "本人確認\nスマートフォン版LINEで以下の認証番号を入力してください。\n4372\nキャンセル".into(),
        controls: vec![button("キャンセル")],
        lang: "ja".into(),
        ..Observation::default()
    };
    assert_eq!(assess(&obs).flow.as_str(), "mfa_approval");
    // The same words in a help article's sentence about the screen describe it.
    let help = Observation {
        url: "https://help.line.me/line/?contentId=20000103".into(),
        title: "ログイン時の本人確認について | LINEヘルプセンター".into(),
        headings: vec!["ログイン時の本人確認について".into()],
        text: "ヘルプセンター\nよくある質問\nPCでログインする際、スマートフォン版LINEで以下の認証番号を入力してくださいと表示されます。\nこの記事は役に立ちましたか？\nはい\nいいえ".into(),
        controls: vec![button("はい"), button("いいえ")],
        lang: "ja".into(),
        ..Observation::default()
    };
    assert_eq!(assess(&help).flow.as_str(), "none");
}

/// A form with one new-phone box under `heading`, on `url`.
fn phone_form(url: &str, heading: &str, label: &str) -> Observation {
    Observation {
        url: url.into(),
        title: heading.into(),
        headings: vec![heading.into()],
        text: format!("{heading}\n{label}\nConfirm"),
        fields: vec![Field { kind: "tel".into(), label: label.into(), autocomplete: "tel".into(), ..Field::default() }],
        controls: vec![Control { kind: ControlKind::Button, text: "Confirm".into(), button_type: "submit".into(), href: String::new() }],
        ..Observation::default()
    }
}

#[test]
fn a_new_phone_box_under_a_change_heading_changes_a_factor() {
    // Intesa's O-Key SMS number, the way a homoglyph kit asks for it.
    let v = assess(&phone_form("https://privati.example-bank.com/okey/aggiorna-numero", "Aggiorna il numero per O-Key SMS", "Nuovo numero di cellulare"));
    assert_eq!(v.flow.as_str(), "recovery_factor_change");
    // A phone box that is not a new one (a callback request) under the same kind of page is not.
    let v = assess(&phone_form("https://www.example-bank.com/contatti/richiamami", "Ti richiamiamo noi", "Numero di telefono"));
    assert_eq!(v.flow.as_str(), "none");
}

#[test]
fn the_choices_offered_can_name_the_factor() {
    // Duo's "Add a device": the factor is named only by the radio choices.
    let mut obs =
        phone_form("https://api-1a2b.duosecurity.com/frame/portal/v4/enroll?akey=DAKQ7R2M8X1VZ4P0", "Add a device", "Enter the phone number of the device");
    obs.fields.extend(["Mobile phone (recommended)", "Tablet", "Security key"].map(|label| Field {
        kind: "radio".into(),
        name: "device".into(),
        label: label.into(),
        ..Field::default()
    }));
    assert_eq!(assess(&obs).flow.as_str(), "recovery_factor_change");
    // The same choices on a shop's checkout ("which device are you buying for?") change nothing.
    obs.url = "https://shop.example.com/checkout/delivery".into();
    obs.headings = vec!["Delivery".into()];
    obs.title = "Delivery".into();
    assert_eq!(assess(&obs).flow.as_str(), "none");
}

#[test]
fn a_password_asked_after_the_services_own_settings_is_a_step_up() {
    // Google's password challenge is served from the sign-in host in both cases; where the user
    // came from tells the step-up inside a session from the second step of a sign-in.
    let challenge = |referrer: &str| Observation {
        url: "https://accounts.google.com/v3/signin/challenge/pwd?TL=AMbiOOe2x9&continue=https%3A%2F%2Fmyaccount.google.com%2Fsecurity".into(),
        referrer: referrer.into(),
        title: "Google Account".into(),
        headings: vec!["Hi Camille".into()],
        text: "Hi Camille\ncamille@example.org\nEnter your password\nShow password\nForgot password?\nNext".into(),
        fields: vec![
            Field {
                kind: "password".into(),
                name: "Passwd".into(),
                label: "Enter your password".into(),
                autocomplete: "current-password".into(),
                ..Field::default()
            },
            Field { kind: "checkbox".into(), label: "Show password".into(), ..Field::default() },
        ],
        controls: vec![Control { kind: ControlKind::Button, text: "Next".into(), button_type: "submit".into(), href: String::new() }],
        ..Observation::default()
    };
    assert_eq!(assess(&challenge("https://myaccount.google.com/security")).flow.as_str(), "reauthentication");
    assert_eq!(assess(&challenge("https://accounts.google.com/v3/signin/identifier?continue=https%3A%2F%2Fmyaccount.google.com")).flow.as_str(), "none");
    // A settings page of another service is not this service's session.
    assert_eq!(assess(&challenge("https://www.example.org/settings/security")).flow.as_str(), "none");
}

#[test]
fn the_accounts_own_role_makes_its_own_factor_change_privileged() {
    let add_key = |role_line: &str| Observation {
        url: "https://studio.1password.eu/profile/security/two-factor/keys/new".into(),
        referrer: "https://studio.1password.eu/profile".into(),
        title: "My Profile — 1Password".into(),
        headings: vec!["My Profile".into(), "Two-factor authentication".into(), "Add a security key".into()],
        text: format!("Home\nVaults\nPeople\nGiulia Rossi\n{role_line}\nTwo-factor authentication\nAdd a security key\nKey name\nCancel\nRegister key"),
        fields: vec![Field { kind: "text".into(), label: "Key name".into(), ..Field::default() }],
        controls: vec![button("Cancel"), Control { kind: ControlKind::Button, text: "Register key".into(), button_type: "submit".into(), href: String::new() }],
        ..Observation::default()
    };
    let owner = assess(&add_key("giulia.rossi@studio.example · Owner · member of Owners, Administrators"));
    assert_eq!(owner.flow.as_str(), "recovery_factor_change");
    assert!(owner.privileged);
    let member = assess(&add_key("giulia.rossi@studio.example · Team member"));
    assert_eq!(member.flow.as_str(), "recovery_factor_change");
    assert!(!member.privileged);
}

#[test]
fn a_headline_quoting_a_prompt_describes_it() {
    let page = |heading: &str| Observation {
        url: "https://www.news.example/security/290431-scam.htm".into(),
        title: heading.into(),
        headings: vec![heading.into()],
        text: format!("{heading}\nNew sign-in attempt\nApprove sign in request?\nDeny\nApprove\nComments (42)"),
        controls: vec![button("Accept"), button("Settings")],
        ..Observation::default()
    };
    // A quoted phrase inside the headline: an article about the prompt.
    assert_eq!(assess(&page("Scammers call and ask you to \"approve sign in request\" in the app")).flow.as_str(), "none");
    // The prompt itself, with its own heading.
    assert_eq!(assess(&page("Approve sign in request?")).flow.as_str(), "mfa_approval");
}

#[test]
fn an_approve_deny_pair_in_an_admin_console_answers_someone_elses_request() {
    let dialog = |url: &str| Observation {
        url: url.into(),
        title: "Machines - harbourline.io".into(),
        headings: vec!["Machines".into(), "Approve priya-thinkpad?".into()],
        text: "Machines\nApprove priya-thinkpad?\nThis device will be able to connect to the network.\nCancel\nApprove".into(),
        controls: vec![button("Cancel"), button("Approve")],
        ..Observation::default()
    };
    assert_eq!(assess(&dialog("https://login.example.com/admin/machines")).flow.as_str(), "access_approval");
    // The same dialog outside any admin console is not someone else's request.
    assert_ne!(assess(&dialog("https://www.example.com/devices")).flow.as_str(), "access_approval");
}

#[test]
fn a_password_box_named_for_sudo_is_a_step_up() {
    let page = |name: &str| Observation {
        url: "https://redmine.example.jp/settings".into(),
        referrer: "https://redmine.example.jp/projects".into(),
        title: "設定 - プロジェクト管理".into(),
        headings: vec!["プロジェクト管理".into()],
        text: "プロジェクト管理\nパスワード\n送信".into(),
        fields: vec![Field {
            kind: "password".into(),
            name: name.into(),
            label: "パスワード".into(),
            autocomplete: "current-password".into(),
            ..Field::default()
        }],
        controls: vec![Control { kind: ControlKind::Button, text: "送信".into(), button_type: "submit".into(), href: String::new() }],
        lang: "ja".into(),
        ..Observation::default()
    };
    assert_eq!(assess(&page("sudo_password")).flow.as_str(), "reauthentication");
    assert_eq!(assess(&page("password")).flow.as_str(), "none");
}

#[test]
fn a_number_alone_beside_the_phone_app_is_a_number_match() {
    let page = |number_line: &str| {
        Observation {
        url: "https://particuliers.example-bank.fr/securite".into(),
        title: "Validation".into(),
        headings: vec!["Validez la sécurisation de votre compte".into()],
        text: format!("Validez la sécurisation de votre compte\nOuvrez l'application, puis appuyez sur Valider.\nLe code de contrôle affiché dans l'application doit être :\n{number_line}\nCe n'est pas moi"),
        controls: vec![button("Ce n'est pas moi")],
        lang: "fr".into(),
        ..Observation::default()
    }
    };
    assert_eq!(assess(&page("3816")).flow.as_str(), "mfa_approval");
    // A year alone on its line is not a number to match, nor a date picker's run of days.
    assert_eq!(assess(&page("2025")).flow.as_str(), "none");
    assert_eq!(assess(&page("29\n30\n31")).flow.as_str(), "none");
}

#[test]
fn making_another_account_an_admin_is_an_approval_of_privileged_access() {
    let page = |item: &str| Observation {
        url: "https://chat.example.com.br/admin/users/info/Xq9fT2mPzR7nB4kLs".into(),
        title: "Usuários - Administração".into(),
        headings: vec!["Usuários".into(), "Ana Souza".into()],
        text: format!("Administração\nUsuários\nAna Souza\n@ana.souza\nPapéis: user\n{item}\nDesativar"),
        controls: vec![Control { kind: ControlKind::Button, text: item.into(), button_type: String::new(), href: String::new() }, button("Desativar")],
        lang: "pt".into(),
        ..Observation::default()
    };
    let v = assess(&page("Tornar Admin"));
    assert_eq!(v.flow.as_str(), "access_approval");
    assert!(v.privileged);
    assert_eq!(assess(&page("Enviar mensagem")).flow.as_str(), "none");
}

#[test]
fn a_sign_in_url_demanding_a_fresh_sign_in_is_a_step_up() {
    let page = |query: &str| Observation {
        url: format!("https://www.amazon.pl/ap/signin?{query}openid.return_to=https%3A%2F%2Fwww.amazon.pl%2Fax%2Faccount%2Fmanage"),
        referrer: "https://www.amazon.pl/gp/css/homepage.html".into(),
        title: "Amazon Logowanie".into(),
        headings: vec!["Zaloguj się".into()],
        text: "Zaloguj się\nanna@example.pl Zmień\nHasło\nZaloguj się".into(),
        fields: vec![Field {
            kind: "password".into(),
            name: "password".into(),
            label: "Hasło".into(),
            autocomplete: "current-password".into(),
            ..Field::default()
        }],
        controls: vec![Control { kind: ControlKind::Button, text: "Zaloguj się".into(), button_type: "submit".into(), href: String::new() }],
        lang: "pl".into(),
        ..Observation::default()
    };
    // OpenID PAPE max_auth_age=0: the service wants the signed-in user to sign in again.
    assert_eq!(assess(&page("openid.pape.max_auth_age=0&")).flow.as_str(), "reauthentication");
    assert_eq!(assess(&page("")).flow.as_str(), "none");
    // `prompt=login` is carried by ordinary identifier-first sign-ins too.
    assert_eq!(assess(&page("prompt=login&")).flow.as_str(), "none");
}

#[test]
fn a_device_url_with_sign_in_approval_words_is_a_new_device_check() {
    let page = |heading: &str, text: &str| Observation {
        url: "https://secure.example-bank.com/web/auth/device-verify".into(),
        title: "Verify".into(),
        headings: vec![heading.into()],
        text: format!("{heading}\n{text}\nCode\nNext"),
        fields: vec![Field { kind: "text".into(), name: "otp".into(), label: "Code".into(), autocomplete: "one-time-code".into(), ..Field::default() }],
        controls: vec![Control { kind: ControlKind::Button, text: "Next".into(), button_type: "submit".into(), href: String::new() }],
        ..Observation::default()
    };
    // "Confirm this sign-in" from a new device: the sign-in's approval, not a device grant.
    assert_eq!(assess(&page("Let's make sure it's you", "We sent a notification to confirm this sign-in on your new device.")).flow.as_str(), "mfa_approval");
    // The device grant's page: enter the code shown on the TV.
    assert_eq!(assess(&page("Connect a device", "Enter the code shown on your TV.")).flow.as_str(), "device_code");
}

#[test]
fn requests_outside_an_admin_area_are_not_access_approvals() {
    // A friend request's Confirm / Delete on a social site.
    let obs = Observation {
        url: "https://www.social.example/friends/requests".into(),
        title: "Friend requests".into(),
        headings: vec!["Friend requests".into()],
        text: "Friend requests\nAna Souza\n12 mutual friends\nConfirm\nDelete".into(),
        controls: vec![button("Confirm"), button("Delete")],
        ..Observation::default()
    };
    assert_eq!(assess(&obs).flow.as_str(), "none");
}

#[test]
fn a_lone_number_far_from_the_apps_name_is_not_a_number_match() {
    let inbox = Observation {
        url: "https://mail.example.com/inbox".into(),
        title: "Inbox".into(),
        headings: vec!["Inbox".into()],
        text: format!("Inbox\n37\n{}Get the mobile app\nPrivacy", "Newsletter from the bakery\nYour order has shipped\nTeam lunch on Friday\n"),
        controls: vec![button("Compose")],
        ..Observation::default()
    };
    assert_eq!(assess(&inbox).flow.as_str(), "none");
}

#[test]
fn quoted_names_in_a_consent_heading_are_not_a_quoted_phrase() {
    let obs = Observation {
        url: "https://auth.example.com/oauth/authorize?client_id=9f2c&scope=files.read".into(),
        title: "Authorize".into(),
        headings: vec!["Allow \"Zoom\" to access your \"Acme\" workspace".into()],
        text: "Allow \"Zoom\" to access your \"Acme\" workspace\nRead your files\nCancel\nAllow".into(),
        controls: vec![button("Cancel"), button("Allow")],
        ..Observation::default()
    };
    assert_eq!(assess(&obs).flow.as_str(), "oauth_consent");
}

#[test]
fn what_someone_searched_for_is_not_the_pages_subject() {
    let obs = Observation {
        url: "https://news.example.com/search?q=recovery&utm_campaign=password_reset".into(),
        title: "Search results".into(),
        headings: vec!["Search results".into()],
        text: "Search results\nMarkets rally as recovery continues\nNewsletter\nYour e-mail\nSubmit".into(),
        fields: vec![Field { kind: "email".into(), label: "Your e-mail".into(), ..Field::default() }],
        controls: vec![Control { kind: ControlKind::Button, text: "Submit".into(), button_type: "submit".into(), href: String::new() }],
        ..Observation::default()
    };
    assert_eq!(assess(&obs).flow.as_str(), "none");
}

/// A console's role-assignment dialog for another user, choosing `role`.
fn assign_role(heading: &str, role: &str, url: &str) -> Observation {
    Observation {
        url: url.into(),
        title: "Users - Admin console".into(),
        headings: vec!["m.keller".into(), heading.into()],
        text: format!("Users\nm.keller\n{heading}\n{role}\nCancel\nAssign"),
        fields: vec![Field { kind: "radio".into(), label: role.into(), checked: true, ..Field::default() }],
        controls: vec![button("Cancel"), button("Assign")],
        ..Observation::default()
    }
}

#[test]
fn a_role_assignment_dialog_approves_access_and_its_role_sets_the_stakes() {
    let url = "https://console.example.com/admin/users/4411/roles";
    let admin = assess(&assign_role("Assign roles", "Global Administrator", url));
    assert_eq!(admin.flow.as_str(), "access_approval");
    assert!(admin.privileged);
    let member = assess(&assign_role("Assign roles", "Viewer", url));
    assert_eq!(member.flow.as_str(), "access_approval");
    assert!(!member.privileged);
    // The same heading on one's own profile outside an admin area assigns nothing to anyone else.
    let mut own = assign_role("Edit role", "Viewer", "https://app.example.com/profile");
    own.title = "Your profile".into();
    assert_eq!(assess(&own).flow.as_str(), "none");
}

/// An MFA approval page reached from `referrer`.
fn push_from(referrer: &str) -> Verdict {
    assess(&Observation {
        url: "https://login.example.com/mfa/push".into(),
        referrer: referrer.into(),
        title: "Approve sign-in".into(),
        headings: vec!["Approve sign-in request".into()],
        text: "Approve sign-in request\nOpen your authenticator app and tap Approve.\nApprove\nDeny".into(),
        controls: vec![button("Approve"), button("Deny")],
        ..Observation::default()
    })
}

#[test]
fn arrivals_from_regional_safe_links_and_chat_clients_count() {
    let ids = |v: &Verdict| v.reasons.iter().map(|r| r.id.as_str().to_string()).collect::<Vec<_>>();
    assert!(
        ids(&push_from("https://nam11.safelinks.protection.outlook.com/?url=https%3A%2F%2Flogin.example.com")).contains(&"context.link_redirector".to_string())
    );
    assert!(ids(&push_from("https://www.chatwork.com/#!rid318604227")).contains(&"context.chat_referrer".to_string()));
    assert!(ids(&push_from("https://acme.slack.com/archives/C024BE91L/p1700000000")).contains(&"context.chat_referrer".to_string()));
    // A workspace's own settings page is not a chat message's link.
    assert!(!ids(&push_from("https://acme.slack.com/account/settings")).contains(&"context.chat_referrer".to_string()));
}

/// A TV-activation page: `heading`, `line`, and `fields`.
fn tv_page(heading: &str, line: &str, fields: Vec<Field>) -> Verdict {
    assess(&Observation {
        url: "https://www.streamly.example/tv".into(),
        title: heading.into(),
        headings: vec![heading.into()],
        text: format!("{heading}\n{line}\nContinue"),
        fields,
        controls: vec![Control { kind: ControlKind::Button, text: "Continue".into(), button_type: "submit".into(), href: String::new() }],
        ..Observation::default()
    })
}

#[test]
fn a_tv_or_console_activation_is_a_device_grant_in_any_wording_and_with_split_boxes() {
    let code = || vec![Field { kind: "text".into(), label: "Code".into(), name: "code".into(), ..Field::default() }];
    for (h, l) in [
        ("Fernseher verbinden", "Gib den Code ein, der auf deinem Fernseher angezeigt wird"),
        ("Activez votre console", "Saisissez le code affiché sur votre console"),
        ("Połącz telewizor", "Wpisz kod wyświetlany na ekranie telewizora"),
    ] {
        assert_eq!(tv_page(h, l, code()).flow.as_str(), "device_code", "{h}");
    }
    // One box per character, no labels.
    let boxes = (1..=6).map(|i| Field { kind: "text".into(), name: format!("c{i}"), ..Field::default() }).collect();
    assert_eq!(tv_page("Link your device", "Enter the code displayed on your TV screen", boxes).flow.as_str(), "device_code");
    // The same boxes under a heading that names no device are not a device grant.
    let boxes = (1..=6).map(|i| Field { kind: "text".into(), name: format!("c{i}"), ..Field::default() }).collect();
    assert_eq!(tv_page("Shipping address", "Street, city, region and country", boxes).flow.as_str(), "none");
}

/// An admin's access-requests queue with one request line.
fn request_queue(line: &str) -> Verdict {
    assess(&Observation {
        url: "https://admin.acme.example/requests".into(),
        title: "Access requests - Admin".into(),
        headings: vec!["Access requests".into()],
        text: format!("Access requests\n{line}\nRequested 2 hours ago\nApprove\nDeny"),
        controls: vec![button("Approve"), button("Deny")],
        ..Observation::default()
    })
}

#[test]
fn a_request_line_ending_in_the_role_asked_for_sets_the_stakes() {
    let owner = request_queue("Priya Shah requested access to Finance (Owner)");
    assert_eq!(owner.flow.as_str(), "access_approval");
    assert!(owner.privileged);
    let viewer = request_queue("Priya Shah requested access to Finance (Viewer)");
    assert_eq!(viewer.flow.as_str(), "access_approval");
    assert!(!viewer.privileged);
}

#[test]
fn a_page_that_signs_in_a_tv_is_a_limited_device_grant_unless_someone_sent_it() {
    let code = || vec![Field { kind: "text".into(), label: "Code".into(), name: "code".into(), ..Field::default() }];
    let tv = tv_page("Activate your TV", "Enter the code shown on your TV", code());
    assert_eq!(tv.flow.as_str(), "device_code");
    assert!(!tv.token_backed);
    assert!(tv.action < lastgate_engine::Action::Warn, "{:?}", tv.action);
    // Sent in a chat, the same page is a lure whatever it signs in.
    let sent = assess(&Observation {
        referrer: "https://web.whatsapp.com/".into(),
        url: "https://www.streamly.example/tv".into(),
        title: "Activate your TV".into(),
        headings: vec!["Activate your TV".into()],
        text: "Activate your TV\nEnter the code shown on your TV\nContinue".into(),
        fields: code(),
        controls: vec![Control { kind: ControlKind::Button, text: "Continue".into(), button_type: "submit".into(), href: String::new() }],
        ..Observation::default()
    });
    assert!(sent.action >= lastgate_engine::Action::Warn, "{:?}", sent.action);
    // The same grant worded as an identity provider's code page reaches the account's tokens.
    let device = tv_page("Enter code", "Enter the code displayed on your app or device", code());
    assert_eq!(device.flow.as_str(), "device_code");
    assert!(device.token_backed);
}

#[test]
fn a_role_answered_no_on_the_line_below_is_not_held() {
    // A details list states the role's name, then its value: "Superuser" / "No".
    let v = assess(&admin_reset("Superuser\nNo"));
    assert_eq!(v.flow.as_str(), "access_approval");
    assert!(!v.privileged);
    let v = assess(&admin_reset("Superuser\nYes"));
    assert!(v.privileged);
}

#[test]
fn chips_of_two_alphabets_set_side_by_side_are_two_words() {
    // Group chips rendered without a space read as one run ("adminИТ"); the Latin "admin" is its
    // own word beside the Cyrillic group. One alphabet glued stays one word ("adminteam").
    let v = assess(&admin_reset("Role: adminИТ"));
    assert!(v.privileged);
    let v = assess(&admin_reset("Role: adminteam"));
    assert!(!v.privileged);
}

/// A page about one user, reached from `referrer`, with a reset dialog and no admin word in the URL.
fn user_page(url: &str, referrer: &str) -> Observation {
    Observation {
        url: url.into(),
        referrer: referrer.into(),
        title: "Users - Meet".into(),
        headings: vec!["Nuria Pastor".into(), "Reset two-factor authentication?".into()],
        text: "Nuria Pastor\nnuria@example.org\nReset two-factor authentication?\nThey will set it up again at their next sign-in.\nCancel\nReset".into(),
        controls: vec![button("Cancel"), button("Reset")],
        ..Observation::default()
    }
}

#[test]
fn a_user_page_reached_from_the_users_list_is_about_someone_else() {
    // From the list of accounts to one account named by an id: an admin acting on another user.
    let v = assess(&user_page("https://meet.example.com/user/Xk3pQ9vTRbW2mZ/profile", "https://meet.example.com/account/user"));
    assert_eq!(v.flow.as_str(), "access_approval");
    // The user's own settings under the same word, or a user named without an id, reached from
    // elsewhere: the user's own.
    let v = assess(&user_page("https://meet.example.com/settings/user/security", "https://meet.example.com/settings/user"));
    assert_ne!(v.flow.as_str(), "access_approval");
    let v = assess(&user_page("https://meet.example.com/user/Xk3pQ9vTRbW2mZ/profile", "https://meet.example.com/home"));
    assert_ne!(v.flow.as_str(), "access_approval");
}

#[test]
fn a_help_desk_agents_user_page_with_a_reset_button_resets_someone_else() {
    // Zendesk's agent workspace, and WordPress's user editor whose long Italian button names the
    // reset: the page about another user performs it.
    let zendesk = Observation {
        url: "https://ferramenta.zendesk.com/agent/users/39121842/requested_tickets".into(),
        title: "Marco Riva - Zendesk".into(),
        headings: vec!["Marco Riva".into(), "Requests (2)".into()],
        text: "Marco Riva\nmarco@example.it\nRole: End user\nEdit\nReset password\nRequests (2)".into(),
        controls: vec![button("Edit"), button("Reset password")],
        ..Observation::default()
    };
    assert_eq!(assess(&zendesk).flow.as_str(), "access_approval");
    let wordpress = Observation {
        url: "https://www.notiziedelbrenta.it/wp-admin/user-edit.php?user_id=14".into(),
        title: "Modifica utente ‹ Notizie — WordPress".into(),
        headings: vec!["Modifica utente afontana".into()],
        text: "Modifica utente afontana\nRuolo: Editore\nReimpostazione della password\nInvia il link per la reimpostazione della password\nAggiorna utente"
            .into(),
        controls: vec![button("Invia il link per la reimpostazione della password"), button("Aggiorna utente")],
        ..Observation::default()
    };
    assert_eq!(assess(&wordpress).flow.as_str(), "access_approval");
}

/// Whether the user's own page adding an authenticator, with `account` as the account's line, is
/// a privileged recovery-factor change.
fn own_factor_privileged(account: &str) -> bool {
    let v = assess(&Observation {
        url: "https://portal.acme-corp.com/profile/security/authenticator".into(),
        title: "Set up authenticator app - Acme".into(),
        headings: vec!["Set up your authenticator app".into()],
        text: format!("Acme\n{account}\nSet up your authenticator app\nScan the QR code with your authenticator app, then enter the 6-digit code.\nCode\nAdd authenticator"),
        fields: vec![Field { kind: "text".into(), label: "Code".into(), autocomplete: "one-time-code".into(), ..Field::default() }],
        controls: vec![Control { kind: ControlKind::Button, text: "Add authenticator".into(), button_type: "submit".into(), href: String::new() }],
        ..Observation::default()
    });
    assert_eq!(v.flow.as_str(), "recovery_factor_change");
    v.privileged
}

#[test]
fn a_role_chip_glued_to_the_name_is_still_the_accounts_role() {
    // The rendered text runs a name and its role chip together when the markup has no space
    // between them: a lower-case letter then a capital starts the role's word.
    assert!(own_factor_privileged("Jane DoeAdministrator · jane@acme-corp.com"));
    // Not a word glued in lower case, and not the account without a role.
    assert!(!own_factor_privileged("Jane Doeadministrator · jane@acme-corp.com"));
    assert!(!own_factor_privileged("Jane Doe · jane@acme-corp.com"));
}

#[test]
fn the_line_naming_the_account_acted_on_states_its_role_in_brackets() {
    // Mattermost's reset dialog: "User: @handle (System Admin)".
    let v = assess(&admin_reset("User: @kdabrowski (System Administrator)"));
    assert_eq!(v.flow.as_str(), "access_approval");
    assert!(v.privileged);
    assert!(!assess(&admin_reset("User: @kdabrowski (Member)")).privileged);
}

/// A page under `headings` with `buttons` and nothing to fill in.
fn no_fields(headings: &[&str], buttons: &[&str]) -> Verdict {
    let mut text: Vec<&str> = headings.to_vec();
    text.extend_from_slice(buttons);
    assess(&Observation {
        url: "https://registry.example-corp.cn/harbor/robot-accounts".into(),
        title: "Harbor".into(),
        headings: headings.iter().map(|h| (*h).into()).collect(),
        text: text.join("\n"),
        controls: buttons.iter().map(|b| button(b)).collect(),
        ..Observation::default()
    })
}

#[test]
fn a_credential_wizards_last_step_or_confirm_dialog_mints() {
    // Harbor's robot-account wizard ends on a summary with Cancel / Back / Finish.
    assert_eq!(no_fields(&["Robot accounts", "Create robot account"], &["Cancel", "Back", "Finish"]).flow.as_str(), "credential_reissue");
    assert_eq!(no_fields(&["机器人账户", "新建机器人账户"], &["取消", "上一步", "完成"]).flow.as_str(), "credential_reissue");
    // The list of robot accounts with nothing being created is not.
    assert_eq!(no_fields(&["Robot accounts"], &["Refresh", "Export"]).flow.as_str(), "none");
    // AWS Secrets Manager's button reveals the stored secret.
    assert_eq!(no_fields(&["prod/payments/db-master", "Secret value"], &["Actions", "Retrieve secret value"]).flow.as_str(), "credential_reissue");
}

#[test]
fn install_answers_a_members_request_for_an_app_not_a_store_page() {
    let request = Observation {
        url: "https://github.com/apps/relay-bot/installations/new/permissions?target_id=918&request_id=4471".into(),
        title: "Install Relay Bot · GitHub".into(),
        headings: vec!["Install Relay Bot".into()],
        text:
            "Install Relay Bot\n@tomas requested this app for larkspur on Jun 11.\nRead and write access to code and pull requests\nInstall Deny request Cancel"
                .into(),
        controls: vec![button("Install"), button("Deny request"), button("Cancel")],
        ..Observation::default()
    };
    assert_eq!(assess(&request).flow.as_str(), "access_approval");
    // An app store's page for an authenticator app: installing it approves nothing.
    let store = Observation {
        url: "https://play.google.com/store/apps/details?id=com.azure.authenticator".into(),
        title: "Microsoft Authenticator – Apps on Google Play".into(),
        headings: vec!["Microsoft Authenticator".into(), "About this app".into()],
        text: "Microsoft Authenticator\nApprove sign-in requests with a tap. Use push notifications to approve sign-ins.\nInstall\nAbout this app".into(),
        controls: vec![button("Install")],
        ..Observation::default()
    };
    assert_eq!(assess(&store).flow.as_str(), "none");
}

#[test]
fn a_consent_path_the_catalog_knows_is_a_consent_with_its_grant_button() {
    // Nextcloud's Login Flow v2: "Account access — Grant access", nothing else on the page.
    let v = assess(&Observation {
        url: "https://cloud.kancelaria.pl/index.php/login/v2/grant?stateToken=Rk2p&user=m.wojcik".into(),
        title: "Nextcloud".into(),
        headings: vec!["Account access".into()],
        text: "Account access\nYou are about to grant Nextcloud Desktop access to your account.\nGrant access".into(),
        controls: vec![button("Grant access")],
        ..Observation::default()
    });
    assert_eq!(v.flow.as_str(), "oauth_consent");
}

#[test]
fn a_forums_admin_page_about_one_user_is_not_documentation() {
    // A host named "forum" is a place of posts, except its admin area's page about one user.
    let page = |url: &str| {
        assess(&Observation {
            url: url.into(),
            title: "giulia.ferri - Admin - Linux Forum".into(),
            headings: vec!["giulia.ferri".into(), "Permissions".into()],
            text: "giulia.ferri\nTrust level 1\nAdmin: No\nGrant Admin\nGrant Moderation".into(),
            controls: vec![button("Grant Admin"), button("Grant Moderation")],
            ..Observation::default()
        })
    };
    assert_eq!(page("https://forum.linux.example.it/admin/users/412/giulia.ferri").flow.as_str(), "access_approval");
    // The same words in a forum thread are a post about it.
    assert_eq!(page("https://forum.linux.example.it/t/how-do-i-grant-admin/412").flow.as_str(), "none");
}

#[test]
fn a_sign_in_alert_read_in_webmail_approves_nothing() {
    let mail = |url: &str| {
        assess(&Observation {
            url: url.into(),
            title: "Security alert - marta@gmail.com - Gmail".into(),
            headings: vec!["New sign-in on Windows".into()],
            text: "Security alert\nNew sign-in on Windows\nWe noticed a new sign-in to your account. If this was you, you don't need to do anything.\nCheck activity".into(),
            controls: vec![],
            ..Observation::default()
        })
    };
    assert_eq!(mail("https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJkTqWvLm").flow.as_str(), "none");
}

#[test]
fn an_own_sign_in_question_on_a_request_url_is_the_users_approval() {
    // Mercado Libre asks "Are you trying to sign in?" from `/login/approve?request_id=…`.
    let v = assess(&Observation {
        url: "https://www.mercadolibre.com.ar/jms/mla/lgz/login/approve?request_id=a7c3e6d1".into(),
        title: "Mercado Libre".into(),
        headings: vec!["¿Estás intentando ingresar a tu cuenta?".into()],
        text: "¿Estás intentando ingresar a tu cuenta?\nSí, soy yo\nNo fui yo".into(),
        controls: vec![button("Sí, soy yo"), button("No fui yo")],
        ..Observation::default()
    });
    assert_eq!(v.flow.as_str(), "mfa_approval");
}

#[test]
fn glued_role_lines_are_read_apart_and_account_labels_name_the_account() {
    // "Admin rolesNone assigned": the role is absent, however the chips run together.
    let v = assess(&admin_reset("Admin rolesNone assigned"));
    assert!(!v.privileged);
    // A line labelled with the account ("Account: admin (server administrator)") is the account's.
    let v = own_factor_privileged("Account: jdoe (server administrator)");
    assert!(v);
}

#[test]
fn a_users_own_settings_under_a_console_title_are_the_users() {
    // Selectel calls its dashboard "control panel"; the owner replacing their own authenticator
    // on `/profile/security/2fa/replace` changes their own factor.
    let v = assess(&Observation {
        url: "https://my.selectel.example/profile/security/2fa/replace".into(),
        title: "Two-factor authentication — Admin console".into(),
        headings: vec!["Two-factor authentication".into(), "Set up a new authenticator app".into()],
        text: "Two-factor authentication\nSet up a new authenticator app\nScan the QR code, then enter the code from the app.\nCode\nConfirm".into(),
        fields: vec![Field { kind: "text".into(), label: "Code".into(), ..Field::default() }],
        controls: vec![Control { kind: ControlKind::Button, text: "Confirm".into(), button_type: "submit".into(), href: String::new() }],
        ..Observation::default()
    });
    assert_eq!(v.flow.as_str(), "recovery_factor_change");
}

/// A password step-up inside a session, at `url`, with `side` as a side panel's heading.
fn step_up(url: &str, side: &str) -> Verdict {
    assess(&Observation {
        url: url.into(),
        title: "My account - Redmine".into(),
        headings: vec![side.into(), "Confirm your password to continue".into()],
        text: format!("{side}\nConfirm your password to continue\nPassword\nContinue"),
        fields: vec![Field { kind: "password".into(), label: "Password".into(), autocomplete: "current-password".into(), ..Field::default() }],
        controls: vec![Control { kind: ControlKind::Button, text: "Continue".into(), button_type: "submit".into(), href: String::new() }],
        ..Observation::default()
    })
}

#[test]
fn a_step_up_in_front_of_a_credential_unlocks_it() {
    // Served for the API key (its path): confirming reveals it.
    let v = step_up("https://redmine.example-castro.es/my/api_key", "Preferences");
    assert_eq!(v.flow.as_str(), "reauthentication");
    assert!(v.token_backed);
    // The account page with an "API access key" side panel: the step-up is for the account.
    let v = step_up("https://redmine.example-castro.es/my/account", "API access key");
    assert_eq!(v.flow.as_str(), "reauthentication");
    assert!(!v.token_backed);
}

#[test]
fn an_admin_editor_with_the_admin_box_ticked_grants_admin() {
    // Redmine's user editor under its "Администрирование" (Administration) heading, the
    // Administrator box ticked.
    let editor = |checked: bool| {
        assess(&Observation {
            url: "https://redmine.volga.example/users/112/edit".into(),
            title: "a.kovalenko - Redmine".into(),
            headings: vec!["Администрирование".into(), "Пользователи » a.kovalenko".into()],
            text: "Администрирование\nПользователи » a.kovalenko\nЛогин\nАдминистратор\nСохранить".into(),
            fields: vec![Field {
                kind: "checkbox".into(), name: "user[admin]".into(), label: "Администратор".into(), checked, ..Field::default()
            }],
            controls: vec![Control { kind: ControlKind::Button, text: "Сохранить".into(), button_type: "submit".into(), href: String::new() }],
            ..Observation::default()
        })
    };
    let v = editor(true);
    assert_eq!(v.flow.as_str(), "access_approval");
    assert!(v.privileged);
    assert_eq!(editor(false).flow.as_str(), "none");
}

#[test]
fn a_page_titled_as_a_role_assignment_is_one_outside_a_console_too() {
    // Azure's "Add role assignment" review step, whose URL names no admin area.
    let page = |title: &str, url: &str| {
        assess(&Observation {
            url: url.into(),
            title: title.into(),
            headings: vec![title.into()],
            text: format!("{title}\nRole: Owner\nMembers: guest.contractor@example.com\nReview + assign\nPrevious"),
            controls: vec![button("Review + assign"), button("Previous")],
            ..Observation::default()
        })
    };
    let v = page("Add role assignment", "https://portal.azure.com/#view/Microsoft_Azure_AD_IAM/AddRoleAssignmentsBlade");
    assert_eq!(v.flow.as_str(), "access_approval");
    assert!(v.privileged);
}

#[test]
fn a_new_phone_box_under_a_change_heading_in_the_account_changes_the_recovery_phone() {
    let page = |url: &str, referrer: &str| {
        assess(&Observation {
            url: url.into(),
            referrer: referrer.into(),
            title: "Coupang | My account".into(),
            headings: vec!["My Coupang".into(), "휴대폰 번호 변경".into()],
            text: "My Coupang\n휴대폰 번호 변경\n새 휴대폰 번호\n인증번호 받기\n인증번호\n변경하기\n취소\n로그아웃".into(),
            fields: vec![
                Field { kind: "tel".into(), name: "newPhone".into(), ..Field::default() },
                Field { kind: "text".into(), name: "authCode".into(), label: "인증번호".into(), ..Field::default() },
            ],
            controls: vec![button("인증번호 받기"), button("변경하기"), button("취소")],
            ..Observation::default()
        })
    };
    let v = page("https://www.coupang.com/np/users/phone/change", "");
    assert_eq!(v.flow.as_str(), "recovery_factor_change");
    assert!(v.action < lastgate_engine::Action::Warn, "{:?}", v.action);
    // Opened from a KakaoTalk open chat: a chat-delivered factor change.
    let v = page("https://www.coupang.com/np/users/phone/change", "https://open.kakao.com/o/sXq2PlXg");
    assert!(v.action >= lastgate_engine::Action::Warn, "{:?}", v.action);
    // A sign-up form's phone box is not a change.
    assert_eq!(page("https://www.coupang.com/np/signup/phone", "").flow.as_str(), "none");
}

#[test]
fn an_approval_whose_target_is_stated_ordinary_is_not_privileged_by_other_rows() {
    // A users table where another row is a Global Administrator, and the dialog states the
    // target's own role: the admin role in the text is someone else's.
    let v = assess(&admin_reset("Mara Böhm\nGlobal Administrator\nInes Carvalho · Role: User (no admin access)"));
    assert_eq!(v.flow.as_str(), "access_approval");
    assert!(!v.privileged);
    // Without the target's role stated, an admin role in the text is taken as possibly the target's.
    let v = assess(&admin_reset("Mara Böhm\nGlobal Administrator"));
    assert!(v.privileged);
    // And a sentence stating the target's rights counts (MediaWiki's OATHAuth form).
    let v = assess(&admin_reset("The user has administrator and bureaucrat rights."));
    assert!(v.privileged);
}

/// A consent screen on an authorize URL asking for `scope`, listing `text`.
fn consent(url: &str, text: &str) -> Verdict {
    assess(&Observation {
        url: url.into(),
        title: "Discord".into(),
        headings: vec!["Speedrun Hub".into()],
        text: format!("Speedrun Hub wants to access your account\n{text}\nCancel\nAuthorize"),
        controls: vec![button("Cancel"), button("Authorize")],
        ..Observation::default()
    })
}

#[test]
fn a_consent_for_identity_and_e_mail_reaches_no_data() {
    // Discord's identify + email: who you are. An "e-mail address" is identity, not mail access.
    let v =
        consent("https://discord.com/oauth2/authorize?client_id=1089&scope=identify%20email", "Access your username and avatar\nAccess your e-mail address");
    assert_eq!(v.flow.as_str(), "oauth_consent");
    assert!(!v.token_backed);
    // Reading messages is data.
    let v = consent("https://discord.com/oauth2/authorize?client_id=1089&scope=identify%20messages.read", "Read all messages");
    assert!(v.token_backed);
}

#[test]
fn the_device_grants_confirm_step_is_named_by_its_user_code() {
    // `/activate?user_code=…`: "Connect to Acme CLI — Confirm / Cancel", no box, no device word.
    let page = |url: &str| {
        assess(&Observation {
            url: url.into(),
            title: "Connect to Acme CLI".into(),
            headings: vec!["Connect to Acme CLI".into()],
            text: "Connect to Acme CLI\nConfirm that the code WXQB-MKTD matches the one in your terminal.\nConfirm\nCancel".into(),
            controls: vec![button("Confirm"), button("Cancel")],
            ..Observation::default()
        })
    };
    assert_eq!(page("https://login.acme-invoices.it/activate?user_code=WXQB-MKTD").flow.as_str(), "device_code");
    assert_eq!(page("https://login.acme-invoices.it/activate?ref=WXQB-MKTD").flow.as_str(), "none");
}

#[test]
fn install_on_an_authorize_url_is_the_consent() {
    // Shopify's `/oauth/install?client_id=…` says "Install" where others say "Allow".
    let v = assess(&Observation {
        url: "https://admin.shopify.com/store/moda/oauth/install?client_id=8d3f2a9c71b0".into(),
        title: "Install Envialo · Shopify".into(),
        headings: vec!["Install Envialo".into(), "Access needed".into()],
        text: "Install Envialo\nAccess needed\nOrders, products and customers\nCancel\nInstall".into(),
        controls: vec![button("Cancel"), button("Install")],
        ..Observation::default()
    });
    assert_eq!(v.flow.as_str(), "oauth_consent");
    assert!(v.token_backed);
}

/// A bank page asking the user to pass a code shown on it to a caller, served from `host`.
fn pass_the_code_on(host: &str) -> Observation {
    Observation {
        url: format!("https://{host}/seguranca/autorizar-celular?protocolo=2025-0318"),
        title: "Central de Segurança".into(),
        headings: vec!["Oi, Juliana! Libere o acesso no seu novo celular".into()],
        text: "Central de Segurança\nOi, Juliana! Libere o acesso no seu novo celular\nAbra o app e toque em “Autorizar novo celular”.\nInforme ao nosso atendente o código de 4 dígitos que aparece no app.\nJá autorizei no app\nNão reconheço esse celular".into(),
        controls: vec![button("Já autorizei no app"), button("Não reconheço esse celular")],
        ..Observation::default()
    }
}

#[test]
fn a_brands_imitation_that_has_a_code_passed_on_is_an_approval_step() {
    // On a host that imitates the bank, a page that has the user pass a code to a caller is the
    // scam's approval step, whatever its words call the act.
    let v = assess(&pass_the_code_on("nubank.com.br.central-seguranca.online"));
    assert_eq!(v.flow.as_str(), "mfa_approval");
    assert!(v.action.as_str() != "allow" && v.action.as_str() != "notice", "{:?}", v.action);
    // The same words on a host that imitates nobody name no flow this rule knows.
    assert_eq!(assess(&pass_the_code_on("seguranca.example-bank.test")).flow.as_str(), "none");
}

/// An admin-consent request in a console: a consent button, a decline, and the permissions table,
/// whose scope cells are read glued to the cell beside them.
fn consent_request(permissions: &str) -> Observation {
    Observation {
        url: "https://entra.example.com/#view/ConsentRequests".into(),
        title: "Enterprise applications".into(),
        headings: vec!["Pending requests".into(), "SyncBridge Mail Archiver".into()],
        text: format!("Requested by Pieter de Graaf\nPermissions\n{permissions}\nReview permissions and consent\nDeny\nBlock"),
        controls: vec![button("Review permissions and consent"), button("Deny"), button("Block")],
        ..Observation::default()
    }
}

#[test]
fn a_consent_button_over_documented_token_scopes_is_a_consent() {
    // Scopes glued to the next cell ("Mail.ReadWriteDelegated") are still the catalog's scopes.
    let v = assess(&consent_request("Mail.ReadWriteDelegated\nFiles.ReadWrite.AllDelegated\noffline_accessDelegated"));
    assert_eq!(v.flow.as_str(), "oauth_consent");
    assert!(v.token_backed);
    // The same buttons over permissions that name no scope are not read as a consent.
    assert_eq!(assess(&consent_request("Read and write mail\nRead and write all files")).flow.as_str(), "none");
    // A dotted name whose head is no scope is not cut into one ("SyncBridge.MailArchiver").
    assert_eq!(assess(&consent_request("SyncBridge.MailArchiver\nApp.ReadWriteAll")).flow.as_str(), "none");
}

/// Google's consent step in Korean on an authorize URL asking for Drive and offline access.
fn authorize_ko(buttons: &[&str]) -> Observation {
    Observation {
        url: "https://accounts.example.com/o/oauth2/consent?client_id=88310.apps.example&scope=https://www.googleapis.com/auth/drive+offline_access&response_type=code".into(),
        title: "로그인 - Example 계정".into(),
        headings: vec!["백업 도우미에서 다음을 허용하려고 합니다:".into()],
        text: "백업 도우미에서 Example 계정에 대한 추가 액세스를 요청합니다\n백업 도우미에서 다음을 허용하려고 합니다:\nGoogle Drive의 모든 파일 보기, 수정, 생성, 삭제".into(),
        controls: buttons.iter().map(|b| button(b)).collect(),
        ..Observation::default()
    }
}

#[test]
fn continue_beside_cancel_on_an_authorize_url_asking_for_data_is_the_consent() {
    // "취소 / 계속" (Cancel / Continue) answers the consent question; the URL asks for Drive.
    let v = assess(&authorize_ko(&["취소", "계속"]));
    assert_eq!(v.flow.as_str(), "oauth_consent");
    assert!(v.token_backed);
    // Continue with no way to decline is not read as the consent by this rule.
    assert_ne!(assess(&authorize_ko(&["계속"])).flow.as_str(), "oauth_consent");
}

/// A console's security page with an unbind dialog whose title is only text, at `url`.
fn unbind_dialog(url: &str) -> Observation {
    Observation {
        url: url.into(),
        title: "安全设置 - 账号中心".into(),
        headings: vec!["账号中心".into(), "安全设置".into()],
        text: "安全设置\n虚拟MFA 已启用\n解绑虚拟MFA设备\n验证方式 安全手机 138****6621\n校验码\n获取校验码\n取消\n确定解绑".into(),
        fields: vec![Field { kind: "text".into(), label: "校验码".into(), ..Field::default() }],
        controls: vec![button("获取校验码"), button("取消"), button("确定解绑")],
        ..Observation::default()
    }
}

#[test]
fn an_unbind_dialog_on_the_factors_route_changes_the_factor() {
    // The single-page app's route names the factor: the code confirms removing it.
    assert_eq!(assess(&unbind_dialog("https://account.console.example.com/v2/#/secure/mfa/unbind")).flow.as_str(), "recovery_factor_change");
    // The same dialog where neither the URL nor its route says MFA is not read as one by this rule.
    assert_eq!(assess(&unbind_dialog("https://account.console.example.com/v2/#/secure/overview")).flow.as_str(), "none");
}

/// A bank's "fraud office" on a host that wears the bank's domain, coaching the user through
/// approving a push, with one button `label`.
fn fraud_office(host: &str, label: &str) -> Observation {
    Observation {
        url: format!("https://{host}/antifrode/pratica/AF-20931"),
        title: "Intesa Sanpaolo – Ufficio Antifrode".into(),
        headings: vec!["Blocca subito l’operazione sospetta".into()],
        text: format!(
            "Stai parlando con un operatore dell’Ufficio Antifrode. Segui questi passaggi mentre resti in linea.\nComunica all’operatore il codice e accetta la connessione.\nQuando arriva la notifica «Autorizza accesso da nuovo dispositivo», premi Autorizza.\n{label}"
        ),
        controls: vec![button(label)],
        ..Observation::default()
    }
}

#[test]
fn a_coached_approval_on_a_brand_wearing_host_is_a_scam_approval_even_if_its_button_says_block() {
    let v = assess(&fraud_office("intesasanpaolo.com.sicurezza-clienti.help", "Ho autorizzato: blocca l’operazione"));
    assert_eq!(v.flow.as_str(), "mfa_approval");
    assert!(v.action.as_str() != "allow" && v.action.as_str() != "notice", "{v:?}");
    // The bank's own host, same words: no host signal, so not this rule's.
    assert_eq!(assess(&fraud_office("www.intesasanpaolo.com", "Ho autorizzato: blocca l’operazione")).flow.as_str(), "none");
}

/// A code box under `heading`, on the service's own host.
fn code_under(heading: &str) -> Observation {
    Observation {
        url: "https://mijn.digid.example/digid_app/activeren".into(),
        title: format!("{heading} | DigiD"),
        headings: vec![heading.into()],
        text: format!("{heading}\nVul de sms-code hieronder in om te bevestigen.\nSms-code\nActiveren"),
        fields: vec![Field { kind: "text".into(), label: "Sms-code".into(), name: "smscode".into(), ..Field::default() }],
        controls: vec![Control { kind: ControlKind::Button, text: "Activeren".into(), button_type: "submit".into(), href: String::new() }],
        ..Observation::default()
    }
}

#[test]
fn a_code_box_under_a_heading_that_moves_the_factor_to_a_new_device_confirms_the_change() {
    assert_eq!(assess(&code_under("DigiD app activeren op nieuw toestel")).flow.as_str(), "recovery_factor_change");
    // The same box under the factor's name alone is the factor being used, not changed.
    assert_ne!(assess(&code_under("DigiD app")).flow.as_str(), "recovery_factor_change");
}

/// Moodle's confirm step on its site-administrators page, asking `question`.
fn site_admins_confirm(question: &str) -> Observation {
    Observation {
        url: "https://campus.example.edu/admin/roles/admins.php".into(),
        title: "Site administrators | Campus".into(),
        headings: vec!["Campus".into()],
        text: format!("Site administration\nUsers\nPermissions\nSite administrators\nConfirm\n{question}\nlucia.ferrer@example.edu\nContinue\nCancel"),
        controls: vec![button("Continue"), button("Cancel")],
        ..Observation::default()
    }
}

#[test]
fn a_question_that_makes_someone_an_administrator_is_the_grant() {
    let v = assess(&site_admins_confirm("Do you really want to add user Lucía Ferrer as a new site administrator?"));
    assert_eq!(v.flow.as_str(), "access_approval");
    assert!(v.privileged);
    // A question about removing one is not a grant.
    assert_ne!(assess(&site_admins_confirm("Do you really want to remove Marta Sanz from the site administrators?")).flow.as_str(), "access_approval");
}

/// phpBB's administration panel asking a signed-in admin to sign in again, with `note`.
fn acp_login(note: &str) -> Observation {
    Observation {
        url: "https://forum.example.org/adm/index.php?sid=3f9c0e27&i=acp_users".into(),
        title: "Forum - Log in".into(),
        headings: vec!["Forum".into(), "Log in".into(), "Administration Control Panel".into()],
        text: format!("Logout [ admin_rocio ]\nLog in\nAdministration Control Panel\n{note}\nUsername:\nPassword:\nI forgot my password"),
        fields: vec![
            Field { kind: "text".into(), label: "Username:".into(), name: "username".into(), ..Field::default() },
            Field { kind: "password".into(), label: "Password:".into(), name: "password_3f9c".into(), ..Field::default() },
        ],
        controls: vec![
            Control { kind: ControlKind::Link, text: "Logout [ admin_rocio ]".into(), button_type: String::new(), href: "./ucp.php?mode=logout".into() },
            Control { kind: ControlKind::Button, text: "Login".into(), button_type: "submit".into(), href: String::new() },
        ],
        ..Observation::default()
    }
}

#[test]
fn a_signed_in_admin_asked_to_sign_in_again_for_the_admin_panel_steps_up() {
    let v = assess(&acp_login("To administer the board you must re-authenticate yourself."));
    assert_eq!(v.flow.as_str(), "reauthentication");
    assert!(v.privileged);
    // The same form without words that say "again" is the panel's sign-in, not this rule's.
    assert_ne!(assess(&acp_login("Please enter your username and password.")).flow.as_str(), "reauthentication");
}

/// A help desk's incident record with the caller's "Reset password" form, under `title`.
fn helpdesk_reset(title: &str) -> Observation {
    Observation {
        url: "https://corp.service-now.example/now/sow/record/incident/8f3c12a4".into(),
        title: format!("INC0048213 | {title}"),
        headings: vec!["INC0048213 · Priority 1 - Critical".into(), "Caller details".into()],
        text: "Caller\nMarcus Hale\nCategory\nPassword reset\nCaller details\nUser ID\nmhale\nReset password\nUser\nUnlock account\nCancel Reset password"
            .into(),
        fields: vec![Field { kind: "checkbox".into(), label: "Unlock account".into(), ..Field::default() }],
        controls: vec![button("Cancel"), button("Reset password")],
        ..Observation::default()
    }
}

#[test]
fn a_reset_form_in_a_console_titled_as_one_resets_someone_elses_password() {
    assert_eq!(assess(&helpdesk_reset("Service Operations Workspace")).flow.as_str(), "access_approval");
    // The same record in a page that does not call itself a console is not read so by this rule.
    assert_ne!(assess(&helpdesk_reset("Tickets")).flow.as_str(), "access_approval");
}
