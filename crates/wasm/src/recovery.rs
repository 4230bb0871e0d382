//! `engine.assessRecovery(request)` (feature `recovery`): the portal's side of the risk, answered as
//! `{ok: true, value: {decision, missing, reasons}}` or `{ok: false, errors}` (docs/recovery.md).

use lastgate_engine::InputError;
use wasm_bindgen::prelude::*;

use crate::{err, ok, Engine};

#[wasm_bindgen]
impl Engine {
    /// `engine.assessRecovery(request)` → `{ok: true, value: decision}` or `{ok: false, errors}`.
    #[wasm_bindgen(js_name = assessRecovery)]
    pub fn assess_recovery(&self, request: JsValue) -> JsValue {
        if !request.is_object() {
            return err(vec![InputError::new(
                "",
                "expected a recovery request object like {identity: {kind: \"human\"}, action: \"password_reset\", channel: \"self_service\", requester: \"alice\"} (docs/recovery.md)",
            )]);
        }
        // As JSON text, like observations and policies: the CLI's parser and messages, and a
        // cyclic or absurdly deep object is refused by JSON.stringify or serde_json's depth limit
        // instead of recursing through the wasm stack.
        let text: String = match js_sys::JSON::stringify(&request) {
            Ok(t) => t.into(),
            Err(_) => return err(vec![InputError::new("", "the request is not JSON-like data (a cycle, a BigInt or a function?)")]),
        };
        let request = match lastgate_engine::parse_recovery_request(&text) {
            Ok(r) => r,
            Err(e) => return err(e),
        };
        match self.inner.assess_recovery(&request) {
            Ok(d) => ok(d),
            Err(e) => err(e),
        }
    }
}
