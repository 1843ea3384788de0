//! What a citizen clicks, in a real browser: the default site is served by
//! `congbo serve` and Debian's Chromium runs the search page's JavaScript
//! (`--dump-dom` prints the page after its scripts ran).
//!
//! Needs `chromium` on the PATH; .ci/run installs it. Without it the tests fail
//! under CI=true and are skipped (with a message) on a developer's machine.

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Html, Select, Text, congbo_command, parse, repo_root};

fn chromium() -> Option<&'static str> {
    ["chromium", "chromium-browser"]
        .into_iter()
        .find(|c| Command::new(c).arg("--version").output().is_ok_and(|o| o.status.success()))
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Serves the repository's default site on a free port.
fn serve() -> (Server, u16) {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = congbo_command()
        .args(["serve", "--root"])
        .arg(repo_root())
        .args(["--port", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("congbo serve starts");
    let server = Server(child);
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(start.elapsed() < Duration::from_secs(60), "congbo serve did not listen on {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
    (server, port)
}

/// The page's DOM after its scripts ran.
fn dom(browser: &str, url: &str) -> Html {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=8000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(url)
        .output()
        .expect("chromium runs");
    parse(&String::from_utf8_lossy(&out.stdout))
}

/// The result links (hrefs) of a search page, in order, and its status line.
fn results(page: &Html) -> (Vec<String>, String) {
    let hrefs = page.all("ol.search-results a[href]").iter().filter_map(|a| a.attr("href")).map(String::from).collect();
    let status = page.first("[role=status]").map(|s| s.visible_text()).unwrap_or_default();
    (hrefs, status)
}

fn browser_or_skip() -> Option<&'static str> {
    match chromium() {
        Some(b) => Some(b),
        None if std::env::var_os("CI").is_some() => panic!("chromium is not installed; .ci/run installs it"),
        None => {
            eprintln!("skipped: chromium is not installed (apt-get install chromium)");
            None
        }
    }
}

#[test]
fn search_finds_vietnamese_typed_without_diacritics_and_numbers_in_any_spelling() {
    let Some(browser) = browser_or_skip() else { return };
    let (_server, port) = serve();
    let search = |q: &str| results(&dom(browser, &format!("http://127.0.0.1:{port}/tim-kiem/?q={q}")));

    // "gia dinh hoc tap" finds documents about "Gia đình học tập", marked.
    let page = dom(browser, &format!("http://127.0.0.1:{port}/tim-kiem/?q=gia+dinh+hoc+tap"));
    let (hrefs, status) = results(&page);
    assert!(status.starts_with("Tìm thấy"), "status: {status:?}");
    assert!(hrefs.iter().any(|h| h == "/van-ban/ke-hoach-hoc-tap-suot-doi-2021-2030/"), "{hrefs:?}");
    assert!(
        page.all("mark").iter().any(|m| matches!(m.visible_text().as_str(), "đình" | "Đình")),
        "matches are marked in the original text"
    );

    // A number in any spelling finds its document first.
    for q in ["49%2FKL-TW", "49-kl-tw", "s%E1%BB%91+49-KL%2FTW"] {
        let (hrefs, status) = search(q);
        assert_eq!(hrefs.first().map(String::as_str), Some("/van-ban/49-kl-tw-2019/"), "{q}: {status} {hrefs:?}");
    }

    // The signer's name, typed without diacritics.
    let (hrefs, _) = search("phu+van+trang");
    assert_eq!(hrefs.first().map(String::as_str), Some("/van-ban/ke-hoach-thuc-hien-chi-thi-19-ct-tu/"), "{hrefs:?}");

    // A word no document holds is said, not silently dropped.
    let (hrefs, status) = search("xyzzyq");
    assert!(hrefs.is_empty() && status.starts_with("Không tìm thấy"), "{status:?} {hrefs:?}");
}

#[test]
fn document_pages_read_without_javascript_and_link_up() {
    let Some(browser) = browser_or_skip() else { return };
    let (_server, port) = serve();
    let page = dom(browser, &format!("http://127.0.0.1:{port}/van-ban/11-ct-tw-2007/"));
    // The tree of documents carrying out Chỉ thị 11-CT/TW, rendered on the server.
    assert!(page.one("body").visible_text().contains("văn bản thực hiện"), "no implementer counts");
    let links = page.root_element().links();
    for href in [
        "/van-ban/49-kl-tw-2019/",
        "/van-ban/ke-hoach-thuc-hien-chi-thi-11-ct-tw/",
        "/van-ban/hoi-nong-dan-thuc-hien-ke-hoach-387-kh-tu/",
    ] {
        assert!(links.iter().any(|l| l == href), "{href} not linked");
    }
}
