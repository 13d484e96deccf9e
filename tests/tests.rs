//! One integration-test binary (STYLE.md §13): a module per area.

mod audit;
mod batch;
mod blind;
mod blind19;
mod cases;
mod cli;
mod common;
mod config;
mod decide;
mod decisions;
mod drawn;
mod engine;
mod eval;
mod extraction;
mod fuzz_regressions;
mod hostile;
mod house;
// Generated inputs shared with the benches.
#[path = "../benches/common/letters.rs"]
mod letters;
mod linear;
mod milter_e2e;
mod noise;
mod ordinary;
mod page;
mod policy;
mod privacy;
mod properties;
mod recipients;
mod redact;
mod redact_cda;
mod redact_mail;
mod redact_pdf;
mod reveal;
mod scan;
mod sections;
mod serve;
mod wire;

// Extraction, one module per format.
mod archive;
mod cda;
mod mail;
mod office;
mod pdf;
mod pdf_text;
