//! Redaction of text and HTML: what had to go is gone from the bytes, the rest is untouched.

use crate::common::{redact_categories, values};
use tamis::Category;
use tamis::report::Action;

#[test]
fn text_letter_loses_its_diagnoses_and_keeps_the_rest() {
    let path = "corpus/text/lettre_liaison_ehpad.txt";
    if !std::path::Path::new(path).exists() {
        panic!("{path} missing from the corpus");
    }
    let (out, report) = redact_categories(path, &[Category::Diagnosis, Category::Nir]);
    let out = String::from_utf8(out).expect("still UTF-8");
    let removed = values(&report, Action::Remove);
    assert!(!removed.is_empty(), "the letter has diagnoses to remove");
    for v in &removed {
        assert!(!out.contains(v.as_str()), "removed value still there");
    }
    assert!(out.contains("[retiré : diagnostic]"));
    for v in values(&report, Action::Keep) {
        assert!(out.contains(v.as_str()), "kept value lost");
    }
}
