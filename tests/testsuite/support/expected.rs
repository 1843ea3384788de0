//! Expected output files: what congbo prints for a broken site is kept in
//! `tests/testsuite/expected/<name>.stderr`, so that a change in wording shows as a
//! diff to review. `CONGBO_BLESS=1 cargo test` writes the files from what congbo
//! prints now instead of comparing.
//!
//! Before comparing, the output is normalised: the temporary folders of the test and
//! the repository's path become `[ROOT]`, `[SCRATCH]` and `[REPO]`, and durations
//! ("in 0.12 s") become `[ELAPSED]`.
//!
//! (Our own few lines rather than a snapshot crate: snapbox, the obvious candidate,
//! reads its action from a variable whose value must be `overwrite`, not `1`, and
//! would need these same placeholders as redactions; what is left is comparing two
//! strings.)

use std::fs;
use std::path::{Path, PathBuf};

pub fn expected_dir() -> PathBuf {
    super::files::repo_root().join("tests/testsuite/expected")
}

fn blessing() -> bool {
    std::env::var("CONGBO_BLESS").is_ok_and(|v| !v.is_empty() && v != "0")
}

/// `actual`, normalised, is the content of `expected/<name>.stderr` (or becomes it
/// when blessing).
pub fn assert_expected(name: &str, actual: &str, placeholders: &[(&Path, &str)]) {
    let actual = normalise(actual, placeholders);
    let path = expected_dir().join(format!("{name}.stderr"));
    if blessing() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &actual).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        return;
    }
    let Ok(expected) = fs::read_to_string(&path) else {
        panic!(
            "no expected output {}; `CONGBO_BLESS=1 cargo test` writes it. The output is:\n{actual}",
            path.display()
        );
    };
    if expected != actual {
        panic!(
            "the output differs from {} (`CONGBO_BLESS=1 cargo test` accepts it, then review the diff):\n{}",
            path.display(),
            line_diff(&expected, &actual)
        );
    }
}

/// Paths replaced by placeholders (the first that matches wins, so the longest go
/// first), durations by `[ELAPSED]`.
pub fn normalise(text: &str, placeholders: &[(&Path, &str)]) -> String {
    let mut text = text.replace("\r\n", "\n");
    for (path, name) in placeholders {
        text = text.replace(&path.display().to_string(), name);
    }
    // " in 0.12 s" → " in [ELAPSED] s"
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(i) = rest.find(" in ") {
        let after = &rest[i + 4..];
        let n = after.chars().take_while(|c| c.is_ascii_digit() || *c == '.').count();
        out.push_str(&rest[..i + 4]);
        if n > 0 && after[n..].starts_with(" s") {
            out.push_str("[ELAPSED]");
            rest = &after[n..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The lines that differ between `expected` and `actual` (what both start and end
/// with left out).
fn line_diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let start = e.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let end = e[start..].iter().rev().zip(a[start..].iter().rev()).take_while(|(x, y)| x == y).count();
    let mut out = format!("from line {}:\n", start + 1);
    for l in &e[start..e.len() - end] {
        out.push_str(&format!("- {l}\n"));
    }
    for l in &a[start..a.len() - end] {
        out.push_str(&format!("+ {l}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_paths_and_durations() {
        let text = "congbo: built 5 documents, 93 files (93 changed, 0.1 MB) in 0.16 s into /tmp/x/site/output; 0 errors\nin 3 steps in 12 s\n";
        let got = normalise(text, &[(Path::new("/tmp/x/site"), "[ROOT]"), (Path::new("/tmp/x"), "[SCRATCH]")]);
        assert_eq!(
            got,
            "congbo: built 5 documents, 93 files (93 changed, 0.1 MB) in [ELAPSED] s into [ROOT]/output; 0 errors\nin 3 steps in [ELAPSED] s\n"
        );
        assert_eq!(line_diff("a\nb\nc\nd\n", "a\nB\nc\nd\n"), "from line 2:\n- b\n+ B\n");
    }
}
