//! Reloading open pages: the script `serve` adds to the pages it serves, the
//! Server-Sent Events stream that tells it about each build, and the error page shown
//! while no build has succeeded yet.
//!
//! The script is an external file on congbo's reserved path rather than inline, so a
//! site whose templates set a Content-Security-Policy without 'unsafe-inline' still
//! reloads; it styles its overlay through the DOM, which such a policy allows too.

use std::io::Write;
use std::sync::Arc;
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, SystemTime};

use super::http;
use super::state::State;
use crate::render::escape::escape;

/// congbo's own paths; no page of a site lives under it.
pub const PREFIX: &str = "/__congbo/";

/// The tag added to served pages.
const TAG: &str = "<script src=\"/__congbo/reload.js\" defer></script>";

const SCRIPT: &str = include_str!("reload.js");

/// A comment on the events stream this often, so a connection whose page is gone fails
/// to write and is dropped.
const HEARTBEAT: Duration = Duration::from_secs(15);

/// The heading of the error page; the overlay over a good build's page has its own, in
/// reload.js.
const HEADING_NO_BUILD: &str = "Bản dựng lỗi — chưa có bản dựng tốt nào để hiển thị";

/// This server's identity: a page that reconnects to a different one reloads, since
/// what it shows may be older than the new server's first build.
fn server_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        format!("{}-{nanos}", std::process::id())
    })
}

/// What a page needs to know on connecting: which server, and the current errors.
fn status(state: &State) -> serde_json::Value {
    let errors = state.errors();
    serde_json::json!({
        "server": server_id(),
        "ok": errors.is_none(),
        "built": state.built.load(std::sync::atomic::Ordering::SeqCst),
        "errors": errors,
    })
}

/// Answers a request under [`PREFIX`]: `path` is the rest of it.
pub fn respond(state: &State, request: http::Request, path: &str) {
    let (content_type, body) = match path {
        "events" => return stream(state, request),
        "reload.js" => ("text/javascript; charset=utf-8", SCRIPT.to_string()),
        "status" => ("application/json; charset=utf-8", status(state).to_string()),
        _ => return request.respond(404, &[("Content-Type", "text/plain")], b"404"),
    };
    request.respond(200, &[("Content-Type", content_type), ("Cache-Control", "no-store")], body.as_bytes());
}

/// The events stream, written on the connection as each event happens.
fn stream(state: &State, request: http::Request) {
    // Subscribed before the first message is made, so no build is missed in between.
    let events = state.events.subscribe();
    let mut out = request.into_stream();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    let hello = format!("{head}retry: 1000\n\nevent: hello\ndata: {}\n\n", status(state));
    if out.write_all(hello.as_bytes()).and_then(|_| out.flush()).is_err() {
        return;
    }
    loop {
        let message: Arc<str> = match events.recv_timeout(HEARTBEAT) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => Arc::from(": heartbeat\n\n"),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if out.write_all(message.as_bytes()).and_then(|_| out.flush()).is_err() {
            return; // the page is gone; dropping `events` unsubscribes it
        }
    }
}

/// `page` with the reload script in its head (or wherever a page without one allows).
pub fn inject(page: &[u8]) -> Vec<u8> {
    let find = |needle: &[u8]| page.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle));
    let at = find(b"</head>").or_else(|| find(b"<body")).unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + TAG.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(TAG.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// The page served for every path while no build has succeeded: the errors, escaped,
/// and the script that reloads it once a build succeeds.
pub fn error_page(errors: &str) -> String {
    format!(
        r#"<!doctype html>
<html lang="vi" data-congbo-error>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bản dựng lỗi · congbo</title>
<style>
body {{ margin: 0; background: #fff; color: #1a1a1a; }}
#congbo-errors {{ box-sizing: border-box; min-height: 100vh; padding: 16px; font: 14px/1.45 ui-monospace, Menlo, Consolas, monospace; }}
#congbo-errors h2 {{ font: bold 16px/1.3 system-ui, sans-serif; color: #a00; margin: 0 0 12px; }}
#congbo-errors pre {{ white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; font: inherit; }}
</style>
{TAG}
</head>
<body>
<div id="congbo-errors" role="alert">
<h2>{HEADING_NO_BUILD}</h2>
<p>Sửa tệp và lưu lại: trang sẽ tự tải lại.</p>
<pre>{}</pre>
</div>
</body>
</html>
"#,
        escape(errors)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_goes_in_the_head() {
        let page = b"<!doctype html><html><head><title>x</title></head><body>y</body></html>";
        let out = String::from_utf8(inject(page)).unwrap();
        assert!(out.contains(&format!("<title>x</title>{TAG}</head>")), "{out}");
        // A page without a head still gets it, once.
        let out = String::from_utf8(inject(b"<p>bare</p>")).unwrap();
        assert_eq!(out.matches(TAG).count(), 1);
    }

    #[test]
    fn errors_are_escaped_on_the_error_page() {
        let page = error_page("content/a.md:2:1: error: <script>alert(1)</script> & co");
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"), "{page}");
        assert_eq!(page.matches("<script").count(), 1, "only the reload script");
    }
}
