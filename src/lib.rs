//! # tamis — a data-minimisation filter for outgoing health documents
//!
//! tamis reads a document before it leaves a French health or medico-social structure, finds
//! the personal and health data in it, and (in later stages) decides against the declared
//! purpose and the recipients what is strictly necessary.
//!
//! The primary types, in pipeline order:
//! - [`scan::Engine`] (built by [`scan::EngineBuilder`]): the compiled scanner, shared by all
//!   threads; [`scan::Scratch`] is its per-thread memory; it yields [`scan::Match`]es.
//! - [`Category`] and [`Basis`]: what a match is (`nir`, `diagnosis`, `care_setting`…) and why it
//!   is personal or health data (identifier, nature, crossing).
//! - [`report::Report`]: the stable, serialisable result of one input.
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
pub mod recipients;
pub mod redact;
pub mod report;
pub mod reveal;
pub mod scan;
pub mod section;
#[cfg(feature = "server")]
pub mod serve;
pub mod whose;
pub mod work;

pub use category::{Basis, Category};
