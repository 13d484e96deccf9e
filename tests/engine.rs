//! The engine as a whole: thread safety, the size of the shipped dictionaries, errors that name
//! the bad line, offsets that land on the original bytes.

use crate::common::{engine, scan};
use tamis::Category;
use tamis::scan::{Engine, EngineBuilder, Match, Scratch};

fn assert_send_sync<T: Send + Sync>() {}

/// A stray `Rc` or `RefCell` in the engine would break the server and the batch: fail the build.
#[test]
fn engine_types_are_send_and_sync() {
    assert_send_sync::<Engine>();
    assert_send_sync::<Match>();
    assert_send_sync::<tamis::report::Report>();
    fn assert_send<T: Send>() {}
    assert_send::<Scratch>();
}

#[test]
fn shipped_dictionaries_hold_at_least_30000_terms() {
    let n = engine().term_count();
    assert!(n >= 30_000, "only {n} distinct terms");
}

#[test]
fn one_engine_serves_many_threads() {
    let text = "Mme Claire MARTIN, diabète de type 2, NIR 2 79 03 51 215 189 89, suivie au CMP.";
    let expected = scan(text);
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                let mut scratch = Scratch::default();
                for _ in 0..50 {
                    assert_eq!(engine().scan(text, &mut scratch), expected);
                }
            });
        }
    });
}

#[test]
fn a_bad_term_file_names_its_line() {
    let mut b = EngineBuilder::empty();
    let err = b
        .add_terms(
            "custom.tsv",
            "diabète\tdiagnosis\tE14\tnormal\ngrippe\tillness\t\tnormal\n",
        )
        .err()
        .expect("unknown category refused")
        .to_string();
    assert!(err.contains("custom.tsv:2"), "{err}");
    assert!(err.contains("illness"), "{err}");
}

#[test]
fn custom_terms_extend_an_engine() {
    let mut b = EngineBuilder::empty();
    b.add_terms(
        "local.tsv",
        "unité Les Tilleuls\tcare_setting\t\tsensitive\n",
    )
    .unwrap();
    let e = b.build().unwrap();
    let text = "Transfert vers l’UNITÉ LES TILLEULS demain.";
    let m = e.scan(text, &mut Scratch::default());
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].category, Category::CareSetting);
    assert!(m[0].sensitive);
    assert_eq!(&text[m[0].start..m[0].end], "UNITÉ LES TILLEULS");
}

/// Offsets point into the original text even when folding changed its length (œ, ligatures,
/// non-breaking spaces, NFD accents).
#[test]
fn offsets_map_back_through_folding() {
    let text = "Œdème\u{00A0}; ﬁèvre ; Mme\u{202F}Hélène LEFÈVRE ; te\u{0301}le\u{0301}phone 06\u{00A0}12\u{00A0}34\u{00A0}56\u{00A0}78";
    let m = scan(text);
    let texts: Vec<&str> = m.iter().map(|m| &text[m.start..m.end]).collect();
    assert!(texts.contains(&"Hélène LEFÈVRE"), "{texts:?}");
    assert!(
        texts.contains(&"06\u{00A0}12\u{00A0}34\u{00A0}56\u{00A0}78"),
        "{texts:?}"
    );
    assert!(texts.contains(&"Œdème"), "{texts:?}");
}
