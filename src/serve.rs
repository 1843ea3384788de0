//! Serving: builds the site in memory and serves it on the loopback interface, so an
//! editor sees the site as citizens will, without writing output/.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use crate::config::Config;

/// The site being served: URL path (without the base path) → bytes.
pub type SiteFiles = Arc<RwLock<BTreeMap<String, Vec<u8>>>>;

/// Finds the file for a request path: "/van-ban/x/" → "van-ban/x/index.html".
pub fn lookup(files: &BTreeMap<String, Vec<u8>>, url_path: &str) -> Option<(String, Vec<u8>)> {
    let path = url_path.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path);
    let path = path.trim_start_matches('/');
    let candidates = if path.is_empty() || path.ends_with('/') {
        vec![format!("{path}index.html")]
    } else {
        vec![path.to_string(), format!("{path}/index.html")]
    };
    candidates.into_iter().find_map(|c| files.get(&c).map(|b| (c, b.clone())))
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
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

/// Serves `files` on `addr` until the process ends.
pub fn run(config: &Config, files: SiteFiles, addr: &str) -> Result<(), String> {
    let server = tiny_http::Server::http(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let base = config.base_url.path.clone();
    for request in server.incoming_requests() {
        let url = request.url().to_string();
        let site_path = url.strip_prefix(base.trim_end_matches('/')).unwrap_or(&url);
        let site = files.read().map(|f| lookup(&f, site_path)).unwrap_or(None);
        let (status, path, body) = match site {
            Some((path, body)) => (200, path, body),
            None => {
                let body =
                    files.read().ok().and_then(|f| f.get("404.html").cloned()).unwrap_or_else(|| b"404".to_vec());
                (404, "404.html".to_string(), body)
            }
        };
        let header =
            tiny_http::Header::from_bytes("Content-Type", content_type(&path)).expect("static header is valid");
        let response = tiny_http::Response::from_data(body).with_status_code(status).with_header(header);
        let _ = request.respond(response);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_index_files() {
        let mut files = BTreeMap::new();
        files.insert("index.html".to_string(), b"home".to_vec());
        files.insert("van-ban/x/index.html".to_string(), b"doc".to_vec());
        files.insert("style.css".to_string(), b"css".to_vec());
        assert_eq!(lookup(&files, "/").unwrap().1, b"home");
        assert_eq!(lookup(&files, "/van-ban/x/").unwrap().1, b"doc");
        assert_eq!(lookup(&files, "/van-ban/x").unwrap().1, b"doc");
        assert_eq!(lookup(&files, "/style.css?v=1").unwrap().1, b"css");
        assert!(lookup(&files, "/nope/").is_none());
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.svg"), "image/svg+xml");
    }
}
