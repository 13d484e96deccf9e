//! # tamis — a data-minimisation filter for outgoing health documents
//!
//! tamis reads a document before it leaves a French health or medico-social structure, finds
//! the personal and health data in it, decides against the declared purpose and the recipients
//! what is strictly necessary, and removes the rest.
//!
//! The primary types, in pipeline order ([`pipeline::Pipeline`] runs the stages; every front
//! end — command line, HTTP service, milter, batch — runs it):
//! - [`extract::Extraction`]: the input's parts, their text segments with a map back to the
//!   bytes, and the facts the format states itself.
//! - [`scan::Engine`] (built by [`scan::EngineBuilder`]): the compiled scanner, shared by all
//!   threads; [`scan::Scratch`] is its per-thread memory; it yields [`scan::Match`]es.
//! - [`Category`] and [`Basis`]: what a match is (`nir`, `diagnosis`, `care_setting`…) and why it
//!   is personal or health data (identifier, nature, crossing).
//! - [`finding::Finding`]: a match located in the extraction ([`locate`]), told whose it is
//!   ([`whose`]) and whether it is health data here ([`classify`]).
//! - [`decide::Decisions`]: the verdict per recipient and an action per finding, from the
//!   [`policy::Policy`] and the [`recipients::Directory`].
//! - [`report::Report`]: the stable, serialisable result of one input; [`redact`] writes the
//!   minimised copy.
//!
//! See `ARCHITECTURE.md` for the map of the code.

pub mod batch;
pub mod category;
pub mod classify;
pub mod config;
pub mod context;
pub mod decide;
pub mod extract;
pub mod finding;
pub mod input;
pub mod live;
pub mod locate;
pub mod metrics;
#[cfg(feature = "server")]
pub mod milter;
pub mod ocr;
pub mod pipeline;
pub mod policy;
pub mod position;
pub mod recipients;
pub mod redact;
pub mod report;
pub mod scan;
pub mod section;
#[cfg(feature = "server")]
pub mod serve;
pub mod whose;
pub mod work;

pub use category::{Basis, Category};
