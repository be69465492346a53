//! foiguard: stops spreadsheets and CSVs from leaking people when a public
//! body releases them.
//!
//! The pipeline: [`source`] (sniff and read a file) -> [`detect`] (structural
//! and content detectors) -> [`finding`] -> [`policy`] (severity, verdict) ->
//! [`report`].

pub mod accept;
pub mod config;
pub mod coverage;
pub mod detect;
pub mod explain;
pub mod finding;
pub mod group;
pub mod interrupt;
pub mod model;
pub mod numbers;
pub mod policy;
pub mod redact;
pub mod report;
pub mod rules;
pub mod scan;
pub mod source;
pub mod walk;
pub mod watch;
