//! What the server shows: the last good build, or the errors of the build that failed.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

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
}

impl State {
    pub fn new(base: String) -> Self {
        State {
            site: RwLock::new(Arc::new(Files::new())),
            built: AtomicBool::new(false),
            errors: RwLock::new(None),
            events: Events::default(),
            base,
        }
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
