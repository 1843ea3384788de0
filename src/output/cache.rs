//! The build cache: a second `build` with nothing changed writes nothing.
//!
//! After a build, a file beside the output folder (`.<output>.congbo-cache`, next to
//! the staging folder) records a hash of everything the site is made from — the
//! contents of every file under content/, the theme, templates/, static/ and strings/, the
//! configuration as resolved (the day of assessment included), the message language
//! and the congbo program itself — with what the build printed and the size and
//! modification time of every file it wrote. The next build compares: when every
//! input hashes the same and every output file is still as written, the site is
//! already what a build would make, and nothing is rendered or written. Any
//! difference, however small, means a whole build (whose unchanged files keep their
//! old modification time, see [`super::Disk`]).

use std::fs;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{CONFIG_FILE, Config};

const HEADER: &str = "congbo-build-cache 1";

/// What a build printed and wrote, kept for the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedBuild {
    pub documents: usize,
    pub files: usize,
    pub bytes: u64,
    /// "0 errors, 3 warnings", as the build said it (one line).
    pub summary: String,
    /// The warnings and notes the build printed, as printed.
    pub messages: String,
}

/// The cache of one site's output folder, and the hash of its inputs now.
pub struct BuildCache {
    path: PathBuf,
    key: u64,
}

/// The file the cache of output folder `out` is kept in: beside it, like the staging folder.
pub fn cache_file(out: &Path) -> PathBuf {
    let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "output".into());
    out.parent().unwrap_or(Path::new(".")).join(format!(".{name}.congbo-cache"))
}

impl BuildCache {
    /// Hashes the inputs of the site `config` describes, for the output folder `out`.
    pub fn new(config: &Config, out: &Path) -> Self {
        let mut h = DefaultHasher::new();
        env!("CARGO_PKG_VERSION").hash(&mut h);
        // The program itself: a rebuilt congbo may render differently.
        if let Ok(meta) = std::env::current_exe().and_then(fs::metadata) {
            (meta.len(), meta.mtime(), meta.mtime_nsec(), meta.ino()).hash(&mut h);
        }
        format!("{config:?}").hash(&mut h);
        format!("{:?}", crate::lang::current()).hash(&mut h);
        let dirs = [
            &config.content_dir,
            &config.theme_dir,
            &config.site_templates_dir,
            &config.root.join("static"),
            &config.root.join("strings"),
        ];
        for dir in dirs {
            dir.hash(&mut h);
            for (rel, digest) in hash_tree(dir) {
                (rel, digest).hash(&mut h);
            }
        }
        hash_file(&config.root.join(CONFIG_FILE)).hash(&mut h);
        BuildCache { path: cache_file(out), key: h.finish() }
    }

    /// What the previous build printed, when its inputs were the same as now and
    /// every file it wrote into `out` is still there as it wrote it.
    pub fn lookup(&self, out: &Path) -> Option<CachedBuild> {
        let text = fs::read_to_string(&self.path).ok()?;
        let mut rest = text.strip_prefix(HEADER)?.strip_prefix('\n')?;
        let mut line = |name: &str| -> Option<&str> {
            let (line, after) = rest.split_once('\n')?;
            rest = after;
            line.strip_prefix(name)?.strip_prefix(' ')
        };
        if line("key")?.parse::<u64>().ok()? != self.key {
            return None;
        }
        let documents = line("documents")?.parse().ok()?;
        let files = line("files")?.parse().ok()?;
        let bytes = line("bytes")?.parse().ok()?;
        let summary = line("summary")?.to_string();
        let len: usize = line("messages")?.parse().ok()?;
        let messages = rest.get(..len)?.to_string();
        let listed = rest.get(len..)?;
        let mut count = 0;
        for line in listed.lines() {
            let mut parts = line.rsplitn(3, '\t');
            let (mtime, size, path) = (parts.next()?, parts.next()?, parts.next()?);
            let meta = fs::symlink_metadata(out.join(path)).ok()?;
            if !meta.is_file() || meta.len().to_string() != size || stamp(&meta) != mtime {
                return None;
            }
            count += 1;
        }
        (count > 0).then_some(CachedBuild { documents, files, bytes, summary, messages })
    }

    /// Records a finished build of `out`: the inputs' hash, what it printed, and each
    /// file it wrote as it is now (`written`, paths under `out`).
    pub fn store(&self, out: &Path, build: &CachedBuild, written: &[String]) -> io::Result<()> {
        let mut text = format!(
            "{HEADER}\nkey {}\ndocuments {}\nfiles {}\nbytes {}\nsummary {}\nmessages {}\n{}",
            self.key,
            build.documents,
            build.files,
            build.bytes,
            build.summary.replace('\n', " "),
            build.messages.len(),
            build.messages
        );
        for path in written {
            let meta = fs::symlink_metadata(out.join(path))?;
            text.push_str(&format!("{path}\t{}\t{}\n", meta.len(), stamp(&meta)));
        }
        let tmp = self.path.with_extension("congbo-cache-new");
        fs::write(&tmp, text)?;
        fs::rename(&tmp, &self.path)
    }

    /// Forgets the previous build (a build is starting that may change the output).
    pub fn forget(&self) {
        let _ = fs::remove_file(&self.path);
    }
}

/// A file's modification time, to the nanosecond.
fn stamp(meta: &fs::Metadata) -> String {
    format!("{}.{:09}", meta.mtime(), meta.mtime_nsec())
}

fn hash_file(path: &Path) -> Option<u64> {
    let bytes = fs::read(path).ok()?;
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    Some(h.finish())
}

/// Every entry under `dir`, sorted, with a hash of its contents (a symbolic link: of
/// where it points; a folder: none), read on all cores.
fn hash_tree(dir: &Path) -> Vec<(String, Option<u64>)> {
    let entries: Vec<(String, PathBuf, fs::FileType)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap_or(e.path()).to_string_lossy().into_owned();
            (rel, e.path().to_path_buf(), e.file_type())
        })
        .collect();
    entries
        .into_par_iter()
        .map(|(rel, path, kind)| {
            let digest = if kind.is_file() {
                hash_file(&path)
            } else if kind.is_symlink() {
                fs::read_link(&path).ok().map(|target| {
                    let mut h = DefaultHasher::new();
                    target.hash(&mut h);
                    h.finish()
                })
            } else {
                None
            };
            (rel, digest)
        })
        .collect()
}
