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
        // Through a JSON value, as assessPage does, so unknown keys are reported with their path.
        let value: serde_json::Value = match serde_wasm_bindgen::from_value(request) {
            Ok(v) => v,
            Err(e) => return err(vec![InputError::new("", format!("the request is not JSON-like data: {e}"))]),
        };
        let request = match lastgate_engine::recovery::recovery_request_from(value) {
            Ok(r) => r,
            Err(e) => return err(e),
        };
        match lastgate_engine::assess_recovery(&request) {
            Ok(d) => ok(d),
            Err(e) => err(e),
        }
    }
}
