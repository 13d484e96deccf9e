//! Hostile input: what an attacker (or a broken producer) can send through the gateway. Each
//! case ends with a clear error naming the limit, or with an opaque part that blocks the send —
//! bounded by the limits the code enforces (bytes expanded, depth, parts), never by a clock.

use std::io::Write;
use tamis::extract::{ExtractError, Extraction, Limits, extract};

fn limits() -> Limits {
    Limits {
        max_expanded: 64 << 20,
        ..Limits::default()
    }
}

/// Total text extracted: what a bomb would make grow.
fn text_bytes(doc: &Extraction) -> usize {
    doc.parts
        .iter()
        .flat_map(|p| p.segments.iter())
        .map(|s| s.text.len())
        .sum()
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut buf);
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, data) in entries {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap();
    buf.into_inner()
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_expanded() {
    // 200 MB of zeros, about 200 KB compressed: a ratio of ×1000.
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        zip.start_file("compte-rendu.txt", opts).unwrap();
        let chunk = vec![b'0'; 1 << 20];
        for _ in 0..200 {
            zip.write_all(&chunk).unwrap();
        }
        zip.finish().unwrap();
    }
    let bomb = buf.into_inner();
    assert!(bomb.len() < 2 << 20);
    let err = extract(&bomb, Some("archive.zip"), &limits()).unwrap_err();
    assert!(
        matches!(
            err,
            ExtractError::Ratio { .. } | ExtractError::TooMuchExpanded { .. }
        ),
        "{err}"
    );
    let msg = err.to_string();
    assert!(msg.contains("part 1") || msg.contains("limit"), "{msg}");
}

#[test]
fn archives_nested_deeper_than_the_limit_are_an_error() {
    let mut inner = zip_of(&[(
        "note.txt",
        b"Mme Claire MARTIN, diabete de type 2".as_slice(),
    )]);
    for _ in 0..12 {
        inner = zip_of(&[("dossier.zip", inner.as_slice())]);
    }
    let err = extract(&inner, Some("a.zip"), &limits()).unwrap_err();
    assert!(
        matches!(err, ExtractError::TooDeep { limit: 8, .. }),
        "{err}"
    );
}

#[test]
fn xml_entities_are_never_expanded_nor_fetched() {
    // Billion laughs and an external entity in a CDA: the declarations are not applied.
    let mut doc = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE ClinicalDocument [\n");
    doc.push_str("<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        doc.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    doc.push_str("<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n");
    doc.push_str(
        "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><title>&lol9;</title>\
         <component><structuredBody><component><section><text>&xxe; Mme Claire MARTIN</text>\
         </section></component></structuredBody></component></ClinicalDocument>",
    );
    let out = extract(doc.as_bytes(), Some("cr.xml"), &limits()).unwrap();
    assert!(text_bytes(&out) < doc.len(), "entities expanded");
    for p in &out.parts {
        for s in &p.segments {
            assert!(!s.text.contains("root:"), "an external entity was fetched");
        }
    }
}

#[test]
fn mime_nested_a_thousand_deep_ends_in_an_error_or_an_opaque_part() {
    // Multiparts inside multiparts, 1,000 levels.
    let mut body = String::from("Content-Type: text/plain\r\n\r\nMme Claire MARTIN\r\n");
    for i in 0..1000 {
        body = format!(
            "Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n{body}\r\n--b{i}--\r\n"
        );
    }
    let mail = format!("From: a@b.fr\r\nTo: c@d.fr\r\nSubject: x\r\nMIME-Version: 1.0\r\n{body}");
    match extract(mail.as_bytes(), Some("m.eml"), &limits()) {
        Ok(doc) => assert!(
            doc.parts.iter().any(|p| p.opaque.is_some()),
            "read whole without an opaque part"
        ),
        Err(e) => assert!(matches!(e, ExtractError::TooDeep { .. }), "{e}"),
    }
    // Forwarded messages inside forwarded messages, 1,000 levels: past the depth limit.
    let mut msg = String::from("From: a@b.fr\r\nSubject: x\r\n\r\nMme Claire MARTIN\r\n");
    for _ in 0..1000 {
        msg = format!(
            "From: a@b.fr\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n{msg}"
        );
    }
    let err = extract(msg.as_bytes(), Some("m.eml"), &limits()).unwrap_err();
    assert!(matches!(err, ExtractError::TooDeep { .. }), "{err}");
}

/// A PDF written by hand: objects in order, a correct cross-reference table.
fn pdf(objects: &[&str]) -> Vec<u8> {
    let raw: Vec<Vec<u8>> = objects.iter().map(|o| o.as_bytes().to_vec()).collect();
    pdf_raw(&raw)
}

fn pdf_raw(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn pdf_reference_cycles_end() {
    let content = "BT /F1 12 Tf 72 700 Td (Mme Claire MARTIN) Tj ET /X1 Do";
    let cyclic = pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>",
        // The page tree lists itself among its kids.
        "<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 6 0 R >> /XObject << /X1 5 0 R >> >> >>",
        &format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        // A Form XObject that draws itself.
        "<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X1 5 0 R >> >> /Length 6 >>\nstream\n/X1 Do\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]);
    match extract(&cyclic, Some("c.pdf"), &limits()) {
        Ok(doc) => {
            let text: String = doc.parts[0]
                .segments
                .iter()
                .map(|s| s.text.as_str())
                .collect();
            assert!(text.contains("MARTIN"), "the page was not read");
            assert!(
                text.matches("MARTIN").count() < 10,
                "the cycle was followed"
            );
        }
        Err(e) => assert!(!e.to_string().contains("MARTIN"), "{e}"),
    }
}

#[test]
fn pdf_streams_that_lie_or_explode_are_bounded() {
    // A stream that says it is huge and is cut short, and a Flate bomb of 100 MB of zeros.
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..100 {
        z.write_all(&chunk).unwrap();
    }
    let bomb = z.finish().unwrap();
    let mut bomb_object = format!(
        "<< /Length {} /Filter /FlateDecode >>\nstream\n",
        bomb.len()
    )
    .into_bytes();
    bomb_object.extend_from_slice(&bomb);
    bomb_object.extend_from_slice(b"\nendstream");
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        b"<< /Length 999999999 >>\nstream\nBT (Mme Claire MARTIN) Tj ET\nendstream".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R >>".to_vec(),
        bomb_object,
    ];
    let bytes = pdf_raw(&objects);
    let small = Limits {
        max_expanded: 16 << 20,
        ..Limits::default()
    };
    let err = extract(&bytes, Some("b.pdf"), &small).unwrap_err();
    assert!(matches!(err, ExtractError::TooMuchExpanded { .. }), "{err}");
}

#[test]
fn a_200_mb_attachment_is_refused_without_being_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gros.eml");
    {
        let mut f = std::fs::File::create(&path).unwrap();
        f.write_all(
            b"From: a@b.fr\r\nTo: c@d.fr\r\nSubject: x\r\nMIME-Version: 1.0\r\n\
              Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\
              Content-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n\r\n",
        )
        .unwrap();
        // A sparse file: 200 MB on paper, nothing on disk.
        f.set_len(200 << 20).unwrap();
    }
    let out = crate::wire::tamis()
        .args(["scan"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("larger than the limit"), "{err}");
}

#[test]
fn invalid_utf8_and_mixed_charsets_are_read_without_panic() {
    let mail = b"From: =?iso-8859-1?Q?H=E9l=E8ne?= <h@b.fr>\r\nTo: =?utf-8?B?w6k=?= <c@d.fr>\r\n\
Subject: =?koi8-r?B?8NLJ18XU?= =?utf-8?Q?diab=C3=A8te?= \xff\xfe\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=z\r\n\r\n\
--z\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nMme Claire MARTIN \xe9 diab\xe8te \xc3\x28\r\n\
--z\r\nContent-Type: text/html; charset=x-unknown\r\n\r\n<p>diab\xe8te de type 2</p>\r\n--z--\r\n";
    let doc = extract(mail, Some("m.eml"), &limits()).unwrap();
    assert!(doc.parts.len() >= 3);
    let text: String = doc
        .parts
        .iter()
        .flat_map(|p| p.segments.iter().map(|s| s.text.as_str()))
        .collect();
    // Each part decoded as well as it can be: the Latin-1 and unknown-charset bodies still
    // give their words.
    assert!(text.contains("MARTIN"));
    assert!(text.matches("diab").count() >= 2, "a body was lost");
}

#[test]
fn ten_thousand_recipients_are_each_decided() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("diffusion.eml");
    let to: Vec<String> = (0..10_000)
        .map(|i| format!("agent{i}@ehpad-exemple.fr"))
        .collect();
    let mail = format!(
        "From: direction@ehpad-exemple.fr\r\nTo: {}\r\nSubject: Note\r\n\r\nMme Claire MARTIN, diabete de type 2.\r\n",
        to.join(",\r\n ")
    );
    std::fs::write(&path, mail).unwrap();
    let (code, report) = crate::wire::scan_json_with(
        &path,
        &[
            "--directory",
            "corpus/directory/annuaire.csv",
            "--values",
            "none",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(report.recipients.len(), 10_000);
    assert_eq!(report.verdict, "block", "health data to unknown addresses");
    assert!(
        report
            .recipients
            .iter()
            .all(|r| r.address.starts_with("destinataire "))
    );
}

/// RTF (issue 14 §5): groups nested a million deep make an unreadable part with a reason, not a
/// deep recursion; a `\bin` that claims more bytes than there are, and picture data of a
/// megabyte, are bounded by the input; a compound file that calls itself an Outlook message
/// but is cut short is an unreadable or refused part, never a crash.
#[test]
fn hostile_rtf_and_msg_end_in_an_opaque_part() {
    let mut deep = b"{\\rtf1 Mme Claire MARTIN ".to_vec();
    deep.extend(std::iter::repeat_n(b'{', 1_000_000));
    let doc = extract(&deep, Some("lettre.rtf"), &limits()).expect("within the limits");
    assert!(matches!(
        &doc.parts[0].opaque,
        Some(tamis::extract::Opaque::Unreadable(why)) if why.contains("imbriqués")
    ));
    let mut bin = b"{\\rtf1 a\\bin4000000000 ".to_vec();
    bin.extend(std::iter::repeat_n(b'x', 1_000));
    let doc = extract(&bin, Some("a.rtf"), &limits()).unwrap();
    assert!(text_bytes(&doc) < 10);
    let mut pict = b"{\\rtf1 {\\pict\\pngblip ".to_vec();
    pict.extend(std::iter::repeat_n(b'0', 2_000_000));
    pict.extend_from_slice(b"}}");
    let doc = extract(&pict, Some("a.rtf"), &limits()).unwrap();
    assert_eq!(doc.parts.len(), 2, "the picture is a part");
    let msg = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/office/transfert.msg"),
    )
    .unwrap();
    for cut in [600, 2_048, 5_000, msg.len() / 2, msg.len() - 100] {
        let doc = extract(&msg[..cut], Some("a.msg"), &limits()).unwrap();
        assert!(!doc.parts.is_empty());
    }
}
