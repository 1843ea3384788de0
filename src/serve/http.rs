//! The preview's HTTP/1.1, with limits a hostile client cannot get round: the request
//! head is at most 16 KB and must arrive within 10 seconds, no request body is ever
//! read (the preview only answers GET and HEAD), at most 128 connections are open at
//! once, and a request whose `Host` is not this computer's address is refused (a web
//! page elsewhere could otherwise read the preview through DNS rebinding). Each
//! response closes its connection. Parsing is httparse's (hyper's parser).

use std::io::{Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The longest request head read.
const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send its request head (and to take a response).
const TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once; beyond that a client is told to come back.
pub const MAX_CONNECTIONS: usize = 128;

/// One request, with its connection to answer on.
pub struct Request {
    pub method: String,
    /// The request target as sent: "/van-ban/x/?q=1".
    pub url: String,
    stream: TcpStream,
}

impl Request {
    /// Answers with `body` (none for HEAD) and closes the connection.
    pub fn respond(mut self, status: u16, headers: &[(&str, &str)], body: &[u8]) {
        let mut head =
            format!("HTTP/1.1 {status} {}\r\nContent-Length: {}\r\nConnection: close\r\n", reason(status), body.len());
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let body = if self.method == "HEAD" { &[][..] } else { body };
        let _ = self.stream.write_all(head.as_bytes()).and_then(|_| self.stream.write_all(body));
        let _ = self.stream.flush();
    }

    /// The connection, for a response written as it happens (the events stream); the
    /// write timeout stays, so a reader that stops reading is dropped.
    pub fn into_stream(self) -> TcpStream {
        self.stream
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Which `Host` headers name this server: its own address and `localhost`; when listening on every interface, any IP address (never a DNS name, which
/// is what a rebinding attack would send).
#[derive(Clone)]
pub struct Hosts {
    interface: String,
}

impl Hosts {
    pub fn new(interface: &str) -> Self {
        Hosts { interface: interface.trim_matches(['[', ']']).to_ascii_lowercase() }
    }

    /// Only the name counts: a rebinding page is on another name, whatever the port.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        let name = match host.rsplit_once(':') {
            Some((n, p)) if !n.is_empty() && !p.contains(']') && p.parse::<u16>().is_ok() => n,
            _ => host.as_str(),
        };
        let name = name.trim_matches(['[', ']']);
        let any = matches!(self.interface.as_str(), "0.0.0.0" | "::");
        name == "localhost" || name == self.interface || name.parse::<IpAddr>().is_ok_and(|ip| any || ip.is_loopback())
    }
}

/// Accepts connections until the process ends, handing each good GET or HEAD request
/// to `handle` on its own thread; everything else is answered here.
pub fn serve(listener: TcpListener, hosts: Hosts, handle: Arc<dyn Fn(Request) + Send + Sync>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        let _ = stream.set_read_timeout(Some(TIMEOUT));
        let _ = stream.set_write_timeout(Some(TIMEOUT));
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.write_all(
                b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
            continue;
        }
        let (open, hosts, handle) = (Arc::clone(&open), hosts.clone(), Arc::clone(&handle));
        std::thread::spawn(move || {
            if let Some(request) = read_request(stream, &hosts) {
                handle(request);
            }
            open.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// Reads and checks one request head; answers a bad one itself.
fn read_request(mut stream: TcpStream, hosts: &Hosts) -> Option<Request> {
    let mut buf = vec![0u8; MAX_HEAD];
    let mut len = 0;
    loop {
        if len == MAX_HEAD {
            refuse(stream, 431, "request head too large");
            return None;
        }
        match stream.read(&mut buf[len..]) {
            Ok(0) => return None,
            Ok(n) => len += n,
            Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {
                refuse(stream, 408, "request head not received in time");
                return None;
            }
            Err(_) => return None,
        }
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut parsed = httparse::Request::new(&mut headers);
        match parsed.parse(&buf[..len]) {
            Ok(httparse::Status::Partial) => continue,
            Ok(httparse::Status::Complete(_)) => {
                let method = parsed.method.unwrap_or("").to_string();
                let url = parsed.path.unwrap_or("/").to_string();
                let host = parsed.headers.iter().find(|h| h.name.eq_ignore_ascii_case("host"));
                let host = host.and_then(|h| std::str::from_utf8(h.value).ok()).unwrap_or("");
                if !hosts.allows(host) {
                    refuse(stream, 421, "this preview answers only requests addressed to its own address");
                    return None;
                }
                if method != "GET" && method != "HEAD" {
                    // The body, whatever its announced length, is never read.
                    refuse(stream, 405, "the preview answers only GET and HEAD");
                    return None;
                }
                return Some(Request { method, url, stream });
            }
            Err(httparse::Error::TooManyHeaders) => {
                refuse(stream, 431, "too many header fields");
                return None;
            }
            Err(_) => {
                refuse(stream, 400, "not an HTTP request");
                return None;
            }
        }
    }
}

fn refuse(stream: TcpStream, status: u16, why: &str) {
    let request = Request { method: "GET".into(), url: String::new(), stream };
    let allow = if status == 405 { vec![("Allow", "GET, HEAD")] } else { vec![] };
    let mut headers = vec![("Content-Type", "text/plain; charset=utf-8")];
    headers.extend(allow);
    request.respond(status, &headers, format!("{why}\n").as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_computers_names_are_hosts() {
        let local = Hosts::new("127.0.0.1");
        assert!(local.allows("127.0.0.1:1111"));
        assert!(local.allows("localhost:1111"));
        assert!(local.allows("[::1]:1111"));
        assert!(!local.allows("attacker.example:1111"), "DNS rebinding");
        assert!(local.allows("127.0.0.1"), "no port (HTTP/1.0 clients)");
        assert!(!local.allows(""), "no Host");
        let shared = Hosts::new("0.0.0.0");
        assert!(shared.allows("192.168.1.20:1111"));
        assert!(!shared.allows("preview.attacker.example:1111"));
    }
}
