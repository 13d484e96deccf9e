//! Odd objects no producer in the corpus writes on purpose: reference loops, wrong types,
//! missing objects, deep trees, undecodable streams. Each document is built with lopdf, saved
//! and read back through [`crate::extract::extract`], as an input would be.

use super::text_string;
use crate::extract::{ExtractError, Extraction, Limits, Opaque, Origin, extract};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat, dictionary};

fn s(text: &str) -> Object {
    Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
}

/// A one-page document whose page gets `page` entries and whose catalog gets `catalog` entries
/// (built by the closure, which may add objects first).
fn build(f: impl FnOnce(&mut Document, &mut Dictionary, &mut Dictionary)) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut page = dictionary! { "Type" => "Page", "Parent" => pages_id };
    let mut catalog = dictionary! { "Type" => "Catalog", "Pages" => pages_id };
    f(&mut doc, &mut page, &mut catalog);
    let page_id = doc.add_object(page);
    doc.objects.insert(
        pages_id,
        dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 }.into(),
    );
    let catalog_id = doc.add_object(catalog);
    doc.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

fn read(bytes: &[u8]) -> Extraction {
    extract(bytes, None, &Limits::default()).unwrap()
}

fn texts(doc: &Extraction, want: impl Fn(&Origin) -> bool) -> Vec<String> {
    doc.parts[0]
        .segments
        .iter()
        .filter(|s| want(&s.origin))
        .map(|s| s.text.clone())
        .collect()
}

/// Reserves an id for an object that refers to itself or to objects added after it.
fn reserve(doc: &mut Document) -> ObjectId {
    doc.new_object_id()
}

#[test]
fn text_strings_decode_utf16_bom_language_escapes_and_pdfdoc() {
    // UTF-16BE "é" + ESC "fr" ESC + "a", then a lone surrogate and an odd trailing byte.
    let bytes = b"\xFE\xFF\x00\xE9\x00\x1B\x00f\x00r\x00\x1B\x00a\xD8\x00\x00b\x00";
    assert_eq!(text_string(bytes), "éa\u{FFFD}b");
    assert_eq!(
        text_string(b"\x96d\xE8me \x84 \x8D\x8E \xA0"),
        "Œdème — “” €"
    );
    assert_eq!(text_string(b"\xEF\xBB\xBFd\xC3\xA9j\xC3\xA0"), "déjà");
    assert_eq!(text_string(b"\xFF\xFEa\x00"), "a");
    assert_eq!(text_string(b""), "");
}

#[test]
fn outline_loops_end_and_each_title_is_read_once() {
    let bytes = build(|doc, _, catalog| {
        let (a, b, c) = (reserve(doc), reserve(doc), reserve(doc));
        let outlines = doc.add_object(dictionary! { "First" => a, "Last" => b });
        // a → child c; a → next b; b → next a (loop); c → first c (loop); c → next 12 (wrong type).
        doc.objects.insert(
            a,
            dictionary! { "Title" => s("Mme Jeanne LEROUX"), "First" => c, "Next" => b, "Parent" => outlines }
                .into(),
        );
        doc.objects
            .insert(b, dictionary! { "Title" => s("Suivi"), "Next" => a }.into());
        doc.objects.insert(
            c,
            dictionary! { "Title" => 42, "First" => c, "Next" => 12 }.into(),
        );
        catalog.set("Outlines", outlines);
    });
    let doc = read(&bytes);
    assert_eq!(
        texts(&doc, |o| *o == Origin::Outline),
        ["Mme Jeanne LEROUX\nSuivi"]
    );
}

#[test]
fn form_fields_get_fully_qualified_names_through_kids() {
    let bytes = build(|doc, _, catalog| {
        let parent = reserve(doc);
        let nom = doc.add_object(dictionary! {
            "T" => s("nom"), "V" => s("Jeanne LEROUX"), "Parent" => parent,
        });
        // A widget without a name: its value belongs to its parent's name.
        let widget = doc.add_object(dictionary! { "V" => s("14/06/1936"), "Subtype" => "Widget" });
        let naissance = doc.add_object(dictionary! {
            "T" => s("naissance"), "Kids" => vec![widget.into()],
        });
        let sexe = doc.add_object(dictionary! { "T" => s("sexe"), "V" => "F" });
        let off = doc.add_object(dictionary! { "T" => s("ald"), "V" => "Off" });
        let choix = doc.add_object(dictionary! {
            "T" => s("traitements"), "V" => vec![s("Kardegic"), "Doliprane".into(), 3.into()],
        });
        // A kid that is its own parent, a kid of the wrong type, a name of the wrong type.
        doc.objects.insert(
            parent,
            dictionary! {
                "T" => s("patient"),
                "Kids" => vec![nom.into(), naissance.into(), parent.into(), 7.into(), sexe.into()],
            }
            .into(),
        );
        let odd = doc
            .add_object(dictionary! { "T" => 5, "V" => s("sans nom"), "Kids" => dictionary! {} });
        let form = doc.add_object(dictionary! {
            "Fields" => vec![parent.into(), off.into(), choix.into(), odd.into(), s("x")],
        });
        catalog.set("AcroForm", form);
    });
    let doc = read(&bytes);
    let fields: Vec<(String, String)> = doc.parts[0]
        .segments
        .iter()
        .filter_map(|s| match &s.origin {
            Origin::FormField(n) => Some((n.clone(), s.text.clone())),
            _ => None,
        })
        .collect();
    let expected = [
        ("patient.nom", "Jeanne LEROUX"),
        ("patient.naissance", "14/06/1936"),
        ("patient.sexe", "F"),
        ("traitements", "Kardegic\nDoliprane"),
        ("", "sans nom"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    assert_eq!(fields, expected);
}

#[test]
fn form_fields_nested_too_deep_make_the_part_unreadable() {
    let bytes = build(|doc, _, catalog| {
        let mut field = doc.add_object(dictionary! { "T" => s("f"), "V" => s("fond") });
        for _ in 0..40 {
            field = doc.add_object(dictionary! { "T" => s("f"), "Kids" => vec![field.into()] });
        }
        let form = doc.add_object(dictionary! { "Fields" => vec![field.into()] });
        catalog.set("AcroForm", form);
    });
    let doc = read(&bytes);
    assert!(texts(&doc, |o| matches!(o, Origin::FormField(_))).is_empty());
    assert!(
        matches!(&doc.parts[0].opaque, Some(Opaque::Unreadable(why)) if why.contains("formulaire")),
        "{:?}",
        doc.parts[0].opaque
    );
}

#[test]
fn annotations_read_rich_text_links_and_skip_popups_and_widgets() {
    let bytes = build(|doc, page, _| {
        let note = doc.add_object(dictionary! {
            "Subtype" => "Text",
            "Contents" => s("Chute ce matin"),
            // Same words as /Contents: not repeated.
            "RC" => s("<body xmlns=\"http://www.w3.org/1999/xhtml\"><p>Chute <span>ce</span> matin</p></body>"),
            "Subj" => s("Transmission"),
        });
        let rich = Stream::new(
            dictionary! {},
            b"<body><p>Patiente : Mme Jeanne LEROUX</p><p>diab&#232;te &amp; HTA&nbsp;!</p></body>"
                .to_vec(),
        );
        let rich = doc.add_object(rich);
        let free = doc.add_object(dictionary! {
            "Subtype" => "FreeText", "Contents" => s("Patiente"), "RC" => rich,
        });
        let broken = doc.add_object(dictionary! {
            "Subtype" => "FreeText",
            "RC" => Object::String(b"<p>non <b>ferm\xE9</p".to_vec(), StringFormat::Literal),
        });
        let action = dictionary! { "S" => "URI", "URI" => s("mailto:jeanne.leroux@example.fr") };
        let link = doc.add_object(dictionary! { "Subtype" => "Link", "A" => action });
        let popup = doc.add_object(dictionary! { "Subtype" => "Popup", "Contents" => s("double") });
        let widget = doc.add_object(dictionary! { "Subtype" => "Widget", "T" => s("Nom") });
        page.set(
            "Annots",
            vec![
                note.into(),
                free.into(),
                broken.into(),
                link.into(),
                popup.into(),
                widget.into(),
                note.into(),
                12.into(),
                Object::Null,
            ],
        );
    });
    let doc = read(&bytes);
    assert_eq!(
        texts(&doc, |o| *o == Origin::Annotation(1)),
        [
            "Transmission",
            "Chute ce matin",
            "Patiente : Mme Jeanne LEROUX\ndiabète & HTA !",
            "Patiente",
            "non  ferm\u{e9}",
            "mailto:jeanne.leroux@example.fr",
        ]
    );
}

#[test]
fn wrong_types_everywhere_are_skipped() {
    let bytes = build(|doc, page, catalog| {
        page.set("Annots", dictionary! { "Contents" => s("x") });
        catalog.set("Outlines", 3);
        catalog.set("AcroForm", dictionary! { "Fields" => s("x") });
        catalog.set(
            "Names",
            dictionary! { "EmbeddedFiles" => vec![Object::Null] },
        );
        catalog.set("Metadata", s("<x/>"));
        let info = doc.add_object(dictionary! { "Author" => 3, "Title" => Object::Null });
        doc.trailer.set("Info", info);
    });
    let doc = read(&bytes);
    assert_eq!(doc.parts.len(), 1);
    assert!(doc.parts[0].segments.is_empty());
    assert!(doc.notices.is_empty());
    assert_eq!(doc.parts[0].opaque, None);
}

fn file_spec(doc: &mut Document, name: &str, stream: Object) -> ObjectId {
    doc.add_object(dictionary! {
        "Type" => "Filespec", "F" => s(name), "EF" => dictionary! { "F" => stream },
    })
}

#[test]
fn name_tree_kids_loops_and_undecodable_files() {
    let bytes = build(|doc, _, catalog| {
        let text = doc.add_object(Stream::new(
            dictionary! { "Subtype" => "text/plain" },
            b"NIR : 1 52 03 75 112 048 68".to_vec(),
        ));
        // An unsupported filter: the file cannot be read.
        let jpeg = doc.add_object(Stream::new(
            dictionary! { "Filter" => "JBIG2Decode" },
            b"\x00\x01".to_vec(),
        ));
        let a = file_spec(doc, "a.txt", text.into());
        let b = file_spec(doc, "b.bin", jpeg.into());
        // A stream that does not exist.
        let c = file_spec(doc, "c.txt", Object::Reference((999, 0)));
        // A file spec without /EF names a file outside the PDF.
        let d = doc.add_object(dictionary! { "F" => s("externe.txt") });
        let root = reserve(doc);
        let leaf = doc.add_object(dictionary! {
            "Names" => vec![s("b"), b.into(), s("c"), c.into(), s("d"), d.into(), s("dangling")],
            "Kids" => vec![root.into()],
        });
        // The same file listed twice.
        let other =
            doc.add_object(dictionary! { "Names" => vec![s("a"), a.into(), s("a2"), a.into()] });
        doc.objects.insert(
            root,
            dictionary! { "Kids" => vec![other.into(), leaf.into(), root.into()] }.into(),
        );
        catalog.set("Names", dictionary! { "EmbeddedFiles" => root });
    });
    let doc = read(&bytes);
    let parts: Vec<_> = doc
        .parts
        .iter()
        .map(|p| {
            (
                p.path.as_str(),
                p.name.as_deref(),
                p.opaque.as_ref().map(Opaque::as_str),
            )
        })
        .collect();
    assert_eq!(
        parts,
        [
            ("", None, None),
            ("1", Some("a.txt"), None),
            ("2", Some("b.bin"), Some("unreadable")),
            ("3", Some("c.txt"), Some("unreadable")),
        ]
    );
    assert_eq!(doc.parts[1].declared.as_deref(), Some("text/plain"));
    assert_eq!(doc.parts[1].segments[0].text, "NIR : 1 52 03 75 112 048 68");
}

#[test]
fn embedded_file_larger_than_the_expansion_budget_is_an_error() {
    let bytes = build(|doc, _, catalog| {
        let big = doc.add_object(Stream::new(dictionary! {}, vec![b'a'; 10_000]));
        let spec = file_spec(doc, "gros.txt", big.into());
        catalog.set(
            "Names",
            dictionary! { "EmbeddedFiles" => dictionary! { "Names" => vec![s("g"), spec.into()] } },
        );
    });
    let limits = Limits {
        max_expanded: 5_000,
        ..Limits::default()
    };
    let err = extract(&bytes, None, &limits).unwrap_err();
    assert!(
        matches!(err, ExtractError::TooMuchExpanded { ref part, .. } if part == "1"),
        "{err}"
    );
}

#[test]
fn xmp_compressed_and_not_well_formed_keeps_the_values_before_the_fault() {
    let bytes = build(|doc, _, catalog| {
        let xmp = b"<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF><rdf:Description>\
            <dc:creator>Dr Paul MARCHAND</dc:creator><xmp:ModifyDate>2025</xmp:ModifyDate>\
            <pdf:Keywords>&unknown; GIR 2</pdf:Keywords><dc:title><<<";
        let mut meta = Stream::new(dictionary! { "Type" => "Metadata" }, xmp.to_vec());
        meta.compress().unwrap();
        assert!(meta.dict.has(b"Filter"));
        let meta = doc.add_object(meta);
        catalog.set("Metadata", meta);
    });
    let doc = read(&bytes);
    assert_eq!(
        texts(&doc, |o| *o == Origin::Xmp),
        ["Dr Paul MARCHAND\nGIR 2"]
    );
}

#[test]
fn xmp_in_an_undecodable_stream_makes_the_part_unreadable() {
    let bytes = build(|doc, _, catalog| {
        let meta = doc.add_object(Stream::new(
            dictionary! { "Type" => "Metadata", "Filter" => "JBIG2Decode" },
            b"<x/>".to_vec(),
        ));
        catalog.set("Metadata", meta);
    });
    let doc = read(&bytes);
    assert_eq!(
        doc.parts[0].opaque,
        Some(Opaque::Unreadable(
            "PDF lu en partie (métadonnées XMP non décodables) : ce contenu n'a pas été vérifié"
                .into()
        ))
    );
}

#[test]
fn info_reference_loop_and_indirect_values() {
    let bytes = build(|doc, _, _| {
        let looped = reserve(doc);
        doc.objects.insert(looped, Object::Reference(looped));
        let title = doc.add_object(s("Dossier de Mme Jeanne LEROUX"));
        let info = doc.add_object(dictionary! {
            "Title" => title, "Author" => looped, "CreationDate" => s("D:20250304"),
            "Patient" => Object::String(b"\xFE\xFF\x00M\x00m\x00e".to_vec(), StringFormat::Hexadecimal),
        });
        doc.trailer.set("Info", info);
    });
    let doc = read(&bytes);
    let info: Vec<_> = doc.parts[0]
        .segments
        .iter()
        .map(|s| (s.origin.clone(), s.text.as_str()))
        .collect();
    assert_eq!(
        info,
        [
            (
                Origin::PdfInfo("Title".into()),
                "Dossier de Mme Jeanne LEROUX"
            ),
            (Origin::PdfInfo("Patient".into()), "Mme"),
        ]
    );
}

#[test]
fn xfa_datasets_values_are_form_fields_named_by_their_path() {
    let bytes = build(|doc, _, catalog| {
        let template = doc.add_object(Stream::new(
            dictionary! {},
            b"<template><field name=\"nom\"><caption>Nom du patient</caption></field></template>"
                .to_vec(),
        ));
        let datasets = doc.add_object(Stream::new(
            dictionary! {},
            b"<xfa:datasets xmlns:xfa=\"http://www.xfa.org/schema/xfa-data/1.0/\"><xfa:data>\
              <form1><patient><nom>Jeanne LEROUX</nom><naissance>14/06/1936</naissance></patient>\
              <diagnostic>diab&#232;te &amp; HTA</diagnostic><vide>  </vide></form1>\
              </xfa:data></xfa:datasets>"
                .to_vec(),
        ));
        let field = doc.add_object(dictionary! { "T" => s("nom"), "V" => s("Jeanne LEROUX") });
        let form = doc.add_object(dictionary! {
            "Fields" => vec![field.into()],
            "XFA" => vec![s("template"), template.into(), s("datasets"), datasets.into(), s("x")],
        });
        catalog.set("AcroForm", form);
    });
    let doc = read(&bytes);
    let fields: Vec<(String, String)> = doc.parts[0]
        .segments
        .iter()
        .filter_map(|s| match &s.origin {
            Origin::FormField(n) => Some((n.clone(), s.text.clone())),
            _ => None,
        })
        .collect();
    let expected = [
        ("nom", "Jeanne LEROUX"),
        ("form1.patient.naissance", "14/06/1936"),
        ("form1.diagnostic", "diabète & HTA"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    assert_eq!(fields, expected);
}

#[test]
fn name_tree_nested_too_deep_makes_the_part_unreadable() {
    let bytes = build(|doc, _, catalog| {
        let text = doc.add_object(Stream::new(dictionary! {}, b"cache".to_vec()));
        let spec = file_spec(doc, "profond.txt", text.into());
        let mut node = doc.add_object(dictionary! { "Names" => vec![s("p"), spec.into()] });
        for _ in 0..40 {
            node = doc.add_object(dictionary! { "Kids" => vec![node.into()] });
        }
        catalog.set("Names", dictionary! { "EmbeddedFiles" => node });
    });
    let doc = read(&bytes);
    assert_eq!(doc.parts.len(), 1);
    assert!(
        matches!(&doc.parts[0].opaque, Some(Opaque::Unreadable(why)) if why.contains("fichiers joints")),
        "{:?}",
        doc.parts[0].opaque
    );
}
