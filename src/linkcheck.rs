//! Link checking for `congbo check`: every link inside the rendered site must lead to a
//! file the site has (a [`Sink`] that keeps every path written and every page's links),
//! and, with `--links`, every document's `source:` address is fetched to see that it
//! still answers. Fetching uses `curl` (on every server a portal runs; no TLS stack
//! compiled into congbo for an option most runs do not use), with a time limit.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics, Place};
use crate::output::{OutputFile, Sink};

/// Records the site as it is rendered: the paths of all files and the links of pages.
#[derive(Default)]
pub struct LinkCheck {
    files: Mutex<BTreeSet<String>>,
    /// Page file → the href and src values in it.
    links: Mutex<BTreeMap<String, Vec<String>>>,
}

impl Sink for LinkCheck {
    fn put(&self, file: OutputFile) -> Result<(), Diagnostic> {
        if file.path.ends_with(".html") {
            let text = String::from_utf8_lossy(&file.bytes);
            let found = attribute_values(&text, &["href", "src"]);
            self.links.lock().unwrap_or_else(|e| e.into_inner()).insert(file.path.clone(), found);
        }
        self.files.lock().unwrap_or_else(|e| e.into_inner()).insert(file.path);
        Ok(())
    }
}

/// The values of `names` attributes, as the (unminified) page writes them: quoted.
fn attribute_values(html: &str, names: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for name in names {
        for quote in ['"', '\''] {
            let needle = format!(" {name}={quote}");
            let mut rest = html;
            while let Some(at) = rest.find(&needle) {
                rest = &rest[at + needle.len()..];
                if let Some(end) = rest.find(quote) {
                    out.push(decode_entities(&rest[..end]));
                    rest = &rest[end..];
                }
            }
        }
    }
    out
}

fn decode_entities(s: &str) -> String {
    s.replace("&amp;", "&").replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
}

/// A link of the site that leads nowhere: the page it is on and where it points.
#[derive(Debug, PartialEq, Eq)]
pub struct Broken {
    /// The page's file: "van-ban/x/index.html".
    pub page: String,
    pub link: String,
}

impl LinkCheck {
    /// Links to the site's own paths (under `base_path`, "/" or "/ke-hoach/", or
    /// relative) whose file the site does not have.
    pub fn broken(&self, base_path: &str) -> Vec<Broken> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        let links = self.links.lock().unwrap_or_else(|e| e.into_inner());
        let origin = url::Url::parse("http://site.invalid/").expect("a valid address");
        let mut out = Vec::new();
        for (page, found) in links.iter() {
            let Ok(here) = origin.join(&format!("{base_path}{page}")) else { continue };
            for link in found {
                let Ok(to) = here.join(link) else { continue };
                // Another site, mail, or the page itself (a fragment): not ours to check.
                if to.host_str() != Some("site.invalid") || link.starts_with('#') || link.is_empty() {
                    continue;
                }
                let path = crate::text::percent_decode(to.path());
                // Outside the site's path: the portal's own pages, not congbo's to check.
                let Some(rel) =
                    path.strip_prefix(base_path).or_else(|| (path.len() + 1 == base_path.len()).then_some(""))
                else {
                    continue;
                };
                let exists = if rel.is_empty() || rel.ends_with('/') {
                    files.contains(&format!("{rel}index.html"))
                } else {
                    files.contains(rel) || files.contains(&format!("{rel}/index.html"))
                };
                if !exists {
                    out.push(Broken { page: page.clone(), link: link.clone() });
                }
            }
        }
        out
    }
}

/// Diagnostics for broken links: on a document's page, at the line of its source file
/// that writes the link (an editor's Markdown link), else at the page.
pub fn report(broken: &[Broken], sources: &BTreeMap<String, PathBuf>) -> Diagnostics {
    let mut diags = Diagnostics::new();
    for b in broken {
        let place = match sources.get(&b.page) {
            Some(file) => place_in_source(file, &b.link),
            None => Place::file(&b.page),
        };
        diags.push(
            Diagnostic::warning(place, t!("linkcheck.broken", page = b.page, link = b.link))
                .with_help(t!("linkcheck.broken.help")),
        );
    }
    diags
}

fn place_in_source(file: &Path, link: &str) -> Place {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    for (i, line) in text.lines().enumerate() {
        if let Some(at) = line.find(link) {
            return Place::at(file, i + 1, line[..at].chars().count() + 1);
        }
    }
    Place::file(file)
}

/// What fetching an address gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Answer {
    Ok,
    /// An HTTP status of 400 or more.
    Status(u16),
    /// No answer: the host is unknown, refuses, or took longer than the limit.
    NoAnswer(String),
}

/// Fetches every address once (HEAD, then GET for servers that refuse HEAD), several
/// at a time, each within `seconds`. Fails when curl is not installed.
pub fn fetch_all(urls: &BTreeSet<String>, seconds: u32) -> Result<BTreeMap<String, Answer>, String> {
    if Command::new("curl").arg("--version").output().is_err() {
        return Err(t!("linkcheck.no_curl").into_owned());
    }
    let urls: Vec<&String> = urls.iter().collect();
    // Waiting on the network, not computing: many at a time, but a bounded number.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(16).build().map_err(|e| e.to_string())?;
    Ok(pool.install(|| urls.par_iter().with_max_len(1).map(|u| ((*u).clone(), fetch(u, seconds))).collect()))
}

fn fetch(url: &str, seconds: u32) -> Answer {
    let status = |head: bool| {
        let mut cmd = Command::new("curl");
        cmd.args(["-s", "-o", "/dev/null", "-w", "%{http_code}", "-L", "--max-redirs", "5"]);
        cmd.args(["--max-time", &seconds.to_string(), "-A", "congbo-check (link checker)"]);
        if head {
            cmd.arg("-I");
        }
        let out = cmd.arg("--").arg(url).output();
        match out {
            Ok(o) => {
                let code: u16 = String::from_utf8_lossy(&o.stdout).trim().parse().unwrap_or(0);
                if code == 0 { Err(curl_failure(o.status.code().unwrap_or(-1))) } else { Ok(code) }
            }
            Err(e) => Err(e.to_string()),
        }
    };
    match status(true) {
        Ok(code) if code < 400 => Answer::Ok,
        // Some servers answer HEAD with 403/405/501 but GET with the page.
        Ok(_) | Err(_) => match status(false) {
            Ok(code) if code < 400 => Answer::Ok,
            Ok(code) => Answer::Status(code),
            Err(why) => Answer::NoAnswer(why),
        },
    }
}

/// curl's exit code in words.
fn curl_failure(code: i32) -> String {
    match code {
        6 => t!("linkcheck.curl.resolve").into_owned(),
        7 => t!("linkcheck.curl.connect").into_owned(),
        28 => t!("linkcheck.curl.timeout").into_owned(),
        35 | 51 | 58 | 60 => t!("linkcheck.curl.tls").into_owned(),
        47 => t!("linkcheck.curl.redirects").into_owned(),
        other => t!("linkcheck.curl.other", code = other).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> LinkCheck {
        let check = LinkCheck::default();
        for (path, text) in files {
            check.put(OutputFile::new(*path, text.to_string())).unwrap();
        }
        check
    }

    #[test]
    fn links_to_pages_the_site_lacks_are_found() {
        let check = site(&[
            (
                "index.html",
                r##"<a href="/ke-hoach/van-ban/a/">a</a> <a href="/ke-hoach/van-ban/khong-co/">x</a> <link href="/ke-hoach/style.css"> <a href="https://example.vn/">e</a> <a href="#toc">t</a>"##,
            ),
            (
                "van-ban/a/index.html",
                r#"<a href="../b/">b</a> <a href="../../style.css">s</a> <img src="/ke-hoach/anh%20m%E1%BB%9Bi.png">"#,
            ),
            ("van-ban/b/index.html", r#"<a href="/ke-hoach/">home</a> <a href="/khac/">the portal's own page</a>"#),
            ("style.css", ""),
        ]);
        let broken = check.broken("/ke-hoach/");
        let links: Vec<(&str, &str)> = broken.iter().map(|b| (b.page.as_str(), b.link.as_str())).collect();
        assert_eq!(
            links,
            [
                ("index.html", "/ke-hoach/van-ban/khong-co/"),
                ("van-ban/a/index.html", "/ke-hoach/anh%20m%E1%BB%9Bi.png"),
            ]
        );
    }
}
