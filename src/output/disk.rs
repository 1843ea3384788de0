//! Writing to disk: the build is written into a staging directory beside the output directory and
//! swapped in only when complete, so a failed or interrupted build leaves the previous
//! site as it was. Files in the output directory that congbo did not write (listed in
//! its manifest) are carried over, never deleted. Unchanged files keep their old
//! modification time (hard-linked from the previous build) so that rsync-style
//! deployments copy only what changed. One build at a time writes into an output
//! folder: a lock file beside it, held while the build runs and released by the system
//! when the process ends, however it ends.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use super::file::{OutputFile, Sink};
use super::minify::Minifier;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, Place};

/// The list of files congbo wrote, kept in the output directory so that the next build
/// knows which files are its own.
pub const MANIFEST: &str = ".congbo-manifest";

/// What a write did.
#[derive(Debug, Default, Clone)]
pub struct BuildReport {
    pub files: usize,
    pub bytes: u64,
    pub changed: usize,
    pub kept_foreign: usize,
    /// Files of the portal's that a generated page replaced.
    pub warnings: Vec<Diagnostic>,
}

/// Checks that `output` is a directory congbo may replace: not the site root, not one
/// of its source folders or a parent of them, not the home directory.
pub fn check_output_dir(config: &Config) -> Result<PathBuf, Diagnostic> {
    let out = normalize(&config.output_dir);
    let refuse = |why: std::borrow::Cow<str>| {
        Err(Diagnostic::error(
            Place::file(&config.output_dir),
            t!("output.refuse", path = config.output_dir.display(), why = why),
        )
        .with_help(t!("output.refuse.help")))
    };
    let root = normalize(&config.root);
    if out == root || root.starts_with(&out) {
        return refuse(t!("output.refuse.site"));
    }
    let sources = [
        (normalize(&config.content_dir), t!("output.refuse.content")),
        (normalize(&config.theme_dir), t!("output.refuse.theme")),
        (normalize(&config.site_templates_dir), t!("output.refuse.templates")),
        (normalize(&config.root.join("static")), t!("output.refuse.static")),
    ];
    for (p, why) in &sources {
        // Neither one of the site's source folders, a folder holding one, nor one inside one.
        if out.starts_with(p) || p.starts_with(&out) {
            return refuse(why.clone());
        }
    }
    if out.parent().is_none() {
        return refuse(t!("output.refuse.root"));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if home.starts_with(&out) {
            return refuse(t!("output.refuse.home"));
        }
    }
    if out.exists() && !out.is_dir() {
        return refuse(t!("output.refuse.file"));
    }
    Ok(out)
}

/// An absolute, `..`-free form of `p` (without touching the file system for parts that
/// do not exist yet).
fn normalize(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    let abs = abs.canonicalize().unwrap_or(abs);
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// A rendered path must stay inside the output directory.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let p = Path::new(path);
    if path.is_empty() || p.is_absolute() {
        return None;
    }
    p.components().all(|c| matches!(c, Component::Normal(_))).then(|| p.to_path_buf())
}

/// A build being written: files go into a staging folder beside the output folder as
/// they are rendered; [`Disk::finish`] carries over the portal's own files and swaps the
/// staging folder in. Dropped unfinished (a render error), it removes the staging folder
/// and the published site stays as it was.
pub struct Disk {
    out: PathBuf,
    /// Whether a site built by congbo was in the output folder before this build.
    had_previous: bool,
    /// Held until the build ends: another build into the same folder waits for it.
    _lock: OutputLock,
    staging: PathBuf,
    old: PathBuf,
    minifier: Minifier,
    /// congbo's files of the previous build, from its manifest.
    previous_manifest: BTreeSet<String>,
    /// Folders already created in the staging folder.
    dirs: Mutex<HashSet<PathBuf>>,
    /// Paths written so far, for the manifest.
    written: Mutex<Vec<String>>,
    bytes: AtomicU64,
    changed: AtomicUsize,
    /// The first failure that is about the disk rather than one file (disk full,
    /// read-only): reported once, with what to do; later writes are not attempted.
    storage_failed: std::sync::atomic::AtomicBool,
    finished: bool,
}

/// Where the lock beside `out` lives: `.output.congbo-lock` for `output/`.
fn lock_path(parent: &Path, name: &str) -> PathBuf {
    parent.join(format!(".{name}.congbo-lock"))
}

/// The lock on an output folder: a file beside it, locked while the build runs and
/// removed when it ends (the system releases the lock of a killed build; its file is
/// taken over by the next build).
struct OutputLock {
    file: fs::File,
    path: PathBuf,
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Removed while still locked: a build waiting on this file sees, once it has
        // the lock, that the path is no longer its file, and takes the lock anew.
        let _ = fs::remove_file(&self.path);
        let _ = self.file.unlock();
    }
}

/// Takes the lock on the output folder, waiting for a build that holds it (its process
/// id and start are in the lock file, for the message).
fn take_lock(path: &Path, waiting: &dyn Fn(String)) -> Result<OutputLock, Diagnostics> {
    use std::io::{Read, Seek, Write};
    use std::os::unix::fs::MetadataExt;
    let mut told = false;
    loop {
        let mut file = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|e| io_error(t!("output.what.lock"), path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                if !told {
                    let mut holder = String::new();
                    let _ = file.read_to_string(&mut holder);
                    let holder = holder.lines().next().unwrap_or("").to_string();
                    waiting(t!("output.waiting", path = path.display(), holder = holder).into_owned());
                    told = true;
                }
                file.lock().map_err(|e| io_error(t!("output.what.lock"), path, e))?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(io_error(t!("output.what.lock"), path, e)),
        }
        // The build before us removed the file it locked: ours is stale; start over.
        let same = match (file.metadata(), fs::metadata(path)) {
            (Ok(held), Ok(now)) => (held.dev(), held.ino()) == (now.dev(), now.ino()),
            _ => false,
        };
        if !same {
            continue;
        }
        let stamp =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default();
        let _ = file
            .set_len(0)
            .and_then(|_| file.rewind())
            .and_then(|_| writeln!(file, "congbo build, pid {}, started at {stamp} (Unix time)", std::process::id()));
        return Ok(OutputLock { file, path: path.to_path_buf() });
    }
}

/// A failure that concerns the whole disk, not one file: the same would happen to
/// every file, so it is reported once.
fn storage_wide(e: &io::Error) -> bool {
    matches!(e.kind(), io::ErrorKind::StorageFull | io::ErrorKind::ReadOnlyFilesystem | io::ErrorKind::QuotaExceeded)
}

/// Free space, in bytes, of the file system holding `path`.
fn free_space(path: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    // SAFETY: a valid NUL-terminated path and a zeroed struct for the call to fill.
    (unsafe { libc::statvfs(c.as_ptr(), &mut stat) } == 0).then(|| stat.f_bavail as u64 * stat.f_frsize as u64)
}

/// Total size of the files under `dir` (the previous site: about what the new one needs).
fn size_of(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// Gives `to` the permissions (and, where allowed, the owner) of `from`: the portal's
/// folders keep what its team set, e.g. `output/` 0750 of the web server's group.
fn same_access(from: &Path, to: &Path) {
    use std::os::unix::fs::MetadataExt;
    if let Ok(meta) = fs::metadata(from) {
        let _ = fs::set_permissions(to, meta.permissions());
        let _ = std::os::unix::fs::chown(to, Some(meta.uid()), Some(meta.gid()));
    }
}

fn io_error(what: std::borrow::Cow<str>, path: &Path, e: io::Error) -> Diagnostics {
    Diagnostics::from(vec![Diagnostic::error(Place::file(path), t!("output.cannot", what = what, error = e))])
}

impl Disk {
    /// Prepares the staging folder for a build of the site into its output folder,
    /// waiting first for another build into the same folder (`waiting` is told why).
    pub fn begin(config: &Config, waiting: &dyn Fn(String)) -> Result<Disk, Diagnostics> {
        let out = check_output_dir(config).map_err(|d| Diagnostics::from(vec![d]))?;
        let parent = out.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "output".into());
        fs::create_dir_all(&parent).map_err(|e| io_error(t!("output.what.create"), &parent, e))?;
        let lock = take_lock(&lock_path(&parent, &name), waiting)?;
        // Each build has its own staging folder; with the lock held, any other is a
        // leftover of a build that was killed.
        let staging = parent.join(format!(".{name}.congbo-staging-{}", std::process::id()));
        let old = parent.join(format!(".{name}.congbo-old"));
        // A build killed between the two renames of the fallback swap left the site aside.
        if !out.exists() && old.is_dir() {
            fs::rename(&old, &out).map_err(|e| io_error(t!("output.what.restore"), &old, e))?;
        }
        let leftover_prefix = format!(".{name}.congbo-staging");
        let mut leftovers: Vec<PathBuf> = fs::read_dir(&parent)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .filter(|e| e.file_name().to_string_lossy().starts_with(&leftover_prefix))
                    .map(|e| e.path())
                    .collect()
            })
            .unwrap_or_default();
        leftovers.push(old.clone());
        for leftover in leftovers.iter().filter(|p| p.exists()) {
            fs::remove_dir_all(leftover).map_err(|e| io_error(t!("output.what.remove_leftover"), leftover, e))?;
        }
        fs::create_dir_all(&staging).map_err(|e| io_error(t!("output.what.create"), &staging, e))?;
        let previous_manifest: BTreeSet<String> =
            fs::read_to_string(out.join(MANIFEST)).map(|t| t.lines().map(str::to_string).collect()).unwrap_or_default();
        Ok(Disk {
            had_previous: out.join(MANIFEST).is_file(),
            out,
            _lock: lock,
            staging,
            old,
            minifier: Minifier { enabled: config.minify },
            previous_manifest,
            dirs: Mutex::new(HashSet::new()),
            written: Mutex::new(Vec::new()),
            bytes: AtomicU64::new(0),
            changed: AtomicUsize::new(0),
            storage_failed: std::sync::atomic::AtomicBool::new(false),
            finished: false,
        })
    }

    /// Whether the output folder held a site before this build (else a failed build
    /// has no "previous site" to keep).
    pub fn had_previous(&self) -> bool {
        self.had_previous
    }

    /// A failure while carrying over the portal's files: reported like a write.
    fn finish_failed(&self, path: &Path, e: io::Error) -> Diagnostics {
        Diagnostics::from(vec![self.write_failed(path, e)])
    }

    /// The output folder cannot be replaced as a whole: a mount point, an immutable
    /// folder or one whose parent congbo may not write. Says what to do instead.
    fn cannot_replace(&self, e: io::Error) -> Diagnostics {
        let d = Diagnostic::error(
            Place::file(&self.out),
            t!("output.cannot", what = t!("output.what.move_aside"), error = e),
        )
        .with_help(t!("output.cannot_replace.help", path = self.out.display()));
        Diagnostics::from(vec![d])
    }

    /// A write that failed, reported unless a disk-wide cause was reported already.
    fn failed(&self, target: &Path, e: io::Error) -> Result<(), Diagnostic> {
        if storage_wide(&e) && self.storage_failed.swap(true, Ordering::Relaxed) {
            return Ok(());
        }
        Err(self.write_failed(target, e))
    }

    /// A write that failed: a disk-wide cause once, with the space needed and free;
    /// a file-specific one as it is.
    fn write_failed(&self, target: &Path, e: io::Error) -> Diagnostic {
        if storage_wide(&e) {
            let mb = |b: u64| format!("{:.1}", b as f64 / 1e6);
            let needed = self.bytes.load(Ordering::Relaxed).max(size_of(&self.out));
            let free = free_space(self.staging.parent().unwrap_or(&self.staging)).unwrap_or(0);
            return Diagnostic::error(Place::file(&self.out), t!("output.storage", error = e)).with_help(t!(
                "output.storage.help",
                needed = mb(needed),
                free = mb(free)
            ));
        }
        if matches!(e.kind(), io::ErrorKind::NotADirectory | io::ErrorKind::IsADirectory | io::ErrorKind::AlreadyExists)
        {
            return Diagnostic::error(
                Place::file(target),
                t!("output.cannot", what = t!("output.what.write"), error = e),
            )
            .with_help(t!("output.file_in_the_way.help"));
        }
        Diagnostic::error(Place::file(target), t!("output.cannot", what = t!("output.what.write"), error = e))
    }

    /// The output folder the site is written to.
    pub fn output_dir(&self) -> &Path {
        &self.out
    }

    fn create_parent(&self, target: &Path) -> Result<(), Diagnostic> {
        // (a failed folder is reported through `failed`, once for a full disk)
        let Some(dir) = target.parent() else { return Ok(()) };
        if self.dirs.lock().unwrap_or_else(|e| e.into_inner()).contains(dir) {
            return Ok(());
        }
        if let Err(e) = fs::create_dir_all(dir) {
            return self.failed(dir, e);
        }
        self.dirs.lock().unwrap_or_else(|e| e.into_inner()).insert(dir.to_path_buf());
        Ok(())
    }

    /// Carries over the portal's own files, writes the manifest and swaps the new site
    /// in: the old site stays whole until the new one is complete, and the output folder
    /// always holds one of them.
    pub fn finish(mut self) -> Result<BuildReport, Diagnostics> {
        let mut written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        written.sort();
        // Two jobs rendering one path: the later file replaced the earlier, a page lost.
        let mut twice: Vec<Diagnostic> = written
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| {
                Diagnostic::error(Place::file(&w[0]), t!("output.written_twice"))
                    .with_help(t!("output.written_twice.help"))
            })
            .collect();
        twice.dedup_by(|a, b| a.place == b.place);
        if !twice.is_empty() {
            return Err(Diagnostics::from(twice));
        }
        let generated: BTreeSet<&str> = written.iter().map(String::as_str).collect();
        let mut report = BuildReport {
            files: written.len(),
            bytes: self.bytes.load(Ordering::Relaxed),
            changed: self.changed.load(Ordering::Relaxed),
            ..Default::default()
        };
        let (out, staging, old) = (self.out.clone(), self.staging.clone(), self.old.clone());
        // congbo's folders: those holding a file it wrote last time or writes now.
        let mut ours: HashSet<&Path> = HashSet::new();
        for p in self.previous_manifest.iter().chain(written.iter()) {
            ours.extend(Path::new(p).ancestors().skip(1));
        }
        // Files and folders the portal team put in the output directory are carried
        // over, empty folders (.well-known/acme-challenge/) and their permissions too.
        if out.is_dir() {
            for entry in walkdir::WalkDir::new(&out).min_depth(1).sort_by_file_name() {
                let Ok(entry) = entry else { continue };
                let rel = entry.path().strip_prefix(&out).unwrap_or(entry.path());
                let rel_s = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                if entry.file_type().is_dir() {
                    let target = staging.join(rel);
                    if !ours.contains(rel) && !target.exists() {
                        fs::create_dir_all(&target).map_err(|e| self.finish_failed(&target, e))?;
                    }
                    if target.is_dir() {
                        same_access(entry.path(), &target);
                    }
                    continue;
                }
                if rel_s == MANIFEST || self.previous_manifest.contains(&rel_s) {
                    continue;
                }
                if generated.contains(rel_s.as_str()) {
                    report.warnings.push(Diagnostic::warning(Place::file(entry.path()), t!("output.foreign_replaced")));
                    continue;
                }
                let target = staging.join(rel);
                if let Some(p) = target.parent() {
                    fs::create_dir_all(p).map_err(|e| self.finish_failed(p, e))?;
                }
                let carried = if entry.file_type().is_symlink() {
                    fs::read_link(entry.path()).and_then(|l| std::os::unix::fs::symlink(l, &target))
                } else {
                    fs::hard_link(entry.path(), &target).or_else(|_| fs::copy(entry.path(), &target).map(|_| ()))
                };
                carried.map_err(|e| self.finish_failed(entry.path(), e))?;
                report.kept_foreign += 1;
            }
            same_access(&out, &staging);
        }
        let manifest: String = written.iter().map(|p| format!("{p}\n")).collect();
        fs::write(staging.join(MANIFEST), manifest).map_err(|e| self.finish_failed(&staging.join(MANIFEST), e))?;

        if out.exists() {
            match exchange(&staging, &out) {
                Ok(()) => {
                    self.finished = true;
                    let _ = fs::remove_dir_all(&staging);
                    return Ok(report);
                }
                // Not supported here (another OS or file system): two renames.
                Err(_) => {
                    if let Err(e) = fs::rename(&out, &old) {
                        return Err(self.cannot_replace(e));
                    }
                }
            }
        }
        self.finished = true;
        if let Err(e) = fs::rename(&staging, &out) {
            let _ = fs::rename(&old, &out);
            let _ = fs::remove_dir_all(&staging);
            return Err(self.cannot_replace(e));
        }
        if old.exists() {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(report)
    }
}

impl Disk {
    /// Where `path` goes in the staging folder, its folder made; `None` once the disk
    /// is full or read-only (said once already; the build has failed).
    fn staging_target(&self, path: &str) -> Result<Option<PathBuf>, Diagnostic> {
        if safe_relative(path).is_none() {
            return Err(Diagnostic::error(Place::file(path), t!("output.outside")));
        }
        if self.storage_failed.load(Ordering::Relaxed) {
            return Ok(None);
        }
        let target = self.staging.join(path);
        self.create_parent(&target)?;
        Ok(Some(target))
    }

    /// The last build's file at `path`, when congbo wrote it and it is `len` bytes long:
    /// the one to link, keeping its time, if its bytes are the same.
    fn previous_of_len(&self, path: &str, len: u64) -> Option<PathBuf> {
        let previous = self.out.join(path);
        (self.previous_manifest.contains(path) && fs::metadata(&previous).is_ok_and(|meta| meta.len() == len))
            .then_some(previous)
    }

    /// Counts a file put, for the report and the manifest.
    fn record(&self, path: String, len: u64, changed: bool) {
        if changed {
            self.changed.fetch_add(1, Ordering::Relaxed);
        }
        self.bytes.fetch_add(len, Ordering::Relaxed);
        self.written.lock().unwrap_or_else(|e| e.into_inner()).push(path);
    }
}

impl Sink for Disk {
    fn put(&self, mut file: OutputFile) -> Result<(), Diagnostic> {
        let Some(target) = self.staging_target(&file.path)? else { return Ok(()) };
        self.minifier.apply(&mut file);
        let len = file.bytes.len() as u64;
        // Unchanged since the last build: link the old file to keep its mtime.
        let unchanged = self.previous_of_len(&file.path, len).is_some_and(|previous| {
            fs::read(&previous).is_ok_and(|b| b == file.bytes) && fs::hard_link(&previous, &target).is_ok()
        });
        if !unchanged {
            if let Err(e) = fs::write(&target, &file.bytes) {
                return self.failed(&target, e);
            }
        }
        self.record(file.path, len, !unchanged);
        Ok(())
    }

    fn put_written(
        &self,
        path: String,
        write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let Some(target) = self.staging_target(&path)? else { return Ok(()) };
        let len = match write_streamed(&target, write) {
            Ok(len) => len,
            Err(e) => return self.failed(&target, e),
        };
        // Unchanged since the last build: the old file, linked, keeps its time (the new
        // one stays if linking fails: the same bytes).
        let unchanged = self.previous_of_len(&path, len).is_some_and(|previous| {
            let linked = target.with_extension("congbo-link");
            same_contents(&previous, &target).unwrap_or(false)
                && fs::hard_link(&previous, &linked).is_ok()
                && (fs::rename(&linked, &target).is_ok() || {
                    let _ = fs::remove_file(&linked);
                    false
                })
        });
        self.record(path, len, !unchanged);
        Ok(())
    }
}

/// Writes `target` as `write` makes it, through a buffer; its length.
fn write_streamed(target: &Path, write: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>) -> io::Result<u64> {
    struct Counted<W> {
        inner: W,
        len: u64,
    }
    impl<W: io::Write> io::Write for Counted<W> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let n = self.inner.write(buf)?;
            self.len += n as u64;
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            self.inner.flush()
        }
    }
    let mut out = Counted { inner: io::BufWriter::with_capacity(1 << 20, fs::File::create(target)?), len: 0 };
    write(&mut out)?;
    io::Write::flush(&mut out)?;
    Ok(out.len)
}

/// Whether two files hold the same bytes (read a block at a time).
fn same_contents(a: &Path, b: &Path) -> io::Result<bool> {
    use std::io::Read;
    let (mut a, mut b) = (io::BufReader::new(fs::File::open(a)?), io::BufReader::new(fs::File::open(b)?));
    let (mut x, mut y) = (vec![0u8; 1 << 16], vec![0u8; 1 << 16]);
    loop {
        let n = a.read(&mut x)?;
        if n == 0 {
            return Ok(b.read(&mut y)? == 0);
        }
        b.read_exact(&mut y[..n])?;
        if x[..n] != y[..n] {
            return Ok(false);
        }
    }
}

impl Drop for Disk {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// Atomically exchanges two directories (Linux renameat2 with RENAME_EXCHANGE).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes())?;
    let cb = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths; the call only reads them.
    let r = unsafe { libc::renameat2(libc::AT_FDCWD, ca.as_ptr(), libc::AT_FDCWD, cb.as_ptr(), libc::RENAME_EXCHANGE) };
    if r == 0 { Ok(()) } else { Err(io::Error::last_os_error()) }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(io::ErrorKind::Unsupported, "no atomic exchange"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendered_paths_cannot_escape() {
        assert!(safe_relative("van-ban/a/index.html").is_some());
        assert!(safe_relative("../etc/passwd").is_none());
        assert!(safe_relative("/etc/passwd").is_none());
        assert!(safe_relative("a/../../b").is_none());
        assert!(safe_relative("").is_none());
    }

    /// A full disk fails every write: the first is reported with the space needed and
    /// free and what to do, the rest are not reported again (one cause, one message).
    #[test]
    fn a_full_disk_is_reported_once_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::for_root(dir.path());
        let disk = Disk::begin(&config, &|_| {}).unwrap();
        let full = || io::Error::from(io::ErrorKind::StorageFull);
        let first = disk.failed(Path::new("a.html"), full()).unwrap_err();
        assert!(first.help.as_deref().is_some_and(|h| h.contains("MB")), "{first:?}");
        for _ in 0..100 {
            assert!(disk.failed(Path::new("b.html"), full()).is_ok(), "a full disk reported twice");
        }
        // A file-specific failure is still reported.
        assert!(disk.failed(Path::new("c.html"), io::Error::from(io::ErrorKind::PermissionDenied)).is_err());
    }

    /// Two files rendered at one address: the build fails, naming it, and the site
    /// published before stays.
    #[test]
    fn a_path_rendered_twice_fails_the_build() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::for_root(dir.path());
        let disk = Disk::begin(&config, &|_| {}).unwrap();
        disk.put(OutputFile::new("a/index.html", b"<p>one</p>".to_vec())).unwrap();
        disk.finish().unwrap();
        let disk = Disk::begin(&config, &|_| {}).unwrap();
        for text in ["<p>two</p>", "<p>three</p>"] {
            disk.put(OutputFile::new("b/index.html", text.as_bytes().to_vec())).unwrap();
        }
        let failed = disk.finish().unwrap_err();
        let said: Vec<String> = failed.iter().map(|d| d.to_string()).collect();
        assert!(failed.has_errors() && said.len() == 1 && said[0].contains("b/index.html"), "{said:?}");
        let out = config.output_dir.clone();
        assert!(out.join("a/index.html").exists() && !out.join("b").exists(), "the previous site stays");
    }

    /// A large file written as it is made is published whole; built again the same, it
    /// is the last build's file (its time kept); changed, it is the new one.
    #[test]
    fn a_streamed_file_is_published_and_kept_when_unchanged() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let config = Config::for_root(dir.path());
        let table = |rows: usize| {
            let disk = Disk::begin(&config, &|_| {}).unwrap();
            disk.put_written("du-lieu/t.csv".into(), &mut |w| {
                for i in 0..rows {
                    writeln!(w, "{i},xã hội học tập")?;
                }
                Ok(())
            })
            .unwrap();
            let report = disk.finish().unwrap();
            let path = config.output_dir.join("du-lieu/t.csv");
            (std::fs::read_to_string(&path).unwrap(), std::fs::metadata(&path).unwrap().ino(), report.changed)
        };
        let (text, first, changed) = table(100_000);
        assert_eq!(text.lines().count(), 100_000);
        assert!(text.ends_with("99999,xã hội học tập\n") && changed == 1);
        let (again, same, changed) = table(100_000);
        assert!(again == text && same == first && changed == 0, "unchanged: the same file");
        let (fewer, other, changed) = table(10);
        assert!(fewer.lines().count() == 10 && other != first && changed == 1);
        let stray: Vec<_> = walkdir::WalkDir::new(&config.output_dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().to_string_lossy().contains("congbo-link"))
            .collect();
        assert!(stray.is_empty(), "{stray:?}");
    }
}
