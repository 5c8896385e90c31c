//! What the engine would accept now, command by command: `AgentSDK.can(action)` and the
//! `canChange` event the shell raises when the answers change (issue 16), so a console enables
//! exactly the buttons whose commands the engine would not refuse locally. The answers come from
//! the same rules as the refusals (`agent::permits`, `flows::allows`), asked without a command:
//! one rule table, two uses.

use super::Engine;
use crate::agent::{self, InitialStatus, StatusChange};
use crate::flows::{self, CallAction, View};

/// The commands that are not call or supervisor commands, in the order of [`Allowed`]'s bits;
/// the call commands follow in the order of [`CallAction::ALL`]. The same order as the JS
/// layer's command table (js/catalog.js `COMMANDS`, generated from `event_names::RESPONSES` and
/// `CallAction::ALL`), so the bits cross as one number and JS names them from its own table.
const SESSION_ACTIONS: [&str; 5] = ["login", "logout", "pause", "unpause", "updateSessionKey"];

/// One answer per command, as bits: bit `i` is the command [`Allowed::name`]`(i)`. 35 commands
/// today, so the set travels to JavaScript as one number (exact below 2^53).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Allowed(u64);

impl Allowed {
    /// How many commands there are.
    pub fn len() -> usize {
        SESSION_ACTIONS.len() + CallAction::ALL.len()
    }

    /// The command of bit `i`.
    pub fn name(i: usize) -> Option<&'static str> {
        SESSION_ACTIONS.get(i).copied().or_else(|| {
            CallAction::ALL
                .get(i.checked_sub(SESSION_ACTIONS.len())?)
                .map(|a| a.name())
        })
    }

    /// The bit of a command's name, or None for a name that is no command.
    pub fn index(name: &str) -> Option<usize> {
        (0..Self::len()).find(|&i| Self::name(i) == Some(name))
    }

    /// Whether command `i` is allowed.
    pub fn contains(self, i: usize) -> bool {
        i < 64 && self.0 & (1 << i) != 0
    }

    /// The names of the allowed commands, in bit order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        (0..Self::len())
            .filter(move |&i| self.contains(i))
            .filter_map(Self::name)
    }

    /// The bits, for the shell to hand over as one number.
    pub fn bits(self) -> u64 {
        self.0
    }

    fn with(self, i: usize, yes: bool) -> Self {
        if yes {
            Self(self.0 | 1 << i)
        } else {
            self
        }
    }
}

// Asked with these, since `can(action)` has no argument: the pause type and reason do not
// change the answer (agent::permits reads only the state).
const LOGIN: StatusChange = StatusChange::Login {
    initial: InitialStatus::Idle,
    pause_description: None,
};
const PAUSE: StatusChange = StatusChange::Pause {
    pause_type: 0,
    pause_description: None,
};

impl Engine {
    /// Every command's answer now: what `handle_command` would not refuse at once. A command
    /// given while the link is down is held, not refused (docs/protocol.md §5), so the link's
    /// state does not change the answers; the gateway may still refuse what the engine lets by.
    /// Allocation-free: the shell asks after every input.
    pub fn allowed(&self) -> Allowed {
        let state = self.status.state;
        let logging_in = self.phase() == super::Phase::LoggingIn;
        let mut out =
            Allowed::default().with(0, !logging_in && agent::permits(state, &LOGIN).is_ok());
        let session = match self.life.logged_in() {
            Some(s) if self.status.is_logged_in() => s,
            _ => return out,
        };
        out = out
            .with(1, agent::permits(state, &StatusChange::Logout).is_ok())
            .with(2, agent::permits(state, &PAUSE).is_ok())
            .with(3, agent::permits(state, &StatusChange::Unpause).is_ok())
            .with(4, true);
        let view = View {
            status: &self.status,
            flows: &self.flows,
            supervisor: session.supervisor,
            endpoint_type: session.params.bind_endpoint.endpoint_type,
        };
        for (i, action) in CallAction::ALL.iter().enumerate() {
            out = out.with(SESSION_ACTIONS.len() + i, flows::allows(*action, &view));
        }
        out
    }

    /// `AgentSDK.can(action)`: None when `action` names no command.
    pub fn can(&self, action: &str) -> Option<bool> {
        Allowed::index(action).map(|i| self.allowed().contains(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_one_bit_and_fits_in_a_javascript_number() {
        assert_eq!(Allowed::len(), 35);
        assert!(Allowed::len() <= 53, "the set crosses to JS as one f64");
        let names: std::collections::BTreeSet<_> =
            (0..Allowed::len()).filter_map(Allowed::name).collect();
        assert_eq!(names.len(), Allowed::len());
        assert_eq!(Allowed::index("hold").and_then(Allowed::name), Some("hold"));
        assert_eq!(Allowed::index("fly"), None);
        assert_eq!(Allowed::name(Allowed::len()), None);
    }

    #[test]
    fn the_bits_follow_the_command_table_of_the_js_layer() {
        // js/catalog.js COMMANDS: RESPONSES' commands but setup, then CallAction::ALL.
        let session: Vec<_> = crate::event_names::RESPONSES
            .iter()
            .filter_map(|(_, resp)| resp.strip_suffix("Resp"))
            .filter(|name| *name != "setup")
            .collect();
        assert_eq!(session, SESSION_ACTIONS);
    }
}
