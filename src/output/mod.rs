//! Writing: the one path every rendered file takes to where it is published.
//!
//! The render stage hands each file, as soon as it is rendered and from any thread, to
//! a [`Sink`]; the sink minifies it (in one place, [`Minifier`]) and puts it where it
//! belongs:
//!
//! - [`Disk`]: a staging folder beside the output folder, swapped in whole when every
//!   file is written (`build`);
//! - [`Memory`]: a map of the site kept by the preview server, sharing the bytes of
//!   every file that did not change (`serve`);
//! - [`Discard`]: nowhere (`check`, which renders to find template errors).
//!
//! Beside them, [`BuildCache`] lets a build with nothing changed skip rendering and
//! writing altogether.
//!
//! This module renders nothing and knows nothing of pages: it takes paths and bytes.

mod cache;
mod disk;
mod file;
mod memory;
mod minify;

pub use cache::{BuildCache, CachedBuild, cache_file};
pub use disk::{BuildReport, Disk, MANIFEST, check_output_dir};
pub use file::{Discard, OutputFile, Sink};
pub use memory::{Files, Inputs, Memory, MemoryBuild, Rendered};
pub use minify::Minifier;
