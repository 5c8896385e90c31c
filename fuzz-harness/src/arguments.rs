//! `command_arguments`: the JS-argument → command conversion as it exists in the engine crate
//! (`Command::parse`, `Config::from_json`), on structured input: an action (mostly a real one)
//! and its argument, a `setup()` object; a command that parses is then given to a logged-in
//! engine.

use agentdesk_core::command::Command;
use agentdesk_core::config::Config;
use agentdesk_core::flows::CallAction;
use arbitrary::{Result, Unstructured};
use serde_json::Value;

use crate::json;
use crate::shell::Shell;

/// The commands that are not call commands.
const SESSION_ACTIONS: &[&str] = &["login", "logout", "pause", "unpause", "updateSessionKey"];

fn action(u: &mut Unstructured<'_>) -> Result<String> {
    Ok(match u.int_in_range(0..=9u8)? {
        0 => json::string(u)?,
        1..=3 => (*u.choose(SESSION_ACTIONS)?).to_owned(),
        _ => u.choose(CallAction::ALL)?.name().to_owned(),
    })
}

fn argument(u: &mut Unstructured<'_>) -> Result<Value> {
    if u.ratio(3, 4)? {
        Ok(Value::Object(json::object(u, 1)?))
    } else {
        json::value(u, 0)
    }
}

/// The target.
pub fn commands(data: &[u8]) {
    let mut u = Unstructured::new(data);
    let Ok(setup) = argument(&mut u) else { return };
    if let Ok(config) = Config::from_json(setup.clone()) {
        // A config that parses must also run an engine.
        let _ = Shell::new(setup, 1);
        let _ = config.base_url.len();
    }
    let mut shell = Shell::logged_in(3);
    for _ in 0..8 {
        let (Ok(action), Ok(argument)) = (action(&mut u), argument(&mut u)) else {
            break;
        };
        match Command::parse(&action, argument) {
            Ok(command) => {
                let _ = (
                    command.action(),
                    command.wire_action(),
                    command.wire_params(),
                    command.status_change(),
                );
                shell.give(command);
            }
            Err(e) => {
                let _ = e.to_string();
            }
        }
        shell.advance(500);
    }
    shell.finish();
}
