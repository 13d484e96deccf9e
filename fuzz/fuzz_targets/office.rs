//! Any bytes through the Office package reader (DOCX, XLSX, ODT, ODS: the zip reader, the
//! package detection, the Office visitor, the column context; content sniffing bypassed) and
//! through the RTF tokenizer and the Outlook message reader. Seed with `corpus/office`.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use tamis::extract::{Format, extract_as};

fuzz_target!(|data: &[u8]| {
    let _ = extract_as(Format::Docx, data, &common::limits());
    let _ = extract_as(Format::Rtf, data, &common::limits());
    let _ = extract_as(Format::Msg, data, &common::limits());
});
