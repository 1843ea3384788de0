//! The portal team's day and the editor's typos (issues 17 and 18): starting a site,
//! the address it is published at, where `--output` lands, drafts, `[extra]`, and the
//! plausibility checks where a typo would become a public error.
//!
//! 23 cases: `init` makes a site that checks and builds, and refuses a site folder ·
//! `new` refuses a folder that is not a site and a name without `.md` · `import`
//! refuses a folder that is not a site · six wrong `base_url` shapes refused for their
//! reason, blamed on `--base-url` or on the line of congbo.toml · a loopback and a
//! hostless address warned about, a real one not · relative `--output` lands where
//! congbo runs · `--output '~'` refused · a draft left out of `build`, named by `check`,
//! · `[extra]` reaches a site template · a year
//! of 1900 warned · a Cyrillic letter and a zero-width space in a number shown by code
//! point · one indicator key spelt two ways · an unclosed `<style>` · a report on a
//! number no document has · YAML anchors, aliases and merge keys · a document whose
//! address ends in a reserved word (`/van-ban/trang/`) in the sitemap · open data: a
//! datapackage.json the reference validator accepts, a CSV per indicator, formula
//! cells made text, no character XML forbids in the feed · fingerprinted stylesheets
//! and scripts · `check` reports a Markdown link to a page the site lacks, and with
//! `--links` a `source:` that answers 404 · an English site whose pages show no
//! Vietnamese word of the interface · one interface string changed by the site (and a
//! change to it not skipped by the build cache) · a wrong strings file or language shown
//! at its line.

use std::fs;

use crate::support::diagnostics::find;
use crate::support::*;

const AS_OF: &str = "2026-11-01";

const PLAN: &str = "---\nkind: Kế hoạch\nnumber: \"20/KH-UBND\"\ntitle: \"Thực hiện xây dựng xã hội học tập\"\nissuer: \"UBND tỉnh Cao Bằng\"\ndate: 2023-03-01\n---\n\nNội dung kế hoạch.\n";

/// A one-plan site with a real host, so that a clean build has no warning.
fn site() -> TestSite {
    let site = TestSite::empty();
    site.write("congbo.toml", "title = \"Trang thử\"\nbase_url = \"https://kehoach.example.vn/\"\n");
    site.write("content/plans/ke-hoach-20.md", PLAN);
    site
}

fn warnings(run: &Run) -> Vec<Diagnostic> {
    run.diagnostics().into_iter().filter(|d| !d.is_error()).collect()
}

#[test]
fn init_makes_a_site_that_checks_and_builds() {
    let scratch = TestSite::empty();
    let run = congbo(scratch.scratch(), &["init", "moi"], &[]);
    run.assert_success();
    let root = scratch.scratch().join("moi");
    for f in ["congbo.toml", "content/plans/ke-hoach-mau.md", "content/pages/gioi-thieu.md", "templates/README.md"] {
        assert!(root.join(f).is_file(), "init did not write {f}");
    }
    let toml = fs::read_to_string(root.join("congbo.toml")).unwrap();
    assert!(toml.lines().filter(|l| l.starts_with('#')).count() >= 5, "congbo.toml is not explained:\n{toml}");

    let root_s = root.to_str().unwrap();
    let check = congbo(scratch.scratch(), &["check", "--root", root_s], &[]);
    check.assert_success();
    // Only the placeholder issuer of the example plan is pointed at, for the editor to fill.
    let d = check.diagnostics();
    assert!(
        d.len() == 1 && !d[0].is_error() && d[0].message.contains("Cơ quan ban hành"),
        "a new site has other diagnostics:\n{}",
        check.stderr
    );
    let build =
        congbo(scratch.scratch(), &["build", "--root", root_s, "--base-url", "https://kehoach.example.vn/"], &[]);
    build.assert_success();
    assert!(root.join("output/van-ban/index.html").is_file(), "the new site has no document list");

    // Again into the same folder: refused, and congbo.toml is not touched.
    fs::write(root.join("congbo.toml"), "title = \"Của cổng\"\n").unwrap();
    let again = congbo(scratch.scratch(), &["init", "moi"], &[]);
    again.assert_exit(1);
    assert!(again.stderr.contains("already holds a site"), "{}", again.stderr);
    assert_eq!(fs::read_to_string(root.join("congbo.toml")).unwrap(), "title = \"Của cổng\"\n");
}

#[test]
fn new_and_import_refuse_what_is_not_a_site_and_names_without_md() {
    let site = site();
    let elsewhere = site.scratch().join("khong-phai-site");
    let e = elsewhere.to_str().unwrap();
    let new = congbo(site.scratch(), &["new", "plan", "--root", e], &[]);
    new.assert_exit(1);
    assert!(new.stderr.contains("is not a site's folder"), "{}", new.stderr);
    assert!(!elsewhere.exists(), "new created the folder it refused");

    let txt = site.run("new", &["plan", "ke-hoach.txt"]);
    txt.assert_exit(1);
    assert!(txt.stderr.contains("give a name ending in .md"), "{}", txt.stderr);
    assert!(!site.path("ke-hoach.txt").exists() && !site.path("content/plans/ke-hoach.txt").exists());

    let input = site.scratch().join("van-ban.txt");
    fs::write(&input, "UBND TỈNH CAO BẰNG\nSố: 5/KH-UBND\nKẾ HOẠCH\nThử\n").unwrap();
    let import =
        congbo(site.scratch(), &["import", input.to_str().unwrap(), "--root", site.scratch().to_str().unwrap()], &[]);
    import.assert_exit(1);
    assert!(import.stderr.contains("is not a site's folder"), "{}", import.stderr);
}

#[test]
fn wrong_base_urls_are_refused_for_their_reason_and_blamed_on_their_source() {
    let site = site();
    let cases = [
        ("https://portal.example.vn?x=1", "query"),
        ("https://portal.example.vn/#tin", "fragment"),
        ("//ke-hoach/", "starting with //"),
        ("https://user:pass@portal.example.vn/", "user name or password"),
        ("https://portal.example.vn:99999/", "not a valid address"),
        ("ftp://portal.example.vn/", "must start with https://"),
        ("https:///ke-hoach/", "has no host"),
    ];
    for (url, why) in cases {
        let cli = site.build(&["--base-url", url, "--as-of", AS_OF]);
        cli.assert_exit(1);
        assert!(cli.stderr.starts_with("--base-url: error:"), "{url} not blamed on --base-url:\n{}", cli.stderr);
        assert!(cli.stderr.contains(why), "{url}: the reason ({why}) is not said:\n{}", cli.stderr);
        assert!(!site.path("output").exists(), "{url}: a refused build wrote output");

        site.write("congbo.toml", &format!("title = \"Trang thử\"\n\nbase_url = \"{url}\"\n"));
        let toml = site.build(&["--as-of", AS_OF]);
        toml.assert_exit(1);
        let d = toml.diagnostics();
        assert!(
            d.iter().any(|d| d.path.ends_with("congbo.toml") && d.line == 3 && d.message.contains(why)),
            "{url} in congbo.toml is not reported at its line:\n{}",
            toml.stderr
        );
    }
}

#[test]
fn build_warns_when_the_address_would_not_lead_readers_to_the_site() {
    let site = site();
    let real = site.build_ok(&["--as-of", AS_OF]);
    assert!(warnings(&real).is_empty(), "a real address warns:\n{}", real.stderr);

    for (url, says) in [("http://127.0.0.1:1111/", "this computer"), ("/ke-hoach/", "no host")] {
        let run = site.build_ok(&["--base-url", url, "--as-of", AS_OF]);
        let w = warnings(&run);
        assert!(
            w.len() == 1 && w[0].message.contains(says),
            "{url}: expected one warning saying {says:?}:\n{}",
            run.stderr
        );
    }
    // check does not publish: no warning about the address there.
    site.write("congbo.toml", "title = \"Trang thử\"\n");
    let check = site.check();
    assert!(warnings(&check).is_empty(), "check warns about the address:\n{}", check.stderr);
}

#[test]
fn relative_output_is_relative_to_where_congbo_runs_and_tilde_is_refused() {
    let site = site();
    let run = site.build_ok(&["--output", "ra-ngoai", "--as-of", AS_OF]);
    assert!(
        site.scratch().join("ra-ngoai/van-ban/index.html").is_file(),
        "--output ra-ngoai did not land in the current folder:\n{}",
        run.stderr
    );
    assert!(!site.path("ra-ngoai").exists(), "--output was resolved against --root");

    let tilde = site.build(&["--output", "~", "--as-of", AS_OF]);
    tilde.assert_exit(1);
    assert!(tilde.stderr.contains("not expanded"), "{}", tilde.stderr);
    assert!(!site.scratch().join("~").exists() && !site.path("~").exists(), "a folder named ~ was made");
}

#[test]
fn drafts_are_left_out_of_build_and_named_by_check() {
    let site = site();
    site.write(
        "content/plans/nhap.md",
        "---\nkind: Kế hoạch\nnumber: \"21/KH-UBND\"\ntitle: \"Kế hoạch đang soạn\"\nissuer: \"UBND tỉnh Cao Bằng\"\ndate: 2024-03-01\ndraft: true\n---\n\nĐang soạn.\n",
    );
    let check = site.check();
    check.assert_success();
    assert!(check.stderr.contains("1 drafts left out") || check.stderr.contains("drafts left out"), "{}", check.stderr);
    assert!(check.stderr.contains("content/plans/nhap.md"), "check does not name the draft:\n{}", check.stderr);

    let build = site.build_ok(&["--as-of", AS_OF]);
    assert!(build.stderr.contains("content/plans/nhap.md"), "build does not name the draft:\n{}", build.stderr);
    let all = files_under(&site.output()).join("\n");
    assert!(!all.contains("21-kh-ubnd"), "the draft was published:\n{all}");
    for f in ["van-ban/index.html", "tim-kiem/index.html", "du-lieu/documents.json", "feed.xml", "sitemap.xml"] {
        let p = site.output().join(f);
        if p.is_file() {
            assert!(!fs::read_to_string(&p).unwrap().contains("đang soạn"), "{f} names the draft");
        }
    }
}

#[test]
fn extra_settings_reach_the_sites_templates() {
    let site = site();
    site.write(
        "congbo.toml",
        "title = \"Trang thử\"\nbase_url = \"https://kehoach.example.vn/\"\n\n[extra]\nduong_day_nong = \"0206 3852 000\"\n",
    );
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}<p id=\"hotline\">Đường dây nóng: {{ site.extra.duong_day_nong }}</p>{{ content | safe }}{% endblock content %}\n",
    );
    site.write("content/pages/lien-he.md", "---\ntitle: \"Liên hệ\"\n---\n\nĐịa chỉ.\n");
    let run = site.build_ok(&["--as-of", AS_OF]);
    let page = files_under(&run.output)
        .into_iter()
        .find(|f| f.contains("lien-he") && f.ends_with(".html"))
        .expect("no page for lien-he.md");
    run.assert_text_contains(&page, "Đường dây nóng: 0206 3852 000");
}

#[test]
fn typos_that_would_become_public_errors() {
    let site = site();
    site.write(
        "content/plans/nam-sai.md",
        "---\nkind: Kế hoạch\nnumber: \"22/KH-UBND\"\ntitle: \"Năm gõ sai\"\nissuer: \"UBND tỉnh Cao Bằng\"\ndate: 1900-05-01\n---\n\nNội dung.\n",
    );
    let year = site.check();
    year.assert_success();
    let w = find(&year.diagnostics(), "content/plans/nam-sai.md", At::Line(6), Severity::Warning, &["1900"]).cloned();
    assert!(w.is_some(), "a year of 1900 is not warned at its line:\n{}", year.stderr);
    site.remove("content/plans/nam-sai.md");

    // Look-alike and invisible characters in a number: errors showing the code point.
    for (number, code) in [("11-\u{0421}T/TW", "U+0421"), ("12\u{200B}/KH-UBND", "U+200B")] {
        site.write(
            "content/plans/so-la.md",
            &format!("---\nkind: Kế hoạch\nnumber: \"{number}\"\ntitle: \"Số lạ\"\nissuer: \"UBND tỉnh Cao Bằng\"\ndate: 2023-05-01\n---\n\nNội dung.\n"),
        );
        let run = site.check();
        run.assert_exit(1);
        let d = run.diagnostics();
        assert!(
            d.iter()
                .any(|d| d.is_error() && d.path == "content/plans/so-la.md" && d.line == 3 && d.message.contains(code)),
            "{code} in a number is not an error at line 3 naming it:\n{}",
            run.stderr
        );
    }
    site.remove("content/plans/so-la.md");

    // An unclosed <style> would swallow the rest of the body.
    site.write("content/plans/ke-hoach-20.md", &format!("{PLAN}\n<style>p {{ color: red }}\n\nCâu này sẽ mất.\n"));
    let style = site.check();
    style.assert_exit(1);
    let body_line = PLAN.lines().count() + 2;
    assert!(
        find(&style.diagnostics(), "content/plans/ke-hoach-20.md", At::Line(body_line), Severity::Error, &["<style>"])
            .is_some(),
        "an unclosed <style> is not reported at line {body_line}:\n{}",
        style.stderr
    );
    site.write("content/plans/ke-hoach-20.md", PLAN);

    // A report on a number no document has: its figures would go nowhere.
    site.write(
        "content/reports/bao-cao.md",
        "---\nkind: Báo cáo\ntitle: \"Kết quả năm 2024\"\nissuer: \"UBND tỉnh Cao Bằng\"\nreports_on: \"999/KH-UBND\"\nyear: 2024\nvalues:\n  ty-le: 5\nsource: \"https://caobang.example.vn/bao-cao\"\n---\n\nNội dung.\n",
    );
    let report = site.check();
    report.assert_exit(1);
    let d = find(&report.diagnostics(), "content/reports/bao-cao.md", At::Line(5), Severity::Error, &["999/KH-UBND"])
        .cloned();
    assert!(d.is_some(), "reports_on naming nothing is not an error:\n{}", report.stderr);
}

#[test]
fn one_indicator_key_spelt_two_ways_is_an_error() {
    let site = site();
    let plan = |number: &str, key: &str| {
        format!(
            "---\nkind: Kế hoạch\nnumber: \"{number}\"\ntitle: \"Kế hoạch {number}\"\nissuer: \"UBND tỉnh Cao Bằng\"\ndate: 2023-03-01\ntargets:\n  - id: gdht\n    label: \"Gia đình học tập\"\n    indicator: \"{key}\"\n    unit: \"%\"\n    milestones: [{{ year: 2025, value: 70 }}]\n---\n\nNội dung.\n"
        )
    };
    site.write("content/plans/a.md", &plan("30/KH-UBND", "gia-dinh-hoc-tap"));
    site.write("content/plans/b.md", &plan("31/KH-UBND", "Gia Đình Học Tập"));
    let run = site.check();
    run.assert_exit(1);
    assert!(
        run.diagnostics()
            .iter()
            .any(|d| d.is_error() && d.message.contains("Gia Đình Học Tập") && d.message.contains("gia-dinh-hoc-tap")),
        "two spellings of one indicator key are not an error naming both:\n{}",
        run.stderr
    );
}

#[test]
fn yaml_anchors_aliases_and_merge_keys_work() {
    let site = site();
    site.write(
        "content/plans/ke-hoach-20.md",
        "---\nkind: Kế hoạch\nnumber: \"20/KH-UBND\"\ntitle: \"Thực hiện xây dựng xã hội học tập\"\nissuer: &ubnd \"UBND tỉnh Cao Bằng\"\nsigner: { name: \"Nguyễn Văn A\", title: *ubnd }\ndate: 2023-03-01\ntargets:\n  - &muc { id: a, label: \"Gia đình học tập\", unit: \"%\", milestones: [{ year: 2025, value: 70 }] }\n  - { <<: *muc, id: b, label: \"Dòng họ học tập\" }\n---\n\nNội dung kế hoạch.\n",
    );
    let run = site.build_ok(&["--as-of", AS_OF]);
    assert!(run.diagnostics().is_empty(), "anchors, aliases or merge keys give diagnostics:\n{}", run.stderr);
    let page = run.text("van-ban/20-kh-ubnd-2023/");
    assert!(
        page.contains("Dòng họ học tập") && page.contains("Gia đình học tập"),
        "the merged target is missing:\n{page}"
    );
}

#[test]
fn a_document_named_like_a_reserved_page_is_in_the_sitemap() {
    let site = site();
    site.write(
        "content/plans/trang.md",
        "---\nkind: Kế hoạch\ntitle: \"Kế hoạch không số\"\nissuer: \"UBND tỉnh Cao Bằng\"\ndate: 2023-04-01\n---\n\nNội dung.\n",
    );
    let run = site.build_ok(&["--as-of", AS_OF]);
    run.assert_file_exists("van-ban/trang/");
    run.assert_contains("sitemap.xml", "https://kehoach.example.vn/van-ban/trang/");
}

/// `frictionless` (Python), the reference validator of Data Packages: required under
/// CI (.ci/run installs it), skipped with a message on a developer's machine.
fn frictionless_or_skip() -> bool {
    let found = std::process::Command::new("frictionless").arg("--version").output().is_ok_and(|o| o.status.success());
    match found {
        true => true,
        false if std::env::var_os("CI").is_some() => panic!("frictionless is not installed; .ci/run installs it"),
        false => {
            eprintln!("skipped: frictionless is not installed (pip install frictionless)");
            false
        }
    }
}

/// Open data others can use (issue 17): documents.csv and targets.csv described by a
/// datapackage.json that the reference validator accepts, one CSV per indicator linked
/// from its page, cells a spreadsheet would run made text, and no character XML
/// forbids in the feed.
#[test]
fn open_data_is_described_valid_and_safe() {
    let site = TestSite::fixture("progress-basic");
    // A title an attacker (or a careless paste) could make a spreadsheet formula of,
    // and a control character pasted invisibly.
    let plan = "content/plans/ha-nam.md";
    let text = site.read_source(plan);
    let title_line = text.lines().find(|l| l.starts_with("title:")).unwrap().to_string();
    site.edit(plan, &title_line, "title: \"=HYPERLINK(\\\"http://x.example\\\",\\\"Bấm\\\") kế hoạch\\x01\"");
    let run = site.build_ok(&["--as-of", "2024-07-02"]);

    let documents = run.read("du-lieu/documents.csv");
    assert!(
        documents.starts_with("\u{feff}number,kind,title"),
        "documents.csv header:\n{}",
        first_lines(&documents, 2)
    );
    assert!(documents.contains("\"'=HYPERLINK("), "a formula title is not made text:\n{}", first_lines(&documents, 12));
    assert!(!run.read("du-lieu/targets.csv").lines().any(|l| l.split(',').any(|c| c.starts_with('='))));
    assert!(run.read("du-lieu/documents.json").contains("\\u0001"), "the control character did not reach the site");
    let feed = run.read("feed.xml");
    assert!(!feed.contains('\u{1}'), "the feed holds a control character XML forbids");
    assert!(feed.contains("=HYPERLINK"), "the title is missing from the feed");

    // Each indicator page links its own CSV, holding that indicator's rows only.
    let page = run.html("chi-tieu/gia-dinh-hoc-tap/");
    let link = page.all("a[download]").iter().filter_map(|a| a.value().attr("href")).map(String::from).next();
    assert_eq!(link.as_deref(), Some("/chi-tieu/gia-dinh-hoc-tap/du-lieu.csv"));
    let csv = run.read("chi-tieu/gia-dinh-hoc-tap/du-lieu.csv");
    let indicator_col = csv.lines().next().unwrap().split(',').position(|c| c == "indicator").unwrap();
    let rows: Vec<&str> = csv.lines().skip(1).collect();
    assert!(!rows.is_empty(), "the indicator's CSV is empty");
    for row in &rows {
        assert_eq!(row.split(',').nth(indicator_col), Some("gia-dinh-hoc-tap"), "another indicator's row: {row}");
    }

    let package: serde_json::Value = serde_json::from_str(&run.read("du-lieu/datapackage.json")).unwrap();
    let names: Vec<&str> = package["resources"].as_array().unwrap().iter().filter_map(|r| r["path"].as_str()).collect();
    assert_eq!(names, ["documents.csv", "targets.csv", "documents.json"]);
    if frictionless_or_skip() {
        let out = std::process::Command::new("frictionless")
            .args(["validate", "datapackage.json"])
            .current_dir(run.out_path("du-lieu/datapackage.json").parent().unwrap())
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "frictionless rejects the data package:\n{said}");
    }
}

/// Stylesheets and scripts are published under a name holding a fingerprint of their
/// content, so servers can let browsers keep them long: pages link that name, it
/// exists, and a changed stylesheet gets a new one (the plain name stays for portals).
#[test]
fn stylesheets_and_scripts_are_fingerprinted() {
    let site = site();
    let linked = |run: &Run, page: &str, css: &str| -> String {
        let html = run.html(page);
        let href = html.first(css).and_then(|e| e.value().attr("href").or(e.value().attr("src")).map(String::from));
        href.unwrap_or_else(|| panic!("{page} has no {css}"))
    };
    let first = site.build_ok(&["--as-of", AS_OF]);
    let css = linked(&first, "", "link[rel=stylesheet]");
    let js = linked(&first, "tim-kiem/", "script[src*=tim-kiem]");
    for (url, ext) in [(&css, "css"), (&js, "js")] {
        let name = url.trim_start_matches('/');
        let parts: Vec<&str> = name.split('.').collect();
        assert!(parts.len() == 3 && parts[1].len() == 8 && parts[2] == ext, "{url} is not fingerprinted");
        first.assert_file_exists(name);
    }
    first.assert_file_exists("style.css");

    site.write("static/style.css", "body { color: #000 }\n");
    let second = site.build_ok(&["--as-of", AS_OF]);
    let changed = linked(&second, "", "link[rel=stylesheet]");
    assert_ne!(changed, css, "a changed stylesheet kept its address");
    assert_eq!(second.read(changed.trim_start_matches('/')), "body { color: #000 }\n");
}

/// `check` follows every link of the rendered site: an editor's Markdown link to a page
/// the site does not have is reported at its line. With `--links` it fetches each
/// document's `source:` (here from a server in the test) and reports the one that
/// answers 404 at its `source:` line.
#[test]
fn check_reports_links_that_lead_nowhere() {
    use std::io::{Read, Write};
    let site = site();
    site.write(
        "content/plans/ke-hoach-20.md",
        &format!("{PLAN}\nXem [kế hoạch năm trước](/van-ban/khong-co-trang-nay/) và [trang chủ](/).\n"),
    );
    let run = site.check();
    run.assert_success();
    let line = PLAN.lines().count() + 2;
    let diags = run.diagnostics();
    let d = find(
        &diags,
        "content/plans/ke-hoach-20.md",
        At::Line(line),
        Severity::Warning,
        &["/van-ban/khong-co-trang-nay/"],
    );
    assert!(d.is_some(), "the broken link is not reported at line {line}:\n{}", run.stderr);
    assert_eq!(run.diagnostics().len(), 1, "only the broken link is reported:\n{}", run.stderr);
    site.write("content/plans/ke-hoach-20.md", PLAN);

    let curl = std::process::Command::new("curl").arg("--version").output().is_ok();
    if !curl {
        assert!(std::env::var_os("CI").is_none(), "curl is not installed");
        eprintln!("skipped: curl is not installed");
        return;
    }
    let server = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = server.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in server.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 2048];
            let n = stream.read(&mut buf).unwrap_or(0);
            let head = String::from_utf8_lossy(&buf[..n]);
            let status = if head.contains(" /con-day ") { "200 OK" } else { "404 Not Found" };
            let _ = write!(stream, "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    let with_source = |number: &str, path: &str| {
        format!(
            "---\nkind: Kế hoạch\nnumber: \"{number}\"\ntitle: \"Kế hoạch {number}\"\nissuer: \"UBND tỉnh Cao Bằng\"\ndate: 2023-03-01\nsource: \"http://127.0.0.1:{port}{path}\"\n---\n\nNội dung.\n"
        )
    };
    site.write("content/plans/con.md", &with_source("40/KH-UBND", "/con-day"));
    site.write("content/plans/mat.md", &with_source("41/KH-UBND", "/da-xoa"));
    let plain = site.check();
    assert!(plain.diagnostics().is_empty(), "check without --links fetched or complained:\n{}", plain.stderr);
    let fetched = site.run("check", &["--links"]);
    fetched.assert_success();
    let d = fetched.diagnostics();
    assert!(
        d.len() == 1 && d[0].path == "content/plans/mat.md" && d[0].line == 7 && d[0].message.contains("404"),
        "expected one warning at mat.md:7 saying 404:\n{}",
        fetched.stderr
    );
}

/// Letters only Vietnamese writes: a page of an English site whose documents are in
/// English shows none of them unless the interface's words were left in Vietnamese.
fn vietnamese_letter(c: char) -> bool {
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ".contains(c.to_lowercase().next().unwrap_or(c))
}

/// An English site: a directive, a plan carrying it out with a target, and a report of
/// its progress, every word of them English.
fn english_site() -> TestSite {
    let site = TestSite::empty();
    site.write(
        "congbo.toml",
        "title = \"Learning society plans\"\nbase_url = \"https://plans.example.org/\"\nlanguage = \"en\"\nlicence = \"CC BY 4.0\"\n",
    );
    site.write(
        "content/directives/directive-11.md",
        "---\nkind: Directive\nnumber: \"11-CT/TW\"\ntitle: \"On promoting learning\"\nissuer: \"Central Committee\"\ndate: 2007-04-13\n---\n\nText of the directive.\n",
    );
    site.write(
        "content/plans/plan-20.md",
        "---\nkind: Plan\nnumber: \"20/KH-UBND\"\ntitle: \"Carrying out Directive 11\"\nissuer: \"Provincial People's Committee\"\nplace: \"Cao Bang\"\ndate: 2023-03-01\nimplements: [\"11-CT/TW\"]\nrecipients: [\"Department of Education\"]\nsigner: { name: \"Nguyen Van A\", title: \"CHAIRMAN\" }\ntargets:\n  - id: families\n    indicator: learning-families\n    label: \"Learning families\"\n    unit: \"%\"\n    baseline: { year: 2022, value: 50 }\n    milestones: [{ year: 2024, value: 70 }, { year: 2030, value: 90 }]\n---\n\n## Aims\n\nThe plan carries out Directive 11-CT/TW.\n\n## Tasks\n\nEvery commune reports.\n\n## Reports\n\nOnce a year.\n",
    );
    site.write(
        "content/reports/report-2024.md",
        "---\nkind: Report\ntitle: \"Learning families in 2024\"\nissuer: \"Study Promotion Association\"\npublished: 2024\nreports_on: \"plans/plan-20.md\"\nyear: 2024\nvalues:\n  families: 60\nsource: \"https://plans.example.org/source\"\n---\n\nFigures of 2024.\n",
    );
    site
}

#[test]
fn an_english_site_has_no_vietnamese_interface_words() {
    let site = english_site();
    let run = site.build_ok(&["--as-of", AS_OF]);
    // Provinces keep their official names (the map and the places pages list all 34).
    let tsv = fs::read_to_string(repo_root().join("data/admin-units/provinces-2025.tsv")).unwrap();
    let mut names: Vec<&str> =
        tsv.lines().skip(1).flat_map(|l| l.split('\t').filter(|c| c.chars().any(char::is_alphabetic))).collect();
    // … and as a sentence writes them: "tỉnh Cao Bằng".
    let lowered: Vec<String> = names
        .iter()
        .map(|n| {
            let mut c = n.chars();
            c.next().map(|f| f.to_lowercase().chain(c).collect()).unwrap_or_default()
        })
        .collect();
    names.extend(lowered.iter().map(String::as_str));
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    let mut pages = 0;
    for page in html_files(&run.output) {
        let html = run.read(&page);
        let mut text = page_text(&html);
        for n in &names {
            text = text.replace(n, "");
        }
        let found: String = text.chars().filter(|&c| vietnamese_letter(c)).collect();
        // The assessment rule's page keeps the Vietnamese words its rules are about.
        if page.starts_with("cach-danh-gia") {
            continue;
        }
        assert!(found.is_empty(), "{page} shows Vietnamese letters ({found}) on an English site:\n{text}");
        assert!(html.contains("<html lang=en>") || html.contains("<html lang=\"en\">"), "{page} is not marked English");
        pages += 1;
    }
    assert!(pages > 10, "only {pages} pages checked");
    run.assert_text_contains("van-ban/20-kh-ubnd-2023/index.html", "Targets and progress");
    run.assert_text_contains("van-ban/20-kh-ubnd-2023/index.html", "Socialist Republic of Viet Nam");
    run.assert_text_contains("van-ban/20-kh-ubnd-2023/index.html", "Cao Bang, 1 March 2023");
    run.assert_text_contains("tim-kiem/index.html", "Find documents");
    run.assert_contains("tim-kiem/index.html", "documents found for");
    run.assert_text_contains("cach-danh-gia/index.html", "How progress is assessed");
    run.assert_text_contains("du-lieu/index.html", "Open data");
}

#[test]
fn a_site_changes_one_interface_string_and_keeps_the_rest() {
    let site = site();
    site.write("strings/vi.toml", "# Cổng gọi văn bản là \"Kế hoạch\".\n[nav]\ndocuments = \"Kế hoạch\"\n");
    let run = site.build_ok(&["--as-of", AS_OF]);
    let nav = run.html("index.html").one("header nav").visible_text();
    assert!(nav.starts_with("Kế hoạch"), "the site's own word is not in the menu: {nav}");
    assert!(nav.contains("Tìm kiếm") && nav.contains("Dữ liệu"), "the other words are lost: {nav}");
    run.assert_text_contains("van-ban/20-kh-ubnd-2023/index.html", "Thuộc tính văn bản");
    // A change to the strings alone is a change: the next build is not skipped.
    site.edit("strings/vi.toml", "documents = \"Kế hoạch\"", "documents = \"Kế hoạch, chương trình\"");
    let run = site.build_ok(&["--as-of", AS_OF]);
    let nav = run.html("index.html").one("header nav").visible_text();
    assert!(nav.starts_with("Kế hoạch, chương trình"), "the changed string is not published: {nav}");
}

#[test]
fn a_wrong_strings_file_or_language_is_shown_where_it_is() {
    let site = site();
    // A key with a typo, a placeholder the string does not have, a number for text.
    site.write(
        "strings/vi.toml",
        "[nav]\ndocuments = \"Kế hoạch\"\ndocument = \"Văn bản\"\n\n[home]\ndocuments_count = \"{count} văn bản\"\npublished = 3\n",
    );
    let run = site.check();
    run.assert_exit(1);
    let d = run.diagnostics();
    let at = |line: usize, words: &[&str]| {
        d.iter().any(|x| {
            x.is_error()
                && x.path == "strings/vi.toml"
                && x.line == line
                && words.iter().all(|w| x.message.contains(w) || x.help.as_deref().unwrap_or("").contains(w))
        })
    };
    assert!(
        at(3, &["nav.document", "nav.documents"]),
        "an unknown key is not shown at its line with the nearest one:\n{}",
        run.stderr
    );
    assert!(at(6, &["{count}", "{n}"]), "an unknown placeholder is not shown with the ones allowed:\n{}", run.stderr);
    assert!(at(7, &["home.published"]), "a number for text is not shown at its line:\n{}", run.stderr);
    site.remove("strings/vi.toml");

    site.write("congbo.toml", "title = \"Trang thử\"\nbase_url = \"https://kehoach.example.vn/\"\nlanguage = \"fr\"\n");
    let run = site.check();
    run.assert_exit(1);
    let d = run.diagnostics();
    assert!(
        d.iter().any(|x| x.is_error()
            && x.path == "congbo.toml"
            && x.line == 3
            && x.message.contains("fr")
            && x.message.contains("vi, en")),
        "an unknown language is not shown at its line:\n{}",
        run.stderr
    );
}
