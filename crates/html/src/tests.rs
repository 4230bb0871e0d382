#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use super::*;

const URL: &str = "https://example.com/reset";

fn obs(body: &str) -> Observation {
    extract(body, URL, "")
}

fn text(body: &str) -> String {
    obs(body).text
}

#[test]
fn url_referrer_title_lang() {
    let o = extract("<html lang='en-GB'><head><title>  Reset\n your   password </title></head><body>x</body></html>", URL, "https://mail.example/");
    assert_eq!(o.url, URL);
    assert_eq!(o.referrer, "https://mail.example/");
    assert_eq!(o.title, "Reset your password");
    assert_eq!(o.lang, "en-GB");
    assert_eq!(o.text, "x");
    assert_eq!(o.context, Default::default());
}

#[test]
fn split_words_join() {
    assert_eq!(text("<p><span>Gen</span><span>erate</span> token</p>"), "Generate token");
}

#[test]
fn blocks_separate_lines() {
    assert_eq!(text("<div>Generate</div><div>token</div>"), "Generate\ntoken");
    assert_eq!(text("<div>  one <b>two</b>\n three<p>four</p>five<br>six<br><br></div><section>\n</section>"), "one two three\nfour\nfive\nsix");
    assert_eq!(text("<ul><li>a</li><li>b <em>c</em></li></ul>"), "a\nb c");
}

#[test]
fn hidden_attribute() {
    assert_eq!(text("<p>shown</p><p hidden>secret <b>x</b></p><div hidden><p>deep</p></div>"), "shown");
}

#[test]
fn inline_display_none_and_visibility() {
    let o = obs(concat!(
        "<p style='display:none'>a</p>",
        "<p style='DISPLAY : None !important'>b</p>",
        "<p style='color:red;visibility: hidden'>c</p>",
        "<p style='visibility:collapse'><span>d</span></p>",
        "<p style='display:block'>shown</p>",
    ));
    assert_eq!(o.text, "shown");
}

#[test]
fn visibility_inherits_and_a_child_can_show_again() {
    // Visibility inherits, and a child may set it back: that child is drawn, its hidden parent's
    // own text, buttons and fields are not (display, which a child cannot undo, skips everything).
    let o = obs(concat!(
        "<style>.v{visibility:visible}</style>",
        "<div style='visibility:hidden'>padding <b>more padding</b>",
        "<p style='visibility:visible'>Enter the code shown on your device</p>",
        "<button>Hidden button</button><input type='password' name='pw'>",
        "<div class='v'><button>Continue</button></div></div>",
        "<div style='display:none'><p style='visibility:visible'>never</p></div>",
    ));
    assert_eq!(o.text, "Enter the code shown on your device\nContinue");
    let controls: Vec<_> = o.controls.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(controls, ["Continue"]);
    assert!(o.fields.is_empty(), "{:?}", o.fields);
}

#[test]
fn stylesheet_class_and_id_rules() {
    let o = obs(concat!(
        "<style>/* .shown{display:none} */ .x{display:none} #y { visibility : hidden } ",
        "div.z > span{display:none} @media print{.p{display:none}}</style>",
        "<p class='a x'>class</p><p id='y'>id <b>inside</b></p>",
        "<div class='z'><span>child</span> kept</div><p class='shown p'>shown</p>",
        "<p class='x:hover'>bad</p>",
    ));
    assert_eq!(o.text, "kept\nshown\nbad");
}

#[test]
fn stylesheet_cascade() {
    let o = obs(concat!(
        "<style>.modal{display:none} .modal.open{display:block}",
        ".gone{display:none!important} .weak{display:none}</style>",
        "<div class='modal open'>Confirm it's you</div><div class='modal'>closed</div>",
        "<div class='gone' style='display:block'>important wins</div>",
        "<div class='weak' style='display:block'>inline wins</div>",
    ));
    assert_eq!(o.text, "Confirm it's you\ninline wins");
}

#[test]
fn ua_hidden_elements() {
    assert_eq!(text("<dialog>closed</dialog><dialog open>open</dialog><datalist><option>o</option></datalist>"), "open");
    assert_eq!(
        text("<details>t<p>body</p><summary>Why?</summary><summary>2nd</summary></details><details open><summary>S</summary>shown</details>"),
        "Why?\nS\nshown"
    );
}

#[test]
fn invisible_elements_skipped() {
    let o = obs(concat!(
        "<head><script>var a = 'script'</script><style>p{}</style></head><body>",
        "<script>document.write('x')</script><template><p>tpl</p></template>",
        "<noscript><p>noscript</p></noscript><svg><text>svg</text></svg>",
        "<iframe>frame</iframe><object>obj</object><canvas>canvas</canvas>",
        "<input type=hidden name=csrf value=1><input type=HIDDEN name=t>",
        "<p>visible</p></body>",
    ));
    assert_eq!(o.text, "visible");
    assert!(o.fields.is_empty());
}

#[test]
fn select_and_textarea_are_values() {
    let o = obs("<p>Pick</p><select name=s><option>one</option></select><textarea name=t>typed</textarea>");
    assert_eq!(o.text, "Pick");
    let kinds: Vec<_> = o.fields.iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(kinds, ["select", "textarea"]);
}

#[test]
fn fields_and_types() {
    let o = obs(concat!(
        "<input id=u name=user autocomplete=username placeholder='Email or phone'>",
        "<input type=PASSWORD name=p><input type=bogus name=b><input type=submit value=Go>",
    ));
    assert_eq!(o.fields.len(), 3);
    let f = &o.fields[0];
    assert_eq!(
        (f.kind.as_str(), f.name.as_str(), f.id.as_str(), f.autocomplete.as_str(), f.placeholder.as_str()),
        ("text", "user", "u", "username", "Email or phone")
    );
    assert_eq!(o.fields[1].kind, "password");
    assert_eq!(o.fields[2].kind, "text");
}

#[test]
fn label_resolution() {
    let o = obs(concat!(
        "<input id=a><label for=a>By <b>for</b></label>",
        "<label>Enclosing <select name=s><option>no</option></select> <button>no</button> text <input id=b></label>",
        "<input id=c aria-label=' By  aria '>",
        "<span id=l1>Labelled</span><span id=l2>by</span><input id=d aria-labelledby='l1 missing l2'>",
        "<label for=e hidden>hidden label</label><label>fallback <input id=e></label>",
        "<input id=f>",
    ));
    let labels: Vec<_> = o.fields.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["By for", "Enclosing text", "Enclosing text", "By aria", "Labelled by", "fallback", ""]);
}

#[test]
fn buttons_and_links() {
    let o = obs(concat!(
        "<button>Generate <b>token</b></button>",
        "<button type=RESET>r</button><button type=weird>w</button>",
        "<input type=submit value=' Send  code '><input type=image alt='Go'>",
        "<input type=button aria-label='Labelled'>",
        "<div role='button'>Approve</div><span role=button aria-label='Icon only'></span>",
        "<a href='/recover?x=1'>Forgot <i>password</i>?</a><a name=anchor>not a link</a>",
        "<a href='https://x.test/' role=button>link wins</a>",
        "<button hidden>hidden</button><a href=/h style='display:none'>hidden</a>",
    ));
    let got: Vec<_> = o.controls.iter().map(|c| (c.kind, c.text.as_str(), c.button_type.as_str(), c.href.as_str())).collect();
    use ControlKind::{Button, Link};
    assert_eq!(
        got,
        [
            (Button, "Generate token", "submit", ""),
            (Button, "r", "reset", ""),
            (Button, "w", "submit", ""),
            (Button, "Send code", "submit", ""),
            (Button, "Go", "image", ""),
            (Button, "Labelled", "button", ""),
            (Button, "Approve", "", ""),
            (Button, "Icon only", "", ""),
            (Link, "Forgot password?", "", "/recover?x=1"),
            (Link, "link wins", "", "https://x.test/"),
        ]
    );
    // Button text is also page text (buttons are inline); input values are not text nodes.
    assert!(o.text.contains("Generate token"));
    assert!(!o.text.contains("Send code"));
}

#[test]
fn headings() {
    let o = obs(concat!(
        "<h1>Reset <span>your</span> password</h1><h2 hidden>hidden</h2>",
        "<div role='heading' aria-level=2>Role heading</div><h3></h3>",
        "<h4>Step<br>two</h4>",
    ));
    assert_eq!(o.headings, ["Reset your password", "Role heading", "Step two"]);
}

#[test]
fn deep_nesting_does_not_overflow() {
    let depth = 10_000;
    let html = format!("{}deep{}", "<div>".repeat(depth), "</div>".repeat(depth));
    assert_eq!(text(&html), "deep");
    let html = format!("{}deep{}", "<span role=button>".repeat(depth), "</span>".repeat(depth));
    let o = obs(&html);
    assert_eq!(o.controls.len(), ITEM_CAP);
    assert!(o.controls.iter().all(|c| c.text == "deep"));
}

#[test]
fn hostile_markup_does_not_panic() {
    for html in [
        "",
        "<",
        "<style>",
        "<style>{}}}{{{</style><p>x",
        "<style>@media (</style>",
        "<p style='display'>",
        "<p style=';;:;display:;'>x",
        "<label><label for=x><input id=x></label>",
        "<input aria-labelledby='  '>",
        "<title></title><title>second</title>",
        "\u{0}\u{feff}<p>\u{0}",
    ] {
        let _ = obs(html);
    }
    let style = format!("<style>{}</style><p class=a>x</p>", ".a{display:none}".repeat(2000));
    assert_eq!(text(&style), "");
}

#[test]
fn text_cap() {
    let big = "word ".repeat(500_000);
    let o = obs(&format!("<p>{big}</p><p>after</p><a href=/x>late link</a>"));
    assert!(o.text.len() <= text::TEXT_CAP + text::PRIORITY_CAP);
    // Bulk text past the cap is dropped…
    assert!(!o.text.contains("after"));
    // …but a control's text is still read: padding must not hide a prompt.
    assert_eq!(o.controls.len(), 1);
    assert_eq!(o.controls[0].text, "late link");
    assert!(o.text.ends_with("late link"));
}

#[test]
fn big_stylesheets_stay_fast() {
    let mut css = String::new();
    for i in 0..10_000 {
        css.push_str(&format!(".c{i} p{{display:none}} #i{i}{{display:none}}"));
    }
    css.push_str(&".a{display:none}".repeat(10_000));
    let body = "<p class=a>x</p><p>y</p>".repeat(500);
    // The CSS matcher's work budget keeps this bounded; time is for `make bench`, not asserted.
    let o = obs(&format!("<style>{css}</style>{body}"));
    assert_eq!(o.text, vec!["y"; 500].join("\n"));
}
