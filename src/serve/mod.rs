//! Serving: builds the site in memory and serves it on the loopback interface, so an
//! editor sees the site as citizens will, without writing output/. While serving it
//! watches the site's files, rebuilds on each save and reloads the pages open in the
//! browser; a build that fails is shown over the page and the last good site stays.
//!
//! - `http.rs`: HTTP with limits (head size and time, no bodies, bounded connections,
//!   own `Host` only); `mod.rs` answers requests from the site in memory.
//! - `state.rs`: what is served, swapped as a whole by each build.
//! - `watch.rs`: watching the files, and rebuilding only what a change affects.
//! - `events.rs`, `reload.rs`: the events each build sends to open pages, the script
//!   added to served pages, the events stream, the error page.

mod events;
mod http;
mod reload;
mod state;
mod watch;

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use crate::config::{self, Overrides};
use state::State;

pub use crate::output::Files;

/// Finds the file for a request path: "/van-ban/x/" → "van-ban/x/index.html".
pub fn lookup(files: &Files, url_path: &str) -> Option<(String, Arc<[u8]>)> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let path = crate::text::percent_decode(path);
    let path = path.trim_start_matches('/');
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_string(), format!("{path}/index.html")]
    };
    candidates.into_iter().find_map(|c| files.get(&c).map(|b| (c, Arc::clone(b))))
}

/// The Content-Type of a served file.
pub fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    match mime.type_() {
        mime_guess::mime::TEXT => format!("{mime}; charset=utf-8"),
        _ if mime.subtype() == mime_guess::mime::JSON || mime.subtype() == "xml" || mime.subtype() == "javascript" => {
            format!("{mime}; charset=utf-8")
        }
        _ => mime.to_string(),
    }
}

/// Why the preview could not start.
#[derive(Debug)]
pub enum ServeError {
    /// No congbo.toml in the folder given.
    NoSite(std::path::PathBuf),
    Read(std::path::PathBuf, std::io::Error),
    /// The address is in use or not this computer's.
    Listen(String, String),
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::NoSite(root) => {
                write!(f, "{}", t!("serve.no_site", file = config::CONFIG_FILE, root = root.display()))
            }
            ServeError::Read(root, e) => write!(f, "{}", t!("serve.cannot_read", path = root.display(), error = e)),
            ServeError::Listen(addr, e) => write!(f, "{}", t!("serve.cannot_listen", addr = addr, error = e)),
        }
    }
}

/// Builds the site at `root`, serves it on `interface:port` and rebuilds it on every
/// change until the process ends. Fails only when there is no site at `root` or the
/// address cannot be listened on; a failing build is served as its errors.
pub fn run(root: &Path, interface: &str, port: u16) -> Result<(), ServeError> {
    let addr = format!("{interface}:{port}");
    if !root.join(config::CONFIG_FILE).is_file() {
        return Err(ServeError::NoSite(root.to_path_buf()));
    }
    // Canonical, so that the watcher's paths and the diagnostics' paths share a prefix.
    let root = root.canonicalize().map_err(|e| ServeError::Read(root.to_path_buf(), e))?;
    let base_url = format!("http://{addr}/");
    let base = config::BaseUrl::parse(&base_url).map(|b| b.path).unwrap_or_else(|_| "/".into());
    // The preview shows drafts (with a banner); `build` never publishes them.
    let overrides = Overrides { base_url: Some(base_url), preview: true, ..Default::default() };
    // Listen first: a port in use is said at once, and pages asked for during the first
    // build wait for it instead of failing.
    let listener = std::net::TcpListener::bind(&addr).map_err(|e| ServeError::Listen(addr.clone(), e.to_string()))?;
    let state = Arc::new(State::new(base));

    let mut site = watch::Watched::start(&root, overrides);
    let documents = site.first_build(&state);
    match documents {
        Some(n) => eprintln!("{}", t!("serve.serving", count = n, addr = addr)),
        None => eprintln!("{}", t!("serve.serving_errors", addr = addr)),
    }
    let rebuild_state = Arc::clone(&state);
    std::thread::spawn(move || site.rebuild_on_changes(&rebuild_state));

    http::serve(listener, http::Hosts::new(interface), Arc::new(move |request| respond(&state, request)));
    Ok(())
}

/// Answers one request: congbo's own paths, the error page while no build succeeded,
/// else the last good site with the reload script added to its pages.
fn respond(state: &State, request: http::Request) {
    let url = request.url.clone();
    if let Some(own) = url.strip_prefix(reload::PREFIX) {
        return reload::respond(state, request, own.split(['?', '#']).next().unwrap_or(""));
    }
    if !state.built.load(Ordering::SeqCst) {
        let body = reload::error_page(&state.errors().unwrap_or_default());
        let headers = [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-store")];
        return request.respond(500, &headers, body.as_bytes());
    }
    let site = state.site();
    let site_path = url.strip_prefix(state.base.trim_end_matches('/')).unwrap_or(&url);
    let (status, path, body) = match lookup(&site, site_path) {
        Some((path, body)) => (200, path, body),
        None => {
            let body = site.get("404.html").cloned().unwrap_or_else(|| Arc::from(&b"404"[..]));
            (404, "404.html".to_string(), body)
        }
    };
    if status == 200 && path.ends_with(".html") {
        state.note_viewed(&path);
    }
    // Only what is served carries the script: the site in memory stays as `build` writes it.
    let body = if path.ends_with(".html") { reload::inject(&body) } else { body.to_vec() };
    // A reload must show the rebuilt page, never one the browser kept.
    let mime = content_type(&path);
    let headers = [("Content-Type", mime.as_str()), ("Cache-Control", "no-store")];
    request.respond(status, &headers, &body);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_index_files() {
        let mut files = Files::new();
        files.insert("index.html".to_string(), Arc::from(&b"home"[..]));
        files.insert("van-ban/x/index.html".to_string(), Arc::from(&b"doc"[..]));
        files.insert("style.css".to_string(), Arc::from(&b"css"[..]));
        assert_eq!(&*lookup(&files, "/").unwrap().1, b"home");
        assert_eq!(&*lookup(&files, "/van-ban/x/").unwrap().1, b"doc");
        assert_eq!(&*lookup(&files, "/van-ban/x").unwrap().1, b"doc");
        assert_eq!(&*lookup(&files, "/style.css?v=1").unwrap().1, b"css");
        assert!(lookup(&files, "/nope/").is_none());
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.svg"), "image/svg+xml");
    }
}
