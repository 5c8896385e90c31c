//! Vinix / Qubicle (seed 000) over Kazoo blackhole's websocket bindings: the frames ([`frame`]),
//! the Qubicle bindings and which events they deliver ([`bindings`], on the AMQP matcher), one
//! socket's subscriber as the server keeps it ([`session`]) and the mapping table from the
//! core's happenings ([`mapping`]).

pub mod bindings;
pub mod frame;
pub mod mapping;
pub mod session;

pub use bindings::{Binding, BindingError};
pub use frame::{Action, Event, Request, RequestError, ServerFrame};
pub use session::Subscriber;
