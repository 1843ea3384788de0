//! A static server for the browser tests: a thread per connection and one response per
//! connection (`Connection: close`). tiny_http, used before, kept keep-alive sockets
//! whose next request it never read while it answered others, and Chromium waited its
//! 300-second socket timeout on them: a test passed, five minutes late.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// What the server answers for a path.
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    pub content_type: String,
}

impl Reply {
    /// A file's bytes with the type its name says (text as UTF-8), or 404.
    pub fn file(path: &std::path::Path) -> Reply {
        match std::fs::read(path) {
            Ok(body) => {
                let mime = mime_guess::from_path(path).first_or_octet_stream().to_string();
                let content_type = if mime.starts_with("text/") || mime.contains("javascript") || mime.contains("json")
                {
                    format!("{mime}; charset=utf-8")
                } else {
                    mime
                };
                Reply { status: 200, body, content_type }
            }
            Err(_) => Reply::not_found(),
        }
    }

    pub fn not_found() -> Reply {
        Reply { status: 404, body: b"not found".to_vec(), content_type: "text/plain; charset=utf-8".into() }
    }
}

/// Serves until dropped.
pub struct StaticServer {
    port: u16,
    stop: Arc<AtomicBool>,
}

impl StaticServer {
    /// `answer` gets the request's path, percent-decoded, without its query.
    pub fn start(answer: impl Fn(&str) -> Reply + Send + Sync + 'static) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        let port = listener.local_addr().unwrap().port();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = Arc::clone(&stop);
        let answer = Arc::new(answer);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopped.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let answer = Arc::clone(&answer);
                std::thread::spawn(move || respond(stream, &*answer));
            }
        });
        StaticServer { port, stop }
    }

    pub fn port(&self) -> u16 {
        self.port
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so that it sees `stop`.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn respond(mut stream: TcpStream, answer: &(dyn Fn(&str) -> Reply + Send + Sync)) {
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(30)));
    // The request's head, to its blank line (the tests only GET).
    let mut head = Vec::new();
    let mut buf = [0_u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let target = head.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy().into_owned();
    let reply = answer(&path);
    let reason = if reply.status == 200 { "OK" } else { "Not Found" };
    let header = format!(
        "HTTP/1.1 {} {reason}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        reply.status,
        reply.content_type,
        reply.body.len()
    );
    let _ = stream.write_all(header.as_bytes());
    let _ = stream.write_all(&reply.body);
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Write);
    // Drains what the browser still sends, so that closing does not reset the
    // connection before it read the response.
    let _ = stream.read(&mut buf);
}
