//! The integration tests of congbo: one test binary, as mdBook's `tests/testsuite`.
//! Each group builds or checks real sites with the real binary in temporary folders
//! and reads the output back with the helpers of [`support`].

mod browser;
mod import;
mod links;
mod progress;
mod serve;
mod site;
mod support;
