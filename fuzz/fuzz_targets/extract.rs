//! Any bytes through content sniffing and every parser, then the scanner and the report.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tamis::extract::extract;
use tamis::report::Values;
use tamis::scan::{Engine, Scratch};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::builtin().expect("builtin engine"))
}

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = extract(data, None, &common::limits()) {
        let _ = tamis::pipeline::report(
            "fuzz",
            &doc,
            engine(),
            &mut Scratch::default(),
            Values::Clear,
        );
    }
});
