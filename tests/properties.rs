//! Properties over arbitrary input: the scanner never panics, and every match is a valid,
//! ordered, non-overlapping byte range of the input.

use crate::common::engine;
use proptest::prelude::*;
use tamis::scan::Scratch;
use tamis::scan::normalize::Folded;

fn check_matches(text: &str) {
    let m = engine().scan(text, &mut Scratch::default());
    let mut last = 0;
    for x in &m {
        assert!(x.start < x.end && x.end <= text.len());
        assert!(text.is_char_boundary(x.start) && text.is_char_boundary(x.end));
        assert!(x.start >= last, "overlap or disorder");
        last = x.end;
        assert!((0.0..=1.0).contains(&x.confidence));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn scan_never_panics_on_any_string(s in "\\PC{0,300}") {
        check_matches(&s);
    }

    #[test]
    fn scan_never_panics_on_french_like_text(
        s in "([A-Za-zéèàçœÉÈ’' ]{1,12}|[0-9 ./+@-]{1,16}|\u{00A0}|\n|Mme |Dr |né le |NIR |rue |IME |TA ){0,40}"
    ) {
        check_matches(&s);
    }

    #[test]
    fn folding_is_idempotent_and_maps_to_char_boundaries(s in "\\PC{0,200}") {
        let f = Folded::new(&s);
        prop_assert_eq!(&Folded::new(&f.text).text, &f.text);
        for i in 0..f.text.len() {
            prop_assert!(s.is_char_boundary(f.original_offset(i)));
        }
    }
}
