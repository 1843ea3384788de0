//! What editors read, in their language: the diagnostics of every broken fixture in
//! Vietnamese (the default), kept in `expected/vi/` so that a change of wording is a
//! reviewed diff, and the same run in English on request.

use crate::support::*;

/// The fixtures whose `congbo check` reports problems.
const BROKEN: &[&str] = &[
    "broken",
    "links-ambiguous",
    "links-cycle",
    "links-duplicate",
    "links-refs",
    "links-variants",
    "progress-invalid",
];

#[test]
fn diagnostics_of_broken_fixtures_in_vietnamese() {
    for name in BROKEN {
        let site = TestSite::fixture(name);
        // The language of an editor's machine when nothing says English.
        let run = site.run_with_env("check", &[], &[("CONGBO_LANG", ""), ("LANG", "vi_VN.UTF-8"), ("LC_ALL", "")]);
        assert!(run.stderr.contains("lỗi") || run.stderr.contains("cảnh báo"), "{name}:\n{}", run.stderr);
        assert!(!run.stderr.contains(": error:") && !run.stderr.contains(" = help:"), "{name}:\n{}", run.stderr);
        // Each diagnostic still starts with its place, as tools read it.
        assert!(!run.diagnostics().is_empty(), "{name}: no diagnostic parsed from:\n{}", run.stderr);
        run.assert_stderr_matches(&format!("vi/{name}"));
    }
}

#[test]
fn english_on_request() {
    let site = TestSite::fixture("broken");
    for env in [[("CONGBO_LANG", "en"), ("LANG", "vi_VN.UTF-8")], [("CONGBO_LANG", ""), ("LANG", "en_GB.UTF-8")]] {
        let run = site.run_with_env("check", &[], &[env[0], env[1], ("LC_ALL", "")]);
        assert!(run.stderr.contains(": error:") && run.stderr.contains(" = help:"), "{env:?}:\n{}", run.stderr);
    }
    let run = site.run("check", &["--lang", "vi"]);
    assert!(run.stderr.contains(": lỗi:") && run.stderr.contains(" = gợi ý:"), "{}", run.stderr);
}

#[test]
fn help_in_vietnamese() {
    let run = congbo(&repo_root(), &["build", "--help"], &[("CONGBO_LANG", "vi")]);
    assert!(run.stdout.contains("Cách dùng:") && run.stdout.contains("Thư mục của trang"), "{}", run.stdout);
    // Every text found in the catalogue: a key shown as is would start with "cli.".
    for sub in ["build", "check", "new", "import", "schema", "serve"] {
        let run = congbo(&repo_root(), &[sub, "--help"], &[("CONGBO_LANG", "vi")]);
        assert!(!run.stdout.contains("cli."), "{sub}:\n{}", run.stdout);
        let run = congbo(&repo_root(), &[sub, "--help"], &[("CONGBO_LANG", "en")]);
        assert!(!run.stdout.contains("cli.") && run.stdout.contains("Usage:"), "{sub}:\n{}", run.stdout);
    }
}
