//! `engine.assessHtml(html, {url, referrer})` (feature `html`, the npm package's Node build): saved
//! HTML through the same Rust extraction as `lastgate scan`, then `assessPage` itself (NFKC, `hold`
//! in the page's own texts), which leaves the extension's build untouched.

use lastgate_engine::InputError;
use wasm_bindgen::prelude::*;

use crate::{err, ok, Engine};

fn string_option(options: &JsValue, key: &str) -> Result<String, InputError> {
    let v = js_sys::Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    if v.is_undefined() || v.is_null() {
        return Ok(String::new());
    }
    v.as_string().ok_or_else(|| InputError::new(format!("options.{key}"), format!("expected a string, like {{{key}: \"https://example.com/\"}}")))
}

#[wasm_bindgen]
impl Engine {
    /// `engine.assessHtml(html, {url, referrer?})` → `{ok: true, value: verdict}` or `{ok: false, errors}`.
    #[wasm_bindgen(js_name = assessHtml)]
    pub fn assess_html(&self, html: JsValue, options: JsValue) -> JsValue {
        let mut errors = Vec::new();
        let html = html.as_string().unwrap_or_else(|| {
            errors.push(InputError::new("html", "expected the page's HTML as a string"));
            String::new()
        });
        if !options.is_object() {
            errors.push(InputError::new("options", "expected {url: \"https://…\", referrer?: \"https://…\"}: the URL the page was served from"));
            return err(errors);
        }
        let (url, referrer) = match (string_option(&options, "url"), string_option(&options, "referrer")) {
            (Ok(u), Ok(r)) => (u, r),
            (u, r) => {
                errors.extend(u.err());
                errors.extend(r.err());
                return err(errors);
            }
        };
        if url.is_empty() {
            errors.push(InputError::new("options.url", "is required: the absolute URL the page was served from, like https://github.com/settings/tokens/new"));
        }
        if !errors.is_empty() {
            return err(errors);
        }
        // The observation takes `assessPage`'s own path (NFKC, `hold` mapped back to the page's
        // own texts), so the verdict is the extension's, exactly.
        let (obs, originals) = crate::prepared(lastgate_html::extract(&html, &url, &referrer));
        match self.verdict(&obs, &originals) {
            Ok(v) => ok(v),
            // The engine locates URL problems at `url`; here that is the option's.
            Err(errors) => err(errors.into_iter().map(|e| InputError::new(format!("options.{}", e.path), e.message)).collect()),
        }
    }
}
