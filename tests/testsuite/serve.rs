//! `congbo serve` as an editor uses it: the real binary serves a fixture site, the test
//! edits the site's files as an editor would, and reads the served pages, the events
//! stream the pages listen to and the status the error overlay uses, over plain HTTP.
//!
//! Nothing here measures time: each wait polls (every 100 ms, for up to 30 s) until
//! the server shows what it must.

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::{TestSite, congbo_command, html_files};

const PATIENCE: Duration = Duration::from_secs(30);

/// A running `congbo serve`, killed when dropped so that a failing test never leaves
/// a server behind; its terminal output is shown when the test failed, and must not
/// hold a panic when it passed.
struct Server {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        if std::thread::panicking() {
            eprintln!("--- congbo serve said:\n{log}");
        } else {
            assert!(!log.contains("panicked") && !log.contains("RUST_BACKTRACE"), "congbo serve panicked:\n{log}");
        }
    }
}

impl Server {
    fn start(site: &TestSite) -> Server {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let log = site.scratch().join("serve.log");
        let child = congbo_command()
            .args(["serve", "--root"])
            .arg(site.root())
            .args(["--port", &port.to_string()])
            .current_dir(site.scratch())
            .stdout(Stdio::null())
            .stderr(File::create(&log).unwrap())
            .spawn()
            .expect("congbo serve starts");
        let server = Server { child, port, log };
        // Answers once the first build is done (it listens before building).
        poll("the server to answer", || server.try_get("/__congbo/status"));
        server
    }

    /// A GET over HTTP/1.0: the status and the body.
    fn try_get(&self, path: &str) -> Option<(u16, String)> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        stream.set_read_timeout(Some(PATIENCE)).ok()?;
        write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).ok()?;
        let response = String::from_utf8_lossy(&response).into_owned();
        let (head, body) = response.split_once("\r\n\r\n")?;
        let status = head.split(' ').nth(1)?.parse().ok()?;
        Some((status, body.to_string()))
    }

    fn get(&self, path: &str) -> (u16, String) {
        self.try_get(path).unwrap_or_else(|| panic!("no answer for {path}"))
    }

    fn status(&self) -> serde_json::Value {
        serde_json::from_str(&self.get("/__congbo/status").1).expect("status is JSON")
    }

    /// Listens to the events stream, as the script in a page does.
    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to the events stream");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(stream, "GET /__congbo/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
            .unwrap();
        let mut events = Events(BufReader::new(stream));
        let mut head = String::new();
        while !head.ends_with("\r\n\r\n") {
            assert!(events.0.read_line(&mut head).unwrap() > 0, "the events stream closed: {head}");
        }
        assert!(head.starts_with("HTTP/1.1 200") && head.contains("text/event-stream"), "{head}");
        events
    }
}

/// Polls `f` every 100 ms until it gives something, for up to [`PATIENCE`].
fn poll<T>(what: &str, mut f: impl FnMut() -> Option<T>) -> T {
    let start = Instant::now();
    loop {
        if let Some(t) = f() {
            return t;
        }
        assert!(start.elapsed() < PATIENCE, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The events stream: each event's name and data, comments skipped.
struct Events(BufReader<TcpStream>);

impl Events {
    fn next(&mut self) -> (String, serde_json::Value) {
        let (mut name, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            let n = self.0.read_line(&mut line).expect("an event within 30 s");
            assert!(n > 0, "the events stream ended");
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !data.is_empty() {
                    return (name, serde_json::from_str(&data).expect("event data is JSON"));
                }
            } else if let Some(v) = line.strip_prefix("event: ") {
                name = v.to_string();
            } else if let Some(v) = line.strip_prefix("data: ") {
                data.push_str(v);
            }
        }
    }

    /// The next build event for which `wanted` holds (earlier ones are skipped).
    fn build_where(&mut self, wanted: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        let start = Instant::now();
        loop {
            assert!(start.elapsed() < PATIENCE, "no such build event");
            let (name, data) = self.next();
            if name == "build" && wanted(&data) {
                return data;
            }
        }
    }
}

fn changed(event: &serde_json::Value) -> Vec<&str> {
    event["changed"].as_array().map(|a| a.iter().filter_map(|v| v.as_str()).collect()).unwrap_or_default()
}

const DOC: &str = "content/plans/d-ke-hoach-ubnd-huyen.md";
const PAGE: &str = "/van-ban/45-kh-ubnd-2020/";

#[test]
fn edits_show_up_broken_builds_keep_the_last_good_site_and_fixes_recover() {
    let site = TestSite::fixture("chain");
    let server = Server::start(&site);
    let (status, page) = server.get(PAGE);
    assert_eq!(status, 200);
    assert!(page.contains("UBND huyện ban hành kế hoạch như sau"), "{page}");
    assert!(page.contains(r#"<script src="/__congbo/reload.js" defer></script>"#), "served pages carry the script");
    let (status, script) = server.get("/__congbo/reload.js");
    assert!(status == 200 && script.contains("EventSource"), "{script}");

    let mut events = server.events();
    let (name, hello) = events.next();
    assert_eq!((name.as_str(), &hello["ok"]), ("hello", &serde_json::json!(true)));

    // An edit to the Markdown shows up, and the event names the page it changed.
    site.edit(DOC, "như sau.", "như sau. Đoạn văn mới, vừa sửa.");
    poll("the edit to be served", || server.get(PAGE).1.contains("Đoạn văn mới, vừa sửa.").then_some(()));
    let built = events.build_where(|e| e["ok"] == true);
    assert!(changed(&built).contains(&PAGE), "{built}");
    assert!(!changed(&built).contains(&"/van-ban/30-kh-ubnd-2020/"), "an unchanged page is not announced: {built}");

    // Broken front matter: the error is reported, with the path from the site root,
    // and the last good page is still served.
    site.edit(DOC, "level: huyen", "level: [huyen");
    let failed = events.build_where(|e| e["ok"] == false);
    let errors = failed["errors"].as_str().unwrap_or_default();
    assert!(errors.contains(&format!("{DOC}:")) && errors.contains("error:"), "{errors}");
    let status = poll("the status to report the error", || {
        let s = server.status();
        (s["ok"] == false).then_some(s)
    });
    assert_eq!(status["errors"].as_str(), Some(errors), "the overlay shows what the terminal shows");
    let (code, page) = server.get(PAGE);
    assert_eq!(code, 200);
    assert!(page.contains("Đoạn văn mới, vừa sửa."), "the last good build is still served");

    // Fixed: the errors go away and the next edit shows up again.
    site.edit(DOC, "level: [huyen", "level: huyen");
    events.build_where(|e| e["ok"] == true);
    poll("the status to clear", || (server.status()["ok"] == true).then_some(()));
    site.edit(DOC, "Đoạn văn mới, vừa sửa.", "Đoạn văn sửa lần hai.");
    poll("the second edit to be served", || server.get(PAGE).1.contains("Đoạn văn sửa lần hai.").then_some(()));

    // A stylesheet of the site's own static/ folder (a folder made while serving) is
    // announced, so that open pages swap it in.
    site.write("static/style.css", "body { color: #123456 }\n");
    let built = events.build_where(|e| changed(e).contains(&"/style.css"));
    assert!(!changed(&built).contains(&PAGE), "{built}");
    poll("the new stylesheet", || server.get("/style.css").1.contains("#123456").then_some(()));

    let log = std::fs::read_to_string(&server.log).unwrap();
    assert!(log.contains(&format!("congbo: {DOC} changed; rebuilt in ")), "{log}");
}

/// An edit to a document's text renders its page alone (the terminal says so), then the
/// search index, which finds the new words; an edit to its front matter, or a text
/// naming another document, rebuilds the whole site. (That each rebuild serves what a
/// clean build makes, byte for byte, is the serve module's own test.)
#[test]
fn an_edit_to_a_text_renders_its_page_alone() {
    let site = TestSite::fixture("chain");
    let server = Server::start(&site);
    let mut events = server.events();
    let page_only = format!("congbo: {DOC} changed; rebuilt in ");
    let log_lines = |with: &str| -> Vec<String> {
        let log = std::fs::read_to_string(&server.log).unwrap();
        log.lines().filter(|l| l.starts_with(&page_only) && l.contains(with)).map(str::to_string).collect()
    };

    site.edit(DOC, "như sau.", "như sau. Khuyến khích xây dựng xã hội học tập.");
    let built = events.build_where(|e| e["ok"] == true);
    assert_eq!(changed(&built), [PAGE], "only its page is announced first");
    assert!(server.get(PAGE).1.contains("Khuyến khích xây dựng xã hội học tập."));
    // The search index follows, with the new words.
    let search = events.build_where(|e| changed(e).iter().any(|p| p.starts_with("/tim-kiem/chi-muc")));
    assert!(!changed(&search).contains(&PAGE), "{search}");
    let manifest: serde_json::Value = serde_json::from_str(&server.get("/tim-kiem/chi-muc.json").1).unwrap();
    let words = manifest["w"].as_object().unwrap();
    let shard = words.get("xa").map(|h| format!("/tim-kiem/chi-muc/xa.{}.json", h.as_str().unwrap()));
    let shard = shard.unwrap_or_else(|| panic!("a shard of words starting with xa: {manifest}"));
    assert!(server.get(&shard).1.contains("\"xa_hoi\""), "{shard}");
    poll("the terminal to say its page alone was rendered", || {
        (log_lines("its own page only").len() == 1).then_some(())
    });

    // Its front matter: the whole site, its page (open in the browser) served first.
    site.edit(DOC, "title: \"Thực hiện", "title: \"Triển khai thực hiện");
    let first = events.build_where(|e| e["ok"] == true);
    assert_eq!(changed(&first), [PAGE], "{first}");
    let built = events.build_where(|e| e["ok"] == true);
    assert!(changed(&built).len() > 1 && !changed(&built).contains(&PAGE), "{built}");
    assert_eq!(built["unchanged"], serde_json::json!([PAGE]), "{built}");
    poll("the whole site to be rebuilt", || (log_lines("").len() == 2).then_some(()));
    assert_eq!(log_lines("its own page only").len(), 1, "{:?}", log_lines(""));
}

/// A template edit renders the page open in the browser first and serves it (the
/// terminal says so); the rest of the site follows, and does not announce that page
/// again, so it is not reloaded twice. (A front matter edit does the same, above.)
#[test]
fn a_template_edit_serves_the_page_open_first() {
    let site = TestSite::fixture("chain");
    // The folder is there before: its creation is not a rebuild of its own.
    std::fs::create_dir_all(site.path("templates")).unwrap();
    let server = Server::start(&site);
    assert_eq!(server.get(PAGE).0, 200, "the page open in the browser");
    let mut events = server.events();
    let document = include_str!("../../themes/default/templates/document.html");
    let marked = document.replacen("{% block content %}", "{% block content %}<p>Mẫu đã sửa.</p>", 1);
    assert_ne!(marked, document);
    site.write("templates/document.html", &marked);

    let first = events.build_where(|e| e["ok"] == true);
    assert_eq!(changed(&first), [PAGE], "the page open, alone, first: {first}");
    let rest = events.build_where(|e| e["ok"] == true);
    let other = "/van-ban/30-kh-ubnd-2020/";
    assert!(changed(&rest).contains(&other) && !changed(&rest).contains(&PAGE), "{rest}");
    assert_eq!(rest["unchanged"], serde_json::json!([PAGE]), "{rest}");
    assert!(server.get(other).1.contains("Mẫu đã sửa.") && server.get(PAGE).1.contains("Mẫu đã sửa."));
    let log = std::fs::read_to_string(&server.log).unwrap();
    assert!(log.contains("congbo: templates/document.html changed; the pages being viewed rebuilt in "), "{log}");
}

#[test]
fn a_first_build_that_fails_serves_its_errors_until_fixed() {
    let site = TestSite::fixture("chain");
    site.edit(DOC, "date: 2020-09-15", "date: 2020-02-30");
    let server = Server::start(&site);
    let (status, page) = server.get(PAGE);
    assert_eq!(status, 500);
    assert!(page.contains("Bản dựng lỗi"), "{page}");
    assert!(page.contains(&format!("{DOC}:")) && page.contains("2020-02-30"), "{page}");
    assert!(page.contains("/__congbo/reload.js"), "the error page reloads itself once fixed");
    assert_eq!(server.status()["built"], false);

    site.edit(DOC, "date: 2020-02-30", "date: 2020-09-15");
    let page = poll("the site once fixed", || {
        let (status, page) = server.get(PAGE);
        (status == 200).then_some(page)
    });
    assert!(page.contains("UBND huyện ban hành kế hoạch như sau"), "{page}");
}

#[test]
fn escapes_errors_on_the_error_page() {
    let site = TestSite::fixture("chain");
    site.edit(DOC, "level: huyen", "level: \"<script>alert(1)</script>\"");
    let server = Server::start(&site);
    let (_, page) = server.get("/");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
    assert!(!page.contains("<script>alert(1)"), "{page}");
}

#[test]
fn built_sites_carry_no_reload_script() {
    let site = TestSite::fixture("chain");
    let run = site.build_ok(&[]);
    let pages = html_files(&run.output);
    assert!(!pages.is_empty());
    for page in pages {
        assert!(!run.read(&page).contains("__congbo"), "{page} carries serve's script");
    }
}

/// Sends `request` raw and returns the status the server answered (None: no answer).
fn raw_status(port: u16, request: &[u8]) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(PATIENCE)).ok()?;
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    response.split(' ').nth(1)?.parse().ok()
}

fn threads_of(pid: u32) -> usize {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("Threads:")).and_then(|n| n.trim().parse().ok()).unwrap_or(0)
}

/// The preview cannot be knocked over (issue 18): a huge announced body is never read,
/// an oversized head is refused, a foreign `Host` (DNS rebinding) is refused, 300
/// clients that never finish their headers hold a bounded number of threads and are
/// timed out, and after all of it the site is still served.
#[test]
fn hostile_requests_do_not_knock_the_preview_over() {
    let site = TestSite::fixture("chain");
    let server = Server::start(&site);
    let port = server.port;

    let huge_body = b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 99999999999\r\n\r\n";
    assert_eq!(raw_status(port, huge_body), Some(405), "a POST with a huge body length");
    let mut big_head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".to_vec();
    for i in 0..400 {
        big_head.extend_from_slice(format!("X-Dem-{i}: {}\r\n", "a".repeat(60)).as_bytes());
    }
    big_head.extend_from_slice(b"\r\n");
    assert_eq!(raw_status(port, &big_head), Some(431), "a 26 KB request head");
    assert_eq!(
        raw_status(port, b"GET / HTTP/1.1\r\nHost: preview.attacker.example:1111\r\n\r\n"),
        Some(421),
        "a foreign Host (DNS rebinding)"
    );
    assert_eq!(raw_status(port, b"not http at all\r\n\r\n"), Some(400));

    let idle: Vec<TcpStream> = (0..300)
        .filter_map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
            s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").ok()?;
            Some(s)
        })
        .collect();
    assert!(idle.len() >= 250, "could not open the idle connections");
    std::thread::sleep(Duration::from_millis(500));
    let threads = threads_of(server.child.id());
    assert!(threads <= 128 + 16, "300 idle clients hold {threads} threads");
    // The server closes a client that does not finish its head (408), without a request.
    let mut first = idle.into_iter().next().unwrap();
    first.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut answer = String::new();
    let _ = first.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "an idle client is not timed out: {answer:?}");
    let (status, body) = poll("the site to be served again", || server.try_get("/").filter(|(s, _)| *s == 200));
    assert_eq!(status, 200);
    assert!(body.contains("<html"), "the home page is not served after the attack");
}
