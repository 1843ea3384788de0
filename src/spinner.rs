//! Progress on the terminal for long work: a spinner naming the stage under way.
//!
//! It appears only when stderr is a terminal and only once the work has taken a
//! second, so a quick build prints nothing more than before, and CI logs, pipes and
//! tests never see it.

use std::io::IsTerminal;
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::{Reporter, Stage};

/// How long work runs before the spinner shows.
const DELAY: Duration = Duration::from_secs(1);

/// A spinner that shows itself after [`DELAY`]; quiet when stderr is not a terminal.
pub struct Spinner {
    bar: Option<ProgressBar>,
    /// Set when the work is done, so that a spinner not yet shown never shows.
    done: Arc<(Mutex<bool>, Condvar)>,
    shower: Option<JoinHandle<()>>,
}

impl Spinner {
    /// Starts timing; the spinner draws on stderr after a second, if it is a terminal.
    pub fn start() -> Self {
        let done = Arc::new((Mutex::new(false), Condvar::new()));
        if !std::io::stderr().is_terminal() {
            return Spinner { bar: None, done, shower: None };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
        bar.set_style(style);
        let (shown_bar, flag) = (bar.clone(), Arc::clone(&done));
        let shower = std::thread::spawn(move || {
            let (lock, cvar) = &*flag;
            let guard = lock.lock().unwrap_or_else(|e| e.into_inner());
            let (guard, _) = cvar.wait_timeout_while(guard, DELAY, |done| !*done).unwrap_or_else(|e| e.into_inner());
            // Decided under the lock: `finish` cannot clear the bar before it is drawn.
            if !*guard {
                shown_bar.set_draw_target(ProgressDrawTarget::stderr());
                shown_bar.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Spinner { bar: Some(bar), done, shower: Some(shower) }
    }

    /// Runs `f` (which prints) with the spinner off the screen.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }

    /// Removes the spinner; nothing shows after this.
    pub fn finish(&mut self) {
        let (lock, cvar) = &*self.done;
        *lock.lock().unwrap_or_else(|e| e.into_inner()) = true;
        cvar.notify_all();
        if let Some(shower) = self.shower.take() {
            let _ = shower.join();
        }
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

impl Reporter for Spinner {
    /// Names the stage under way.
    fn stage(&self, stage: Stage) {
        if let Some(bar) = &self.bar {
            bar.set_message(stage.label());
        }
    }

    /// Names the stage and how far it is: "dựng và ghi trang 1200/24701".
    fn count(&self, stage: Stage, done: usize, total: usize) {
        if let Some(bar) = &self.bar {
            bar.set_message(format!("{} {done}/{total}", stage.label()));
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.finish();
    }
}
