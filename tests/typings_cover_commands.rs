//! Keeps the hand-written TypeScript of the commands (src/api/api.d.ts) in step with the
//! engine's command table: every call action is a method of both classes, has its `…Resp`
//! event and its `EventType` constant.
#![cfg(not(target_arch = "wasm32"))]

use agentdesk_core::event_names;
use agentdesk_core::flows::CallAction;

const API: &str = include_str!("../src/api/api.d.ts");

#[test]
fn every_call_action_is_a_typed_method_of_both_classes() {
    for action in CallAction::ALL {
        let name = action.name();
        let instance = format!("\n  {name}(");
        let static_ = format!("\n  static {name}(");
        assert!(API.contains(&instance), "AgentClient.{name} missing from api.d.ts");
        assert!(API.contains(&static_), "AgentSDK.{name} missing from api.d.ts");
    }
}

#[test]
fn every_event_type_constant_is_declared_with_its_literal_value() {
    for (constant, value) in event_names::all() {
        let catalog = agentdesk_core::events::EventType::from_wire(&value).is_some();
        if catalog {
            continue; // checked against typings.d.ts by typings_match_catalog
        }
        let declared = format!("readonly {constant}: \"{value}\";");
        assert!(API.contains(&declared), "EventTypeConstants lacks {declared}");
        let mapped = format!("\n  {value}: ");
        assert!(API.contains(&mapped), "EventMap lacks {value}");
    }
}
