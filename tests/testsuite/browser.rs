//! What a citizen clicks, in a real browser: the default site is served by
//! `congbo serve` and Debian's Chromium runs the search page's JavaScript
//! (`--dump-dom` prints the page after its scripts ran).
//!
//! Layout, accessibility and print are measured on the built site (the files a portal
//! publishes), served by a small static server in the test: `browser/probe.html` loads
//! each page in an iframe of a phone's or a desktop's width and writes what it measured
//! (where the text starts, the page's width, axe-core's violations) into its own DOM,
//! which `--dump-dom` prints. No DevTools client is needed, but for the live reload an
//! editor sees in `serve`: a page kept open while its template is edited
//! (`browser/reload.mjs`, run by Node with the `ws` package, drives Chromium).
//!
//! Needs `chromium` on the PATH, axe-core for the accessibility test (at
//! `target/browser-tools/node_modules/axe-core/axe.min.js`, or `AXE_JS`), and Node with
//! `ws` for the live-reload test (`…/node_modules/ws/wrapper.mjs`, or `WS_JS`); .ci/run
//! installs them. Without them the tests fail under CI (env `CI` set) and are skipped
//! (with a message) on a developer's machine.

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::support::{Html, Select, Text, congbo, congbo_command, parse, repo_root};

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
    dom_within(browser, url, 8000)
}

/// The page's DOM after its scripts ran for at most `budget_ms` of virtual time.
fn dom_within(browser: &str, url: &str, budget_ms: u32) -> Html {
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
            "--hide-scrollbars",
            "--dump-dom",
        ])
        .arg(format!("--virtual-time-budget={budget_ms}"))
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

/// The visible text of each result (name, title, snippet), folded.
fn result_texts(page: &Html) -> Vec<String> {
    page.all("ol.search-results li").iter().map(|li| li.visible_text().to_lowercase()).collect()
}

#[test]
fn search_finds_vietnamese_typed_without_diacritics_and_numbers_in_any_spelling() {
    let Some(browser) = browser_or_skip() else { return };
    let (_server, port) = serve();
    let page_for = |q: &str| dom(browser, &format!("http://127.0.0.1:{port}/tim-kiem/?q={q}"));
    let search = |q: &str| results(&page_for(q));

    // "gia dinh hoc tap": the documents holding the phrase come before those with the
    // four syllables scattered; only whole words are marked.
    let page = page_for("gia+dinh+hoc+tap");
    let (hrefs, status) = results(&page);
    assert!(status.starts_with("Tìm thấy"), "status: {status:?}");
    let texts = result_texts(&page);
    assert!(texts.len() >= 10, "{texts:?}");
    for (i, t) in texts.iter().take(5).enumerate() {
        assert!(t.contains("gia đình học tập"), "result {} lacks the phrase: {t}\n{hrefs:?}", i + 1);
    }
    let last_phrase = texts.iter().rposition(|t| t.contains("gia đình học tập")).unwrap();
    let first_scattered = texts.iter().position(|t| !t.contains("gia đình") && !t.contains("học tập"));
    assert!(
        first_scattered.is_none_or(|f| f > last_phrase),
        "scattered syllables (result {first_scattered:?}) rank above the phrase (result {last_phrase}): {hrefs:?}"
    );
    let marks = page.all("mark");
    assert!(marks.iter().any(|m| matches!(m.visible_text().as_str(), "đình" | "Đình")), "matches are marked");
    for m in &marks {
        let after = m.next_sibling().and_then(|n| n.value().as_text().map(|t| t.to_string())).unwrap_or_default();
        let before = m.prev_sibling().and_then(|n| n.value().as_text().map(|t| t.to_string())).unwrap_or_default();
        assert!(
            !after.starts_with(char::is_alphanumeric) && !before.ends_with(char::is_alphanumeric),
            "part of a word marked: …{}[{}]{}…",
            before.chars().rev().take(10).collect::<String>().chars().rev().collect::<String>(),
            m.visible_text(),
            after.chars().take(10).collect::<String>()
        );
    }

    // Typed with diacritics, the same word first: "đình" before "định".
    let texts = result_texts(&page_for("%C4%91%C3%ACnh"));
    assert!(texts.len() >= 10, "{texts:?}");
    for (i, t) in texts.iter().take(10).enumerate() {
        assert!(t.contains("đình"), "result {} of “đình” has no “đình”: {t}", i + 1);
    }

    // A number in any spelling finds its document first, then those carrying it out.
    for q in ["49%2FKL-TW", "49-kl-tw", "s%E1%BB%91+49-KL%2FTW"] {
        let (hrefs, status) = search(q);
        assert_eq!(hrefs.first().map(String::as_str), Some("/van-ban/49-kl-tw-2019/"), "{q}: {status} {hrefs:?}");
        assert!(hrefs.iter().any(|h| h == "/van-ban/387-kh-tu-2019/"), "{q}: the plan implementing it: {hrefs:?}");
    }

    // The signer's name, typed without diacritics.
    let (hrefs, _) = search("phu+van+trang");
    assert_eq!(hrefs.first().map(String::as_str), Some("/van-ban/ke-hoach-thuc-hien-chi-thi-19-ct-tu/"), "{hrefs:?}");

    // One typo is forgiven, and said.
    let page = page_for("khuyen+hox");
    let (hrefs, _) = results(&page);
    assert!(!hrefs.is_empty(), "no results for a typo");
    let hint = page.one(".suggestion").visible_text();
    // The suggestion sits, as a link, inside the theme's sentence.
    assert!(hint.starts_with("Có phải bạn muốn tìm") && hint.contains("“khuyen hoc”?"), "{hint:?}");
    // In a word's first letters too (found by its ending), the word that stands next to
    // its neighbour in the documents preferred ("huyen" is one edit away as well).
    let page = page_for("jhuyen+hoc");
    let (hrefs, _) = results(&page);
    assert!(!hrefs.is_empty(), "no results for a typo in the first letter");
    let hint = page.one(".suggestion").visible_text();
    assert!(hint.contains("“khuyen hoc”?"), "{hint:?}");

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

/// The default site, built into a temporary folder and served as static files, with the
/// probe page and axe-core under `/__test/`.
struct Built {
    out: tempfile::TempDir,
    server: crate::support::StaticServer,
}

impl Built {
    fn new() -> Built {
        let out = tempfile::tempdir().unwrap();
        let run = congbo(
            out.path(),
            &["build", "--root", repo_root().to_str().unwrap(), "--output", out.path().join("site").to_str().unwrap()],
            &[],
        );
        assert!(run.status.success(), "{}", run.stderr);
        let root = out.path().join("site");
        let axe = axe_js();
        let server = crate::support::StaticServer::start(move |path| {
            let file: Option<PathBuf> = match path {
                "/__test/probe.html" => {
                    Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testsuite/browser/probe.html"))
                }
                "/__test/axe.min.js" => axe.clone(),
                p if p.contains("..") => None,
                p if p.ends_with('/') => Some(root.join(&p[1..]).join("index.html")),
                p => Some(root.join(&p[1..])),
            };
            file.map_or_else(crate::support::Reply::not_found, |f| crate::support::Reply::file(&f))
        });
        Built { out, server }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.server.port())
    }

    fn site(&self) -> PathBuf {
        self.out.path().join("site")
    }

    /// Every document page's path, /van-ban/<slug>/.
    fn document_pages(&self) -> Vec<String> {
        let mut pages: Vec<String> = std::fs::read_dir(self.site().join("van-ban"))
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().join("index.html").is_file())
            .filter_map(|e| e.file_name().to_str().map(|n| format!("/van-ban/{n}/")))
            .filter(|p| !p.starts_with("/van-ban/trang-"))
            .collect();
        pages.sort();
        pages
    }

    /// What the probe measured on each of `pages` at `width` CSS pixels, one map of
    /// its data- attributes per page.
    fn probe(
        &self,
        browser: &str,
        pages: &[String],
        width: u32,
        axe: bool,
    ) -> Vec<std::collections::BTreeMap<String, String>> {
        self.probe_with(browser, pages, width, axe, "", "")
    }

    /// [`Built::probe`], with `typed` typed into the search box first (when not empty) and
    /// `extra` added to the probe's query string.
    fn probe_with(
        &self,
        browser: &str,
        pages: &[String],
        width: u32,
        axe: bool,
        typed: &str,
        extra: &str,
    ) -> Vec<std::collections::BTreeMap<String, String>> {
        let list = pages.iter().map(|p| p.replace(',', "%2C")).collect::<Vec<_>>().join(",");
        let enc = |s: &str| percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string();
        let url = self.url(&format!(
            "/__test/probe.html?w={width}&axe={}&type={}&p={}{extra}",
            u8::from(axe),
            enc(typed),
            enc(&list)
        ));
        let page = dom_within(browser, &url, 60_000 + 4000 * pages.len() as u32);
        assert!(page.first("#out[data-done]").is_some(), "the probe did not finish on {pages:?}");
        let measured: Vec<std::collections::BTreeMap<String, String>> = page
            .all("#out li")
            .iter()
            .map(|li| {
                li.value().attrs().map(|(k, v)| (k.trim_start_matches("data-").to_string(), v.to_string())).collect()
            })
            .collect();
        let missing: Vec<&String> = measured.iter().filter(|m| m["found"] != "true").map(|m| &m["page"]).collect();
        assert!(missing.is_empty(), "not pages of the site: {missing:?}");
        measured
    }
}

/// axe-core's script: AXE_JS, else where .ci/run installs it.
fn axe_js() -> Option<PathBuf> {
    let path = std::env::var_os("AXE_JS").map(PathBuf::from).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-tools/node_modules/axe-core/axe.min.js")
    });
    path.is_file().then_some(path)
}

fn number(m: &std::collections::BTreeMap<String, String>, key: &str) -> i64 {
    m.get(key).and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("no {key} in {m:?}"))
}

/// Two screens of an old phone (360×740): the document's own text must start within
/// them, whatever the document carries (targets, long chains, many headings).
const TWO_SCREENS: i64 = 2 * 740;

#[test]
fn every_document_page_shows_its_text_within_two_phone_screens() {
    let Some(browser) = browser_or_skip() else { return };
    let site = Built::new();
    let pages = site.document_pages();
    assert!(pages.len() > 40, "{pages:?}");
    let measured = site.probe(browser, &pages, 360, false);
    assert_eq!(measured.len(), pages.len());
    // Documents kept for their metadata only (a directive without its text) have none.
    let with_text: Vec<_> = measured.iter().filter(|m| m["bodytop"] != "none").collect();
    assert!(with_text.len() > 30, "{} documents with text", with_text.len());
    let late: Vec<String> = with_text
        .iter()
        .filter(|m| !(0..=TWO_SCREENS).contains(&number(m, "bodytop")))
        .map(|m| format!("{} starts at {} px", m["page"], m["bodytop"]))
        .collect();
    assert!(late.is_empty(), "text not within two 740 px screens at 360 px:\n{}", late.join("\n"));
    // The plans that buried their text under target cards read first now.
    let top = |p: &str| measured.iter().find(|m| m["page"] == p).map(|m| number(m, "bodytop")).unwrap();
    assert!(top("/van-ban/41-cthd-hkh-2022/") <= TWO_SCREENS);
    let wide: Vec<String> = measured
        .iter()
        .filter(|m| number(m, "scrollwidth") > number(m, "viewport"))
        .map(|m| format!("{} is {} px wide in {} px", m["page"], m["scrollwidth"], m["viewport"]))
        .collect();
    assert!(wide.is_empty(), "pages wider than a 360 px phone:\n{}", wide.join("\n"));
    assert_charts_legible(&measured, 360);
}

/// Chart text reads at 12 px or more on a 360 px phone, and no label spills out of its
/// chart (at any width).
fn assert_charts_legible(measured: &[std::collections::BTreeMap<String, String>], width: u32) {
    let mut charts = 0;
    let mut problems = Vec::new();
    for m in measured {
        if !m["chartspill"].is_empty() {
            problems.push(format!("{} at {width} px: labels outside their chart: {}", m["page"], m["chartspill"]));
        }
        if m["charttext"] == "none" {
            continue;
        }
        charts += 1;
        let px: f64 = m["charttext"].parse().unwrap();
        if width >= 360 && px < 12.0 {
            problems.push(format!("{} at {width} px: chart text {px} px", m["page"]));
        }
    }
    assert!(charts > 0, "no charts measured");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// One page of each type: home, a plan with targets, a directive with implementers,
/// an indicator, a listing, search with results, the data page, the editors' guide
/// (code blocks), a report with a long source address.
const PAGE_TYPES: [&str; 9] = [
    "/",
    "/van-ban/41-cthd-hkh-2022/",
    "/van-ban/11-ct-tw-2007/",
    "/chi-tieu/gia-dinh-hoc-tap/",
    "/van-ban/",
    "/tim-kiem/?q=gia+dinh",
    "/du-lieu/",
    "/huong-dan-bien-tap/",
    "/van-ban/de-an-281-tong-ket-2020/",
];

#[test]
fn every_page_type_passes_axe_and_fits_a_320_px_screen() {
    let Some(browser) = browser_or_skip() else { return };
    if axe_js().is_none() {
        assert!(std::env::var_os("CI").is_none(), "axe-core is not installed; .ci/run installs it");
        eprintln!("skipped: axe-core is not installed (npm install --prefix target/browser-tools axe-core)");
        return;
    }
    let site = Built::new();
    let pages: Vec<String> = PAGE_TYPES.iter().map(|p| p.to_string()).collect();
    let mut problems = Vec::new();
    for width in [320, 360, 1280] {
        let measured = site.probe(browser, &pages, width, true);
        assert_eq!(measured.len(), pages.len(), "{measured:?}");
        for m in &measured {
            if number(m, "violations") != 0 {
                problems.push(format!("{} at {width} px: {}", m["page"], m["details"]));
            }
            if number(m, "scrollwidth") > number(m, "viewport") {
                problems.push(format!("{} is {} px wide at {width} px", m["page"], m["scrollwidth"]));
            }
        }
        assert_charts_legible(&measured, width);
    }
    assert!(problems.is_empty(), "axe-core (WCAG 2.0/2.1 A, AA) and width:\n{}", problems.join("\n"));
}

/// Results appear as the citizen types (no Enter), and the address keeps the query.
#[test]
fn search_shows_results_as_you_type() {
    let Some(browser) = browser_or_skip() else { return };
    let site = Built::new();
    let measured = site.probe_with(browser, &["/tim-kiem/".to_string()], 360, false, "49-kl/tw", "");
    let m = &measured[0];
    assert!(number(m, "results") >= 2, "{m:?}");
    assert_eq!(m["first"], "/van-ban/49-kl-tw-2019/", "{m:?}");
    assert_eq!(m["query"], "?q=49-kl%2Ftw", "{m:?}");
}

/// A word in many documents: its shard holds the first of them only, so the first page
/// says "at least"; "more results" reads the rest, ranks again and shows the next page
/// without repeating a document of the first.
#[test]
fn search_reads_the_rest_of_long_lists_for_more_results() {
    let Some(browser) = browser_or_skip() else { return };
    let site = Built::new();
    let pages = ["/tim-kiem/?q=hoc".to_string()];
    let first = &site.probe_with(browser, &pages, 1280, false, "", "")[0];
    // Ten a page: a phone shows them in four screens, and their records are most of
    // the bytes a query reads.
    assert_eq!(number(first, "results"), 10, "{first:?}");
    assert!(first["status"].starts_with("Tìm thấy ít nhất"), "{first:?}");
    let next = &site.probe_with(browser, &pages, 1280, false, "", "&more=1")[0];
    assert!(number(next, "results") > 10, "{next:?}");
    assert_eq!(next["distinct"], next["results"], "a document shown twice: {next:?}");
    assert!(next["status"].starts_with("Tìm thấy") && !next["status"].contains("ít nhất"), "{next:?}");
}

/// A word of a printed page, in points from the page's top left, pages stacked.
#[derive(Debug, Clone)]
struct PdfWord {
    text: String,
    page: usize,
    x0: f64,
    x1: f64,
    y0: f64,
}

fn tool_or_skip(tool: &str) -> bool {
    if Command::new(tool).arg("-v").output().is_ok() {
        return true;
    }
    assert!(std::env::var_os("CI").is_none(), "{tool} is not installed; .ci/run installs poppler-utils");
    eprintln!("skipped: {tool} is not installed (apt-get install poppler-utils)");
    false
}

/// The page printed to PDF by Chromium (A4, the page's own @page margins).
fn print_pdf(browser: &str, url: &str, pdf: &Path) {
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-pdf-header-footer"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("chromium runs");
    assert!(status.success() && pdf.is_file(), "chromium printed no PDF of {url}");
}

fn pdf_words(pdf: &Path) -> Vec<PdfWord> {
    let out = Command::new("pdftotext").arg("-bbox").arg(pdf).arg("-").output().expect("pdftotext runs");
    let html = parse(&String::from_utf8_lossy(&out.stdout));
    let mut words = Vec::new();
    for (page, p) in html.all("page").into_iter().enumerate() {
        for w in p.all("word") {
            let num = |k: &str| w.attr(k).and_then(|v| v.parse::<f64>().ok()).unwrap();
            words.push(PdfWord { text: w.visible_text(), page, x0: num("xmin"), x1: num("xmax"), y0: num("ymin") });
        }
    }
    words
}

/// The font families a PDF embeds ("DejaVuSerif" for DejaVuSerif-Bold).
fn pdf_families(pdf: &Path) -> BTreeSet<String> {
    let out = Command::new("pdffonts").arg(pdf).output().expect("pdffonts runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(|name| {
            let name = name.split_once('+').map_or(name, |(_, n)| n);
            name.split(['-', ',']).next().unwrap_or(name).to_string()
        })
        .collect()
}

use std::collections::BTreeSet;

#[test]
fn documents_print_like_the_signed_original() {
    let Some(browser) = browser_or_skip() else { return };
    if !tool_or_skip("pdftotext") {
        return;
    }
    let site = Built::new();
    let tmp = tempfile::tempdir().unwrap();
    // A4 in points, the margins of Nghị định 30/2020/NĐ-CP: 20 mm top and bottom,
    // 30 mm left, 15 mm right.
    let mm = 72.0 / 25.4;
    let (width, height) = (210.0 * mm, 297.0 * mm);
    let (left, right, top, bottom) = (30.0 * mm, width - 15.0 * mm, 20.0 * mm, height - 20.0 * mm);
    let middle = (left + right) / 2.0;

    let pdf = tmp.path().join("41.pdf");
    print_pdf(browser, &site.url("/van-ban/41-cthd-hkh-2022/"), &pdf);
    let words = pdf_words(&pdf);
    assert!(words.len() > 200, "{} words printed", words.len());
    let find =
        |text: &str| words.iter().find(|w| w.text == text).cloned().unwrap_or_else(|| panic!("{text:?} not printed"));
    let at = |w: &PdfWord| (w.page, w.y0);
    for w in &words {
        assert!(w.x0 >= left - 1.0 && w.x1 <= right + 1.0, "{:?} outside the 30 mm / 15 mm side margins", w);
        assert!(w.y0 >= top - 1.0 && w.y0 <= bottom + 1.0, "{:?} outside the 20 mm top and bottom margins", w);
    }
    // Issuer left and quốc hiệu right, on the first line; "Số:" left, the motto and the
    // place and date right, below.
    let (issuer, nation, number, motto, date) = (find("BAN"), find("CỘNG"), find("Số:"), find("Độc"), find("ngày"));
    assert!(
        issuer.x1 < middle && nation.x0 > issuer.x1 && (issuer.y0 - nation.y0).abs() < 3.0,
        "{issuer:?} {nation:?}"
    );
    assert!(number.x1 < middle && motto.x0 > middle - 20.0 && date.x0 > middle, "{number:?} {motto:?} {date:?}");
    assert!(at(&motto) > at(&nation) && at(&date) > at(&motto));
    // The title centred below; the body; then Nơi nhận left and the signer right.
    let kind = words.iter().filter(|w| (w.y0 - find("CHƯƠNG").y0).abs() < 1.0).collect::<Vec<_>>();
    let centre = (kind.first().unwrap().x0 + kind.last().unwrap().x1) / 2.0;
    assert!((centre - middle).abs() < 12.0, "the title line is centred at {centre:.0} pt, not {middle:.0}");
    let (body, recipients, signer) = (find("Căn"), find("Nơi"), find("Hiền"));
    assert!(at(&kind[0]) > at(&date) && at(&body) > at(&kind[0]) && at(&recipients) > at(&body), "order");
    assert!(
        recipients.x1 < middle && signer.x0 > middle && signer.page == recipients.page,
        "{recipients:?} {signer:?}"
    );
    // Nothing of the screen: no menu, no attributes table, no target cards.
    for screen_only in ["Tìm", "Thuộc", "Đánh"] {
        assert!(!words.iter().any(|w| w.text == screen_only), "{screen_only:?} printed");
    }
    // One serif family: no letter drawn in another face.
    let families = pdf_families(&pdf);
    assert_eq!(families.len(), 1, "fonts: {families:?}");
    assert!(!families.iter().any(|f| f.contains("Sans")), "{families:?}");

    // A Party committee's plan carries ĐẢNG CỘNG SẢN VIỆT NAM instead of the quốc hiệu.
    let pdf = tmp.path().join("party.pdf");
    print_pdf(browser, &site.url("/van-ban/ke-hoach-thuc-hien-chi-thi-19-ct-tu/"), &pdf);
    let words = pdf_words(&pdf);
    let line: Vec<&str> =
        words.iter().filter(|w| w.page == 0 && w.x0 > middle).take(4).map(|w| w.text.as_str()).collect();
    assert_eq!(line, ["ĐẢNG", "CỘNG", "SẢN", "VIỆT"], "{words:?}");
    assert!(!words.iter().any(|w| w.text == "HÒA"), "the quốc hiệu on a Party document");
    assert_eq!(pdf_families(&pdf).len(), 1);
}

/// A deploy while the search page is open: the page read the manifest of one build,
/// then the server holds the next build (a document added, so the files of its words
/// have new names). The files the old manifest names are gone (404): the page reads
/// the manifest again, past the cache, and the results come, the new document's too.
#[test]
fn search_reads_the_manifest_again_after_a_deploy() {
    let Some(browser) = browser_or_skip() else { return };
    let site = crate::support::TestSite::default_site();
    let dirs = tempfile::tempdir().unwrap();
    let (old, new) = (dirs.path().join("old"), dirs.path().join("new"));
    site.build_ok(&["--output", old.to_str().unwrap()]);
    site.write(
        "content/plans/zz-them.md",
        "---\nkind: Kế hoạch\nnumber: \"7/KH-UBND\"\ntitle: \"Gia đình học tập Zyxw\"\nissuer: \"UBND tỉnh Zeta\"\ndate: 2024-05-06\n---\n\nGia đình học tập Zyxw.\n",
    );
    site.build_ok(&["--output", new.to_str().unwrap()]);

    // The old build's manifest once, then the new build for everything.
    let manifests = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = Arc::clone(&manifests);
    let missing = Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let missed = Arc::clone(&missing);
    let server = crate::support::StaticServer::start(move |path| {
        let root = if path == "/tim-kiem/chi-muc.json" && seen.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
            &old
        } else {
            &new
        };
        let file = if path.ends_with('/') { root.join(&path[1..]).join("index.html") } else { root.join(&path[1..]) };
        let reply =
            if path.contains("..") { crate::support::Reply::not_found() } else { crate::support::Reply::file(&file) };
        if reply.status == 404 {
            missed.lock().unwrap().push(path.to_string());
        }
        reply
    });
    let port = server.port();
    let page = dom(browser, &format!("http://127.0.0.1:{port}/tim-kiem/?q=gia+dinh+hoc+tap+zyxw"));
    drop(server);
    let (hrefs, status) = results(&page);
    let missing = missing.lock().unwrap().clone();
    assert!(
        missing.iter().any(|p| p.starts_with("/tim-kiem/chi-muc/")),
        "the old manifest's word files were all found, so nothing was tested: {missing:?}"
    );
    assert_eq!(manifests.load(std::sync::atomic::Ordering::SeqCst), 2, "the manifest read again once; {missing:?}");
    assert!(status.starts_with("Tìm thấy"), "{status:?} {missing:?}");
    assert_eq!(hrefs.first().map(String::as_str), Some("/van-ban/7-kh-ubnd-2024/"), "{hrefs:?}");
}

/// The `ws` package (a DevTools client for `browser/reload.mjs`): WS_JS, else where
/// .ci/run installs it.
fn ws_module() -> Option<PathBuf> {
    let path = std::env::var_os("WS_JS").map(PathBuf::from).unwrap_or_else(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-tools/node_modules/ws/wrapper.mjs")
    });
    path.is_file().then_some(path)
}

/// `browser/reload.mjs` running: ended by closing its input, so that it closes its
/// Chromium too (killed only if it does not end).
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        drop(self.0.stdin.take());
        let start = Instant::now();
        while self.0.try_wait().ok().flatten().is_none() && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// An editor keeps a document's page open in the browser and edits the template every
/// document uses, on a site of more documents than a rebuild names one by one: the
/// page reloads by itself and shows the edit, once — served first, it is not reloaded
/// again when the whole rebuild follows and tells every other open page to reload.
#[test]
fn a_page_open_in_the_browser_reloads_once_after_a_template_edit() {
    let Some(browser) = browser_or_skip() else { return };
    let Some(ws) = ws_module() else {
        assert!(std::env::var_os("CI").is_none(), "the ws package is not installed; .ci/run installs it");
        eprintln!("skipped: npm install --prefix target/browser-tools ws");
        return;
    };
    let site = crate::support::TestSite::fixture("chain");
    let plan = site.read_source("content/plans/d-ke-hoach-ubnd-huyen.md");
    for n in 0..310 {
        let copy = plan.replacen("45/KH-UBND", &format!("{}/KH-UBND", 1000 + n), 1);
        site.write(&format!("content/plans/them-{n}.md"), &copy);
    }
    // The folder is there before: its creation is not a rebuild of its own.
    std::fs::create_dir_all(site.path("templates")).unwrap();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let log = site.scratch().join("serve.log");
    let server = Server(
        congbo_command()
            .args(["serve", "--root"])
            .arg(site.root())
            .args(["--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("congbo serve starts"),
    );
    let said = || std::fs::read_to_string(&log).unwrap_or_default();
    let wait_for = |what: &str, done: &dyn Fn() -> bool| {
        let start = Instant::now();
        while !done() {
            assert!(start.elapsed() < Duration::from_secs(60), "gave up waiting for {what}; serve said:\n{}", said());
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    wait_for("the first build", &|| said().contains("serving"));

    let marker = "Mẫu đã sửa.";
    let url = format!("http://127.0.0.1:{port}/van-ban/45-kh-ubnd-2020/");
    let driver = repo_root().join("tests/testsuite/browser/reload.mjs");
    let mut node = Driver(
        Command::new("node")
            .arg(&driver)
            .args([browser, &url, marker])
            .arg(&ws)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("node runs (apt-get install nodejs)"),
    );
    let (tx, loads) = std::sync::mpsc::channel::<String>();
    let stdout = node.0.stdout.take().unwrap();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let next = |within: Duration| loads.recv_timeout(within).ok();
    assert_eq!(next(Duration::from_secs(60)).as_deref(), Some("load 1 false"), "the page as served first");
    // Its script connects to the events stream once the page has loaded.
    std::thread::sleep(Duration::from_secs(1));

    let document = std::fs::read_to_string(repo_root().join("themes/default/templates/document.html")).unwrap();
    site.write(
        "templates/document.html",
        &document.replacen("{% block content %}", &format!("{{% block content %}}<p>{marker}</p>"), 1),
    );
    assert_eq!(
        next(Duration::from_secs(60)).as_deref(),
        Some("load 2 true"),
        "reloaded, with the edit; serve said:\n{}",
        said()
    );
    wait_for("the whole rebuild", &|| said().contains(" changed; rebuilt in"));
    assert!(said().contains("pages being viewed rebuilt in"), "{}", said());
    // The rebuild's event reached the page (it is sent before the terminal is told).
    assert_eq!(next(Duration::from_secs(3)), None, "the page reloaded a second time");
    drop(node);
    drop(server);
}
