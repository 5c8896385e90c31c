//! The listener registry behind `on` / `off` / `once`, generic over the listener type so its
//! semantics are tested natively; the browser shell instantiates it with the browser's JS function handles.
//!
//! The semantics are the DOM's `EventTarget`, which is what a JS developer expects:
//! - adding the same function again for the same event is a no-op (one `off` removes it);
//! - a listener removed during a dispatch is not called later in that dispatch;
//! - a listener added during a dispatch is first called for the next event;
//! - a `once` listener is removed *before* it is called, so a re-entrant dispatch from inside it
//!   cannot call it twice.

/// Identifies one registration.
pub type ListenerId = u64;

#[derive(Debug)]
struct Entry<L> {
    id: ListenerId,
    event: String,
    listener: L,
    once: bool,
}

/// Listeners by event type, in registration order.
#[derive(Debug)]
pub struct Registry<L> {
    entries: Vec<Entry<L>>,
    next_id: ListenerId,
}

impl<L> Default for Registry<L> {
    fn default() -> Self {
        Self {
            entries: Vec::new(),
            next_id: 1,
        }
    }
}

impl<L: Clone + PartialEq> Registry<L> {
    /// Registers `listener` for `event`; false if it was already registered there.
    pub fn add(&mut self, event: &str, listener: L, once: bool) -> bool {
        if self
            .entries
            .iter()
            .any(|e| e.event == event && e.listener == listener)
        {
            return false;
        }
        let id = self.next_id;
        self.next_id += 1;
        self.entries.push(Entry {
            id,
            event: event.to_owned(),
            listener,
            once,
        });
        true
    }

    /// Unregisters `listener` from `event`; false if it was not registered.
    pub fn remove(&mut self, event: &str, listener: &L) -> bool {
        let before = self.entries.len();
        self.entries
            .retain(|e| !(e.event == event && &e.listener == listener));
        before != self.entries.len()
    }

    /// Removes every listener of `event`, or of every event when `None`.
    pub fn clear(&mut self, event: Option<&str>) {
        match event {
            Some(event) => self.entries.retain(|e| e.event != event),
            None => self.entries.clear(),
        }
    }

    /// The listeners of `event` at the start of a dispatch.
    pub fn snapshot(&self, event: &str) -> Vec<(ListenerId, L)> {
        self.entries
            .iter()
            .filter(|e| e.event == event)
            .map(|e| (e.id, e.listener.clone()))
            .collect()
    }

    /// Called just before invoking a snapshot entry: true if it is still registered (and, for a
    /// `once` listener, removes it now).
    pub fn claim(&mut self, id: ListenerId) -> bool {
        let Some(pos) = self.entries.iter().position(|e| e.id == id) else {
            return false;
        };
        if self.entries[pos].once {
            self.entries.remove(pos);
        }
        true
    }

    /// Number of registrations for `event`.
    pub fn count(&self, event: &str) -> usize {
        self.entries.iter().filter(|e| e.event == event).count()
    }

    /// Total registrations.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when nothing is registered.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// A dispatcher over the registry as the shell runs it, with listeners that may act on the
    /// registry mid-dispatch (the shell releases every borrow before calling JavaScript).
    type Action = Rc<dyn Fn(&Rc<RefCell<Registry<Listener>>>, &Log)>;
    type Log = Rc<RefCell<Vec<String>>>;

    #[derive(Clone)]
    struct Listener {
        name: &'static str,
        action: Action,
    }
    impl PartialEq for Listener {
        fn eq(&self, other: &Self) -> bool {
            self.name == other.name
        }
    }

    fn listener(
        name: &'static str,
        action: impl Fn(&Rc<RefCell<Registry<Listener>>>, &Log) + 'static,
    ) -> Listener {
        Listener {
            name,
            action: Rc::new(action),
        }
    }

    fn quiet(name: &'static str) -> Listener {
        listener(name, |_, _| {})
    }

    fn dispatch(reg: &Rc<RefCell<Registry<Listener>>>, log: &Log, event: &str) {
        let snapshot = reg.borrow().snapshot(event);
        for (id, l) in snapshot {
            if !reg.borrow_mut().claim(id) {
                continue;
            }
            log.borrow_mut().push(format!("{event}:{}", l.name));
            (l.action)(reg, log);
        }
    }

    fn setup() -> (Rc<RefCell<Registry<Listener>>>, Log) {
        (
            Rc::new(RefCell::new(Registry::default())),
            Rc::new(RefCell::new(Vec::new())),
        )
    }

    #[test]
    fn the_same_function_added_twice_is_registered_once() {
        let (reg, log) = setup();
        assert!(reg.borrow_mut().add("ping", quiet("a"), false));
        assert!(!reg.borrow_mut().add("ping", quiet("a"), false));
        assert!(!reg.borrow_mut().add("ping", quiet("a"), true));
        dispatch(&reg, &log, "ping");
        assert_eq!(*log.borrow(), ["ping:a"]);
        assert!(reg.borrow_mut().remove("ping", &quiet("a")));
        assert!(reg.borrow().is_empty());
    }

    #[test]
    fn the_same_function_on_two_events_is_two_registrations() {
        let (reg, _) = setup();
        reg.borrow_mut().add("ping", quiet("a"), false);
        reg.borrow_mut().add("agentStatus", quiet("a"), false);
        reg.borrow_mut().remove("ping", &quiet("a"));
        assert_eq!(
            (
                reg.borrow().count("ping"),
                reg.borrow().count("agentStatus")
            ),
            (0, 1)
        );
    }

    #[test]
    fn off_during_dispatch_stops_a_later_listener_of_that_dispatch() {
        let (reg, log) = setup();
        reg.borrow_mut().add(
            "e",
            listener("a", |r, _| {
                r.borrow_mut().remove("e", &quiet("b"));
            }),
            false,
        );
        reg.borrow_mut().add("e", quiet("b"), false);
        dispatch(&reg, &log, "e");
        dispatch(&reg, &log, "e");
        assert_eq!(*log.borrow(), ["e:a", "e:a"]);
    }

    #[test]
    fn a_listener_added_during_dispatch_waits_for_the_next_event() {
        let (reg, log) = setup();
        reg.borrow_mut().add(
            "e",
            listener("a", |r, _| {
                r.borrow_mut().add("e", quiet("late"), false);
            }),
            false,
        );
        dispatch(&reg, &log, "e");
        assert_eq!(*log.borrow(), ["e:a"]);
        dispatch(&reg, &log, "e");
        assert_eq!(*log.borrow(), ["e:a", "e:a", "e:late"]);
    }

    #[test]
    fn once_fires_once_even_when_it_dispatches_the_same_event_reentrantly() {
        let (reg, log) = setup();
        reg.borrow_mut()
            .add("e", listener("once", |r, l| dispatch(r, l, "e")), true);
        reg.borrow_mut().add("e", quiet("always"), false);
        dispatch(&reg, &log, "e");
        // The nested dispatch ran first inside `once`, without `once` in it.
        assert_eq!(*log.borrow(), ["e:once", "e:always", "e:always"]);
        assert_eq!(reg.borrow().count("e"), 1);
    }

    #[test]
    fn off_of_a_once_listener_before_it_fires_prevents_it() {
        let (reg, log) = setup();
        reg.borrow_mut().add("e", quiet("o"), true);
        reg.borrow_mut().remove("e", &quiet("o"));
        dispatch(&reg, &log, "e");
        assert!(log.borrow().is_empty());
    }

    #[test]
    fn clear_removes_one_event_or_all() {
        let (reg, _) = setup();
        reg.borrow_mut().add("a", quiet("x"), false);
        reg.borrow_mut().add("b", quiet("x"), false);
        reg.borrow_mut().clear(Some("a"));
        assert_eq!(reg.borrow().len(), 1);
        reg.borrow_mut().clear(None);
        assert!(reg.borrow().is_empty());
    }
}
