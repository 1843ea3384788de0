//! The one way the tests run the real `congbo` binary: a clean environment, a time
//! limit and a check for panics on every run, and a [`TestSite`] builder in the spirit
//! of mdBook's `BookTest` and Zola's `file_exists!` / `file_contains!`: copy a site into
//! a temporary folder, run the binary on it, and read the output back.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use scraper::Html;
use tempfile::TempDir;

use super::diagnostics::{Diagnostic, diagnostics};
use super::expected::assert_expected;
use super::files::{copy_dir, repo_root};
use super::html::{Select, Text};

/// No run of congbo may take longer than this: a hang is a failure, not a stuck test.
pub const RUN_LIMIT: Duration = Duration::from_secs(60);

/// `congbo` with the environment every test runs it in: no backtraces or thread
/// count inherited from the developer's shell, messages in one fixed language (the
/// tests read the English ones: `CONGBO_LANG=en`, and a fixed locale besides), no
/// standard input. Servers and runs that a test kills start from this too.
pub fn congbo_command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_congbo"));
    cmd.env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE")
        .env_remove("RAYON_NUM_THREADS")
        .env("CONGBO_LANG", "en")
        .env("LANG", "C.UTF-8")
        .env("LC_ALL", "C.UTF-8")
        .stdin(Stdio::null());
    cmd
}

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Run {
    /// The command line, for messages.
    pub what: String,
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    /// The output folder the run wrote to (or would have): `--output`, else
    /// `output/` in the `--root` folder.
    pub output: PathBuf,
    /// Paths that [`Run::assert_stderr_matches`] writes as placeholders.
    placeholders: Vec<(PathBuf, &'static str)>,
}

/// Runs `congbo args…` in `cwd` with extra environment `env`, within [`RUN_LIMIT`];
/// fails on a hang, a panic or an exit code other than 0 and 1.
pub fn congbo(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = congbo_command();
    cmd.args(args).current_dir(cwd).stdout(Stdio::piped()).stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let what = format!("congbo {}", args.join(" "));
    let started = Instant::now();
    let mut child = cmd.spawn().expect("run congbo");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_reader = thread::spawn(move || {
        let mut b = Vec::new();
        let _ = stdout.read_to_end(&mut b);
        b
    });
    let err_reader = thread::spawn(move || {
        let mut b = Vec::new();
        let _ = stderr.read_to_end(&mut b);
        b
    });
    let status = wait_within(&mut child, RUN_LIMIT);
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    let Some(status) = status else {
        panic!("{what} did not finish within {RUN_LIMIT:?} (killed); stderr so far:\n{stderr}");
    };
    assert_no_panic(&status, &stderr, &what);

    // Where the run writes: --output, relative to the site root, which is --root
    // relative to the working folder.
    let flag = |name: &str| args.iter().position(|a| *a == name).and_then(|i| args.get(i + 1)).map(PathBuf::from);
    let root = cwd.join(flag("--root").unwrap_or_default());
    let output = flag("--output").map_or_else(|| root.join("output"), |o| root.join(o));
    Run { what, status, stdout, stderr, elapsed, output, placeholders: vec![(repo_root(), "[REPO]")] }
}

/// Waits for `child` at most `limit`; kills it and returns None when it takes longer.
pub fn wait_within(child: &mut Child, limit: Duration) -> Option<ExitStatus> {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for congbo") {
            return Some(status);
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        thread::sleep(Duration::from_millis(5));
    }
}

/// A run ended by itself, with a diagnostic at most: no panic message, no backtrace
/// hint, exit code 0 or 1 (not a crash, an abort or a signal).
pub fn assert_no_panic(status: &ExitStatus, stderr: &str, what: &str) {
    assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"), "{what} panicked:\n{stderr}");
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "{what} ended with {status} (a crash, an abort or a signal, not a diagnostic):\n{stderr}"
    );
}

/// A site copied into a temporary folder. The site root is a sub-folder of the
/// temporary folder, so that even a congbo bug that writes beside or above the root
/// stays inside it.
pub struct TestSite {
    tmp: TempDir,
    root: PathBuf,
}

impl TestSite {
    /// A copy of `tests/fixtures/<name>/`.
    pub fn fixture(name: &str) -> Self {
        let src = repo_root().join("tests").join("fixtures").join(name);
        assert!(src.is_dir(), "no fixture folder {}", src.display());
        let site = Self::empty();
        copy_dir(&src, &site.root);
        site
    }

    /// A copy of the repository's default site: congbo.toml and content/.
    pub fn default_site() -> Self {
        let site = Self::empty();
        let repo = repo_root();
        fs::copy(repo.join("congbo.toml"), site.root.join("congbo.toml")).expect("copy congbo.toml");
        copy_dir(&repo.join("content"), &site.root.join("content"));
        site
    }

    /// An empty site root (no congbo.toml yet).
    pub fn empty() -> Self {
        let tmp = tempfile::Builder::new().prefix("congbo-test-").tempdir().expect("create a temporary folder");
        let root = tmp.path().join("site");
        fs::create_dir_all(&root).expect("create the site root");
        TestSite { tmp, root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The temporary folder holding the site root (a place for outputs outside the root).
    pub fn scratch(&self) -> &Path {
        self.tmp.path()
    }

    /// The default output folder: `output/` in the site root.
    pub fn output(&self) -> PathBuf {
        self.root.join("output")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes (or overwrites) a file of the site.
    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.root.join(rel);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(&p, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", p.display()));
    }

    pub fn read_source(&self, rel: &str) -> String {
        let p = self.root.join(rel);
        fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
    }

    /// Replaces `from` by `to` in a file of the site; `from` must be there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read_source(rel);
        assert!(text.contains(from), "{rel} does not contain {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.root.join(rel)).unwrap_or_else(|e| panic!("cannot remove {rel}: {e}"));
    }

    /// Runs `congbo <command> [args…] --root <site root>` from the temporary folder
    /// (the binary must not depend on where it runs from).
    pub fn run(&self, command: &str, args: &[&str]) -> Run {
        self.run_with_env(command, args, &[])
    }

    /// [`TestSite::run`] with extra environment.
    pub fn run_with_env(&self, command: &str, args: &[&str], env: &[(&str, &str)]) -> Run {
        let root = self.root.to_str().expect("a UTF-8 temporary path");
        let mut all = vec![command];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--root", root]);
        let mut run = congbo(self.scratch(), &all, env);
        run.placeholders.insert(0, (self.root.clone(), "[ROOT]"));
        run.placeholders.insert(1, (self.scratch().to_path_buf(), "[SCRATCH]"));
        run
    }

    /// `congbo build` with extra arguments.
    pub fn build(&self, args: &[&str]) -> Run {
        self.run("build", args)
    }

    /// `congbo build` that must succeed.
    pub fn build_ok(&self, args: &[&str]) -> Run {
        let run = self.build(args);
        run.assert_success();
        run
    }

    /// `congbo check`.
    pub fn check(&self) -> Run {
        self.run("check", &[])
    }
}

impl Run {
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    pub fn assert_success(&self) -> &Self {
        assert!(self.status.success(), "{} failed ({}):\n{}", self.what, self.status, self.stderr);
        self
    }

    pub fn assert_exit(&self, code: i32) -> &Self {
        assert_eq!(
            self.status.code(),
            Some(code),
            "{}: expected exit code {code}; stderr:\n{}",
            self.what,
            self.stderr
        );
        self
    }

    /// Every diagnostic printed on stderr.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        diagnostics(&self.stderr)
    }

    /// The stderr of this run, normalised (see [`super::expected`]), is
    /// `tests/testsuite/expected/<name>.stderr`; `CONGBO_BLESS=1` writes it instead.
    pub fn assert_stderr_matches(&self, name: &str) {
        let placeholders: Vec<(&Path, &str)> = self.placeholders.iter().map(|(p, s)| (p.as_path(), *s)).collect();
        assert_expected(name, &self.stderr, &placeholders);
    }

    /// Path of an output file ("van-ban/x/index.html"; a path ending in "/" means its index.html).
    pub fn out_path(&self, rel: &str) -> PathBuf {
        let rel = rel.trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') {
            self.output.join(rel).join("index.html")
        } else {
            self.output.join(rel)
        }
    }

    pub fn file_exists(&self, rel: &str) -> bool {
        self.out_path(rel).is_file()
    }

    /// An output file as text (panics with the file's name when it is missing).
    pub fn read(&self, rel: &str) -> String {
        let p = self.out_path(rel);
        fs::read_to_string(&p).unwrap_or_else(|e| panic!("cannot read output file {}: {e}", p.display()))
    }

    /// An output page, parsed.
    pub fn html(&self, rel: &str) -> Html {
        super::html::parse(&self.read(rel))
    }

    /// The visible text of an output page's body (see [`super::html::Text`]).
    pub fn text(&self, rel: &str) -> String {
        self.html(rel).one("body").visible_text()
    }

    pub fn assert_file_exists(&self, rel: &str) {
        assert!(self.file_exists(rel), "output file {} is missing", self.out_path(rel).display());
    }

    /// The raw HTML of `rel` contains `needle`.
    pub fn assert_contains(&self, rel: &str, needle: &str) {
        let text = self.read(rel);
        assert!(text.contains(needle), "{rel} does not contain {needle:?}");
    }

    /// The visible text of `rel` contains `needle` (whitespace collapsed).
    pub fn assert_text_contains(&self, rel: &str, needle: &str) {
        let text = self.text(rel);
        let needle = super::html::collapse_ws(needle);
        assert!(text.contains(&needle), "the text of {rel} does not contain {needle:?}");
    }
}
