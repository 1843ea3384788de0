//! Stage timings, for measuring where a build's time goes: printed to stderr when the
//! environment sets CONGBO_TIMINGS (any value), and nothing otherwise.

use std::sync::OnceLock;
use std::time::Instant;

/// Whether timings are printed.
pub fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("CONGBO_TIMINGS").is_some())
}

/// Prints how long `what` took since `since`, and returns now, for the next stage.
pub fn lap(what: &str, since: Instant) -> Instant {
    let now = Instant::now();
    if enabled() {
        eprintln!("timing: {what:<24} {:>8.1} ms", (now - since).as_secs_f64() * 1000.0);
    }
    now
}
