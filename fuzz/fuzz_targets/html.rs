//! Any bytes through the Html parser only (content sniffing bypassed).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tamis::extract::{Format, Limits, extract_as};

fuzz_target!(|data: &[u8]| {
    let limits = Limits {
        max_time: std::time::Duration::from_secs(5),
        max_expanded: 64 << 20,
        ..Limits::default()
    };
    let _ = extract_as(Format::Html, data, &limits);
});
