//! Any bytes through the Mail parser only (content sniffing bypassed).
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use tamis::extract::{Format, extract_as};

fuzz_target!(|data: &[u8]| {
    let _ = extract_as(Format::Mail, data, &common::limits());
});
