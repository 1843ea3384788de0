//! Writing to memory, for the preview server: the site is a map of paths to bytes, and
//! a rebuild shares the bytes of every file whose rendering did not change, so only
//! changed pages are minified again and announced to the open browsers.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use super::file::{OutputFile, Sink};
use super::minify::Minifier;
use crate::diagnostic::Diagnostic;

/// A site in memory: path under the site root ("van-ban/x/index.html") → bytes.
pub type Files = BTreeMap<String, Arc<[u8]>>;

/// A hash of each file as rendered, before minifying: what the next build compares with.
pub type Rendered = HashMap<String, u64>;

/// A fingerprint of what each page was rendered from (its templates and the values
/// they were handed): a page whose inputs did not change is not rendered again.
pub type Inputs = HashMap<String, u64>;

/// A build being written into memory, beside the build served before.
pub struct Memory<'a> {
    served: &'a Files,
    rendered_before: &'a Rendered,
    /// What the pages served were rendered from; `None` when pages are not reused.
    inputs_before: Option<&'a Inputs>,
    minifier: Minifier,
    files: Mutex<Files>,
    rendered: Mutex<Rendered>,
    inputs: Mutex<Inputs>,
    reused: std::sync::atomic::AtomicUsize,
    changed: Mutex<Vec<String>>,
}

/// A build written into memory.
pub struct MemoryBuild {
    pub files: Files,
    pub rendered: Rendered,
    /// What each page was rendered from (see [`Memory::reusing`]).
    pub inputs: Inputs,
    /// Pages kept because what they are rendered from did not change.
    pub reused: usize,
    /// Paths that differ from the build served before, removed ones included; sorted.
    pub changed: Vec<String>,
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

impl<'a> Memory<'a> {
    /// A build that replaces `served`, whose files were rendered as `rendered_before` says.
    pub fn new(served: &'a Files, rendered_before: &'a Rendered, minify: bool) -> Self {
        Memory {
            served,
            rendered_before,
            inputs_before: None,
            minifier: Minifier { enabled: minify },
            files: Mutex::new(Files::new()),
            rendered: Mutex::new(Rendered::with_capacity(rendered_before.len())),
            inputs: Mutex::new(Inputs::new()),
            reused: Default::default(),
            changed: Mutex::new(Vec::new()),
        }
    }

    /// Keeps the pages served whose inputs, as `inputs_before` recorded them when they
    /// were rendered, are the same now, without rendering them again (see [`Sink::reuse`]).
    pub fn reusing(mut self, inputs_before: &'a Inputs) -> Self {
        self.inputs_before = Some(inputs_before);
        self
    }

    pub fn finish(self) -> MemoryBuild {
        self.finish_keeping(|_| false)
    }

    /// As [`Self::finish`], keeping the files served before that were not put but that
    /// `keep` names (the search index, when it is rendered later).
    pub fn finish_keeping(self, keep: impl Fn(&str) -> bool) -> MemoryBuild {
        let mut files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut rendered = self.rendered.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut changed = self.changed.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut inputs = self.inputs.into_inner().unwrap_or_else(|e| e.into_inner());
        // A page whose rendering failed is not served: nor are its inputs kept.
        inputs.retain(|path, _| files.contains_key(path));
        let reused = self.reused.into_inner();
        for (path, bytes) in self.served.iter().filter(|(p, _)| keep(p)) {
            if files.contains_key(path) {
                continue;
            }
            files.insert(path.clone(), Arc::clone(bytes));
            if let Some(&h) = self.rendered_before.get(path) {
                rendered.insert(path.clone(), h);
            }
        }
        // Removed files changed too: an open page shows its 404.
        changed.extend(self.served.keys().filter(|p| !files.contains_key(*p)).cloned());
        changed.sort();
        MemoryBuild { files, rendered, inputs, reused, changed }
    }

    /// The build served before with the files put here in place of its own: for a
    /// rebuild that renders only the files an edit can change. A file served before
    /// that was not put is kept, unless `stale` says the files put replace it (the
    /// search index's files, named by their content).
    pub fn finish_over(self, stale: impl Fn(&str) -> bool) -> MemoryBuild {
        let put = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        let rendered_now = self.rendered.into_inner().unwrap_or_else(|e| e.into_inner());
        let inputs_now = self.inputs.into_inner().unwrap_or_else(|e| e.into_inner());
        let reused = self.reused.into_inner();
        let mut changed = self.changed.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut files = self.served.clone();
        let mut rendered = self.rendered_before.clone();
        let mut inputs = self.inputs_before.cloned().unwrap_or_default();
        files.retain(|path, _| {
            let keep = put.contains_key(path) || !stale(path);
            if !keep {
                rendered.remove(path);
                inputs.remove(path);
                changed.push(path.clone());
            }
            keep
        });
        // A page put without inputs (rendered where they are not recorded) has none now.
        for path in put.keys() {
            inputs.remove(path);
        }
        inputs.extend(inputs_now.into_iter().filter(|(path, _)| put.contains_key(path)));
        files.extend(put);
        rendered.extend(rendered_now);
        changed.sort();
        MemoryBuild { files, rendered, inputs, reused, changed }
    }
}

impl Sink for Memory<'_> {
    fn keeps_inputs(&self) -> bool {
        self.inputs_before.is_some()
    }

    fn reuse(&self, path: &str, inputs: u64) -> bool {
        let Some(before) = self.inputs_before else { return false };
        self.inputs.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_string(), inputs);
        let (Some(bytes), Some(&h)) = (self.served.get(path), self.rendered_before.get(path)) else { return false };
        if before.get(path) != Some(&inputs) {
            return false;
        }
        self.rendered.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_string(), h);
        self.files.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_string(), Arc::clone(bytes));
        self.reused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        true
    }

    fn keep(&self, path: &str) -> bool {
        let (Some(bytes), Some(&h)) = (self.served.get(path), self.rendered_before.get(path)) else { return false };
        if let Some(&inputs) = self.inputs_before.and_then(|before| before.get(path)) {
            self.inputs.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_string(), inputs);
        }
        self.rendered.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_string(), h);
        self.files.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_string(), Arc::clone(bytes));
        self.reused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        true
    }

    fn put(&self, mut file: OutputFile) -> Result<(), Diagnostic> {
        let h = hash(&file.bytes);
        let served = self.served.get(&file.path);
        self.rendered.lock().unwrap_or_else(|e| e.into_inner()).insert(file.path.clone(), h);
        let bytes = match (self.rendered_before.get(&file.path), served) {
            // Rendered as before: the minified bytes served are still right.
            (Some(&before), Some(bytes)) if before == h => Arc::clone(bytes),
            _ => {
                self.minifier.apply(&mut file);
                match served {
                    // A template edit that minifies to the same bytes (a space, a comment)
                    // changed nothing.
                    Some(bytes) if **bytes == *file.bytes => Arc::clone(bytes),
                    _ => {
                        self.changed.lock().unwrap_or_else(|e| e.into_inner()).push(file.path.clone());
                        Arc::from(file.bytes)
                    }
                }
            }
        };
        self.files.lock().unwrap_or_else(|e| e.into_inner()).insert(file.path, bytes);
        Ok(())
    }
}
