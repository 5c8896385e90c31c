//! agentdesk-native: the agentdesk engine (`agentdesk-core`) driven by a tokio shell, the way
//! the browser shell drives it, over a real WebSocket (tokio-tungstenite) and the real login
//! endpoint. What a console does, without a browser: the gateway's topology test logs agents in
//! through HAProxy with it, and `agentdesk-load` logs in thousands.
//!
//! ```no_run
//! # async fn demo() -> Result<(), agentdesk_native::ClientError> {
//! use agentdesk_native::{login, Agent, AgentConfig};
//! let key = login("http://127.0.0.1:8080", "t1", "0001", "demo").await?;
//! let (events, mut seen) = tokio::sync::mpsc::unbounded_channel();
//! let agent = Agent::start(AgentConfig::new("ws://127.0.0.1:8080", "t1", "0001", key), 0, events);
//! let reply = agent.command("login", serde_json::json!({
//!     "tenantId": "t1", "agentNo": "0001", "sessionKey": agent.session_key(),
//!     "bindEndpoint": {"endpointType": 2, "endpoint": "80001"}, "initialStatus": 1})).await?;
//! assert_eq!(reply.code, 0);
//! while let Some((_, event)) = seen.recv().await { println!("{event:?}"); }
//! # Ok(()) }
//! ```

mod agent;
mod http;
pub mod load;

pub use agent::{Agent, AgentConfig, Seen};
pub use http::{login, post_json};

/// What went wrong around the engine (the engine's own outcomes are `SdkResponse`s).
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The HTTP request could not be made.
    #[error("HTTP to {url}: {message}")]
    Http {
        /// Where.
        url: String,
        /// What.
        message: String,
    },
    /// The login endpoint refused.
    #[error("login refused ({status}): {body}")]
    LoginRefused {
        /// HTTP status.
        status: u16,
        /// Its body.
        body: String,
    },
    /// The command's arguments did not parse.
    #[error("bad command: {0}")]
    BadCommand(String),
    /// The agent's task ended.
    #[error("the agent's task has ended")]
    Gone,
}
