//! The events each build sends to the pages open in browsers.

use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};

/// The pages listening, one channel each.
#[derive(Default)]
pub struct Events {
    clients: Mutex<Vec<Sender<Arc<str>>>>,
}

impl Events {
    pub fn subscribe(&self) -> Receiver<Arc<str>> {
        let (tx, rx) = mpsc::channel();
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).push(tx);
        rx
    }

    /// Sends an event to every page listening, forgetting pages that left.
    pub fn send(&self, name: &str, data: &serde_json::Value) {
        let message: Arc<str> = format!("event: {name}\ndata: {data}\n\n").into();
        self.clients.lock().unwrap_or_else(|e| e.into_inner()).retain(|c| c.send(Arc::clone(&message)).is_ok());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_reach_listeners_and_forget_those_gone() {
        let events = Events::default();
        let kept = events.subscribe();
        drop(events.subscribe());
        events.send("build", &serde_json::json!({"ok": true}));
        assert_eq!(&*kept.recv().unwrap(), "event: build\ndata: {\"ok\":true}\n\n");
        assert_eq!(events.clients.lock().unwrap().len(), 1);
    }
}
