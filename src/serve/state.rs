//! What the server shows: the last good build, or the errors of the build that failed.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use super::events::Events;
use crate::output::Files;

/// What the server shows, swapped as a whole by each build.
pub struct State {
    /// The last good build.
    pub site: RwLock<Arc<Files>>,
    /// Whether any build succeeded yet; until one does, every page is the error page.
    pub built: AtomicBool,
    /// The diagnostics of the latest build, as the terminal shows them, while it fails.
    errors: RwLock<Option<String>>,
    pub events: Events,
    /// The site's base path ("/").
    pub base: String,
    /// The pages asked for last (their files, the latest first): an edit to a
    /// template or to front matter renders them before the rest of the site, as they
    /// are the ones open.
    viewed: Mutex<VecDeque<String>>,
}

/// How many of the pages asked for last are rendered first.
const VIEWED: usize = 8;

impl State {
    pub fn new(base: String) -> Self {
        State {
            site: RwLock::new(Arc::new(Files::new())),
            built: AtomicBool::new(false),
            errors: RwLock::new(None),
            events: Events::default(),
            base,
            viewed: Mutex::new(VecDeque::with_capacity(VIEWED)),
        }
    }

    /// Notes that the page in `file` was asked for.
    pub fn note_viewed(&self, file: &str) {
        let mut viewed = self.viewed.lock().unwrap_or_else(|e| e.into_inner());
        if viewed.front().is_some_and(|f| f == file) {
            return;
        }
        viewed.retain(|f| f != file);
        viewed.truncate(VIEWED - 1);
        viewed.push_front(file.to_string());
    }

    /// The pages asked for last, the latest first.
    pub fn viewed(&self) -> Vec<String> {
        self.viewed.lock().unwrap_or_else(|e| e.into_inner()).iter().cloned().collect()
    }

    pub fn site(&self) -> Arc<Files> {
        Arc::clone(&self.site.read().unwrap_or_else(|e| e.into_inner()))
    }

    pub fn errors(&self) -> Option<String> {
        self.errors.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Serves a new good build (and clears the errors) before telling the pages.
    pub fn publish(&self, files: Files) {
        *self.site.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(files);
        *self.errors.write().unwrap_or_else(|e| e.into_inner()) = None;
        self.built.store(true, Ordering::SeqCst);
    }

    pub fn fail(&self, errors: String) {
        *self.errors.write().unwrap_or_else(|e| e.into_inner()) = Some(errors);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pages asked for last, each once, the latest first, at most [`VIEWED`].
    #[test]
    fn pages_viewed_last_come_first() {
        let state = State::new("/".into());
        for page in ["a/index.html", "b/index.html", "a/index.html", "a/index.html"] {
            state.note_viewed(page);
        }
        assert_eq!(state.viewed(), ["a/index.html", "b/index.html"]);
        for n in 0..20 {
            state.note_viewed(&format!("{n}/index.html"));
        }
        let viewed = state.viewed();
        assert_eq!(viewed.len(), VIEWED);
        assert_eq!((viewed[0].as_str(), viewed[VIEWED - 1].as_str()), ("19/index.html", "12/index.html"));
    }
}
