//! Unit tests on small hand-written documents; the samples are tested in `tests/cda.rs`.

use super::*;
use crate::extract::{Extraction, Limits, extract as extract_all};

fn run(xml: &str) -> Extraction {
    extract_all(xml.as_bytes(), Some("doc.xml"), &Limits::default()).unwrap()
}

fn facts(doc: &Extraction, category: Category) -> Vec<(String, String)> {
    doc.parts[0]
        .facts
        .iter()
        .filter(|f| f.category == category)
        .map(|f| {
            (
                f.text.clone().unwrap_or_default(),
                match &f.origin {
                    Origin::Element(p) => p.clone(),
                    _ => String::new(),
                },
            )
        })
        .collect()
}

/// The source bytes a fact points at.
fn at<'a>(xml: &'a str, f: &Fact) -> &'a str {
    let (s, e) = f.span.unwrap();
    &xml[s..e]
}

const DOC: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <title>Lettre</title>
  <recordTarget><patientRole>
    <id root="1.2.250.1.213.1.4.8" extension="185057800608491"/>
    <id root="1.2.3.4" extension="IPP42"/>
    <addr><streetAddressLine>3 rue des Lilas</streetAddressLine><postalCode>75011</postalCode><city>PARIS</city></addr>
    <telecom value="tel:0612345678"/>
    <telecom value="mailto:185057800608491@patient.mssante.fr"/>
    <patient>
      <name><prefix>M.</prefix><given>Jean Louis</given><given>Jean</given><family>MARTIN</family></name>
      <birthTime value="19850512"/>
    </patient>
  </patientRole></recordTarget>
  <author><assignedAuthor><id root="1.2.250.1.71.4.2.1" extension="810005173140"/>
    <assignedPerson><name>Claire D&apos;ARC</name></assignedPerson>
    <representedOrganization><id root="1.2.250.1.71.4.2.2" extension="1750712184"/><name>Clinique &amp; Co</name></representedOrganization>
  </assignedAuthor></author>
  <component><structuredBody>
    <component><section><code code="11450-4" codeSystem="2.16.840.1.113883.6.1"/><title>Problèmes</title>
      <text><table><tr><td>Poids</td><td>64 kg</td></tr></table><paragraph>GIR 2</paragraph>Fin<br/>suite</text>
      <entry><observation><code code="55607006" codeSystem="2.16.840.1.113883.6.96" displayName="Problème"/>
        <value xsi:type="CD" code="E11.9" codeSystem="2.16.840.1.113883.6.3" displayName="Diabète de type 2"/>
      </observation></entry>
    </section></component>
    <component><section><!-- note --><code code="10160-0" codeSystem="2.16.840.1.113883.6.1"/>
      <entry><substanceAdministration><consumable><manufacturedProduct><manufacturedMaterial>
        <code code="B01AC06" codeSystem="2.16.840.1.113883.6.73" displayName="acide acétylsalicylique"/>
        <name>KARDEGIC 75 mg</name>
      </manufacturedMaterial></manufacturedProduct></consumable></substanceAdministration></entry>
    </section></component>
  </structuredBody></component>
</ClinicalDocument>"#;

#[test]
fn header_facts_point_at_their_values() {
    let doc = run(DOC);
    assert_eq!(doc.parts.len(), 1);
    let part = &doc.parts[0];
    assert_eq!(part.format, Format::Cda);
    assert!(part.opaque.is_none());
    let nir: Vec<&Fact> = part
        .facts
        .iter()
        .filter(|f| f.category == Category::Nir)
        .collect();
    assert_eq!(nir.len(), 2);
    for f in &nir {
        assert_eq!(at(DOC, f), "185057800608491");
    }
    assert_eq!(
        facts(&doc, Category::Ipp),
        [(
            "IPP42".to_string(),
            "/ClinicalDocument/recordTarget/patientRole/id[2]".to_string()
        )]
    );
    let names = facts(&doc, Category::PersonName);
    assert_eq!(names[0].0, "Jean Louis MARTIN");
    assert_eq!(
        names[0].1,
        "/ClinicalDocument/recordTarget/patientRole/patient/name"
    );
    assert_eq!(names[1].0, "Claire D'ARC");
    let phone = part
        .facts
        .iter()
        .find(|f| f.category == Category::Phone)
        .unwrap();
    assert_eq!(at(DOC, phone), "0612345678");
    let birth = part
        .facts
        .iter()
        .find(|f| f.category == Category::BirthDate)
        .unwrap();
    assert_eq!(at(DOC, birth), "19850512");
    let addr = part
        .facts
        .iter()
        .find(|f| f.category == Category::Address)
        .unwrap();
    assert_eq!(addr.text.as_deref(), Some("3 rue des Lilas 75011 PARIS"));
    assert!(at(DOC, addr).starts_with("3 rue") && at(DOC, addr).ends_with("PARIS"));
    let rpps = part
        .facts
        .iter()
        .find(|f| f.category == Category::Rpps)
        .unwrap();
    assert_eq!(at(DOC, rpps), "10005173140");
    let finess = part
        .facts
        .iter()
        .find(|f| f.category == Category::Finess)
        .unwrap();
    assert_eq!(at(DOC, finess), "750712184");
}

#[test]
fn coded_entries_and_narratives() {
    let doc = run(DOC);
    let part = &doc.parts[0];
    let coded: Vec<(Category, &str, &str)> = part
        .facts
        .iter()
        .filter_map(|f| {
            let (system, code) = f.code.as_ref()?;
            Some((f.category, system.as_str(), code.as_str()))
        })
        .collect();
    assert_eq!(
        coded,
        [
            (Category::Diagnosis, "snomed_ct", "55607006"),
            (Category::Diagnosis, "cim10", "E11.9"),
            (Category::Medication, "atc", "B01AC06"),
        ]
    );
    let dx = part
        .facts
        .iter()
        .find(|f| f.code.as_ref().is_some_and(|c| c.1 == "E11.9"));
    assert_eq!(at(DOC, dx.unwrap()), "Diabète de type 2");
    let narrative = part
        .segments
        .iter()
        .find(|s| {
            s.origin
                == Origin::Element(
                    "/ClinicalDocument/component/structuredBody/component[1]/section/text".into(),
                )
        })
        .unwrap();
    assert_eq!(narrative.text, "Poids\t64 kg\nGIR 2\nFin\nsuite");
    let (s, e) = narrative.source_span(6, 11).unwrap();
    assert_eq!(&DOC[s..e], "64 kg");
    let texts: Vec<&str> = part.segments.iter().map(|s| s.text.as_str()).collect();
    for t in [
        "Lettre",
        "Problèmes",
        " note ",
        "KARDEGIC 75 mg",
        "Clinique & Co",
        "M.",
    ] {
        assert!(texts.contains(&t), "{t:?} not in a segment");
    }
    let org = part
        .segments
        .iter()
        .find(|s| s.text == "Clinique & Co")
        .unwrap();
    let (s, e) = org.source_span(0, org.text.len()).unwrap();
    assert_eq!(&DOC[s..e], "Clinique &amp; Co");
}

#[test]
fn base64_payloads_become_child_parts() {
    let xml = r#"<ClinicalDocument xmlns="urn:hl7-org:v3"><component><nonXMLBody>
        <text mediaType="text/plain" representation="B64">UG9pZHMgOiA2NCBrZw==</text>
        </nonXMLBody></component><component><nonXMLBody>
        <text mediaType="application/pdf" representation="B64">!!!!</text>
        </nonXMLBody></component></ClinicalDocument>"#;
    let doc = run(xml);
    assert_eq!(doc.parts.len(), 3);
    assert!(doc.parts[0].segments.is_empty());
    assert_eq!(doc.parts[1].path, "1");
    assert_eq!(doc.parts[1].format, Format::Text);
    assert_eq!(doc.parts[1].segments[0].text, "Poids : 64 kg");
    assert_eq!(doc.parts[2].path, "2");
    assert!(matches!(doc.parts[2].opaque, Some(Opaque::Unreadable(_))));
    assert_eq!(doc.parts[2].declared.as_deref(), Some("application/pdf"));
}

#[test]
fn malformed_xml_keeps_what_was_read() {
    let xml = r#"<ClinicalDocument xmlns="urn:hl7-org:v3"><title>Avant</title><a><b></a>"#;
    let doc = run(xml);
    let part = &doc.parts[0];
    assert_eq!(part.segments[0].text, "Avant");
    let Some(Opaque::Unreadable(why)) = &part.opaque else {
        panic!("not opaque");
    };
    assert!(why.starts_with("XML mal formé"));
    let truncated = run(r#"<ClinicalDocument xmlns="urn:hl7-org:v3"><title>Avant"#);
    assert!(truncated.parts[0].opaque.is_some());
    assert_eq!(truncated.parts[0].segments[0].text, "Avant");
}

#[test]
fn nesting_is_capped() {
    let xml = format!(
        "<ClinicalDocument xmlns=\"urn:hl7-org:v3\">{}x{}</ClinicalDocument>",
        "<a>".repeat(MAX_DEPTH + 10),
        "</a>".repeat(MAX_DEPTH + 10)
    );
    let doc = run(&xml);
    let Some(Opaque::Unreadable(why)) = &doc.parts[0].opaque else {
        panic!("not opaque");
    };
    assert!(why.contains("niveaux"));
}

#[test]
fn generic_xml_scans_element_text_and_text_attributes() {
    let xml = r#"<?xml version="1.0"?>
<rim:SubmitObjectsRequest xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">
  <rim:Slot name="sourcePatientInfo"><rim:ValueList>
    <rim:Value>PID-5|MARTIN^Jean</rim:Value><rim:Value>PID-7|19850512</rim:Value>
  </rim:ValueList></rim:Slot>
  <rim:Name><rim:LocalizedString value="Compte rendu d&apos;hospitalisation"/></rim:Name>
  <rim:ExternalIdentifier id="urn:uuid:1" value="185057800608491^^^&amp;1.2.250.1.213.1.4.8&amp;ISO"/>
</rim:SubmitObjectsRequest>"#;
    let doc = run(xml);
    let part = &doc.parts[0];
    assert_eq!(part.format, Format::Xml);
    let seg = |origin: &str| {
        part.segments
            .iter()
            .find(|s| s.origin == Origin::Element(origin.into()))
            .map(|s| s.text.as_str())
    };
    // The PID fields are facts (see below), not text.
    assert_eq!(
        seg("/rim:SubmitObjectsRequest/rim:Slot/rim:ValueList/rim:Value[1]"),
        None
    );
    assert_eq!(part.facts.len(), 2);
    assert_eq!(
        seg("/rim:SubmitObjectsRequest/rim:Name/rim:LocalizedString/@value"),
        Some("Compte rendu d'hospitalisation")
    );
    assert_eq!(
        seg("/rim:SubmitObjectsRequest/rim:ExternalIdentifier/@value"),
        Some("185057800608491^^^&1.2.250.1.213.1.4.8&ISO")
    );
}

#[test]
fn latin1_documents_map_facts_to_their_bytes() {
    let xml = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><recordTarget><patientRole><patient><name><given>H\xe9l\xe8ne</given><family>LEF\xc8VRE</family></name><birthTime value=\"19380412\"/></patient></patientRole></recordTarget><title>Fi\xe8vre</title></ClinicalDocument>";
    let doc = extract_all(xml, None, &Limits::default()).unwrap();
    let part = &doc.parts[0];
    assert!(part.opaque.is_none());
    let name = &part.facts[0];
    assert_eq!(name.text.as_deref(), Some("Hélène LEFÈVRE"));
    let (s, e) = name.span.unwrap();
    assert_eq!(&xml[s..e], b"H\xe9l\xe8ne</given><family>LEF\xc8VRE");
    let (s, e) = part.facts[1].span.unwrap();
    assert_eq!(&xml[s..e], b"19380412");
    let title = &part.segments[0];
    assert_eq!(title.text, "Fièvre");
    let (s, e) = title.source_span(0, title.text.len()).unwrap();
    assert_eq!(&xml[s..e], b"Fi\xe8vre");
}

#[test]
fn bom_cdata_and_unknown_entities() {
    let xml = "\u{feff}<?xml version=\"1.0\"?>\n<!DOCTYPE ClinicalDocument [<!ENTITY nom \"X\">]>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><component><structuredBody><component><section><text><paragraph><![CDATA[Poids <64> kg]]></paragraph><paragraph>M. &nom; &#x41;B</paragraph></text></section></component></structuredBody></component></ClinicalDocument>";
    let doc = run(xml);
    let part = &doc.parts[0];
    assert!(part.opaque.is_none());
    let seg = &part.segments[0];
    assert_eq!(seg.text, "Poids <64> kg\nM. &nom; AB\n");
    let at = seg.text.find("&nom;").unwrap();
    let (s, e) = seg.source_span(at, at + 5).unwrap();
    assert_eq!(&xml[s..e], "&nom;");
    let at = seg.text.find("AB").unwrap();
    let (s, e) = seg.source_span(at, at + 2).unwrap();
    assert_eq!(&xml[s..e], "&#x41;B");
}

#[test]
fn display_names_without_facts_and_file_references_are_scanned() {
    let xml = r##"<ClinicalDocument xmlns="urn:hl7-org:v3"><componentOf><encompassingEncounter><location><healthCareFacility><code code="SA16" codeSystem="1.2.250.1.71.4.2.4" displayName="EHPAD"/></healthCareFacility></location></encompassingEncounter></componentOf>
<component><structuredBody><component><section><text><linkHtml href="#a">x</linkHtml></text>
<entry><observation><code code="E11" codeSystem="2.16.840.1.113883.6.3" displayName="Diabète"/><text><reference value="#a"/></text><value xsi:type="ED"><reference value="CR_DUPONT_Jean.pdf"/></value></observation></entry>
</section></component></structuredBody></component></ClinicalDocument>"##;
    let doc = run(xml);
    let part = &doc.parts[0];
    let origins: Vec<(&str, &str)> = part
        .segments
        .iter()
        .map(|s| (element_of(&s.origin), s.text.as_str()))
        .collect();
    assert!(origins.contains(&(
        "/ClinicalDocument/componentOf/encompassingEncounter/location/healthCareFacility/code/@displayName",
        "EHPAD"
    )));
    assert!(
        origins
            .iter()
            .any(|(o, t)| o.ends_with("value/reference/@value") && *t == "CR_DUPONT_Jean.pdf")
    );
    // Local references and display names that made a fact are not repeated.
    assert!(!origins.iter().any(|(_, t)| *t == "#a" || *t == "Diabète"));
}

fn element_of(origin: &Origin) -> &str {
    match origin {
        Origin::Element(p) => p,
        _ => "",
    }
}

#[test]
fn blank_values_written_as_character_references_make_no_text() {
    let xml = r#"<ClinicalDocument xmlns="urn:hl7-org:v3"><component><structuredBody><component><section><entry><observation><code code="E11" codeSystem="2.16.840.1.113883.6.3" displayName="&#32;"/></observation></entry></section></component></structuredBody></component><recordTarget><patientRole><patient><birthTime value="&#32;"/></patient><telecom value="tel:&#32;"/></patientRole></recordTarget></ClinicalDocument>"#;
    let doc = run(xml);
    let facts = &doc.parts[0].facts;
    assert_eq!(facts.len(), 1);
    assert_eq!(facts[0].text, None);
    assert_eq!(facts[0].code.as_ref().map(|c| c.1.as_str()), Some("E11"));
}

#[test]
fn xdm_source_patient_info_pid_fields_are_facts_spanning_their_values() {
    let xml = r#"<?xml version="1.0"?>
<rim:ExtrinsicObject xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">
  <rim:Slot name="sourcePatientInfo"><rim:ValueList>
    <rim:Value>PID-3|185057800608491^^^&amp;1.2.250.1.213.1.4.8&amp;ISO^NH~IPP42^^^&amp;1.2.3.4&amp;ISO^PI</rim:Value>
    <rim:Value>PID-5|DUPONT^JEAN^^^^^L</rim:Value>
    <rim:Value> PID-7|19450312 </rim:Value>
    <rim:Value>PID-8|M</rim:Value>
    <rim:Value>PID-11|3 rue des Lilas^^PARIS^^75011^FRA^H</rim:Value>
  </rim:ValueList></rim:Slot>
  <rim:Slot name="sourcePatientId"><rim:ValueList><rim:Value>IPP43^^^&amp;1.2.3.4&amp;ISO</rim:Value></rim:ValueList></rim:Slot>
  <rim:ExternalIdentifier identificationScheme="urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427"
      value="185057800608491^^^&amp;1.2.250.1.213.1.4.8&amp;ISO"/>
</rim:ExtrinsicObject>"#;
    let doc = run(xml);
    let part = &doc.parts[0];
    let got: Vec<(Category, &str, &str)> = part
        .facts
        .iter()
        .map(|f| {
            (
                f.category,
                f.text.as_deref().unwrap_or_default(),
                at(xml, f),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (Category::Nir, "185057800608491", "185057800608491"),
            (Category::Ipp, "IPP42", "IPP42"),
            (Category::PersonName, "JEAN DUPONT", "DUPONT^JEAN^^^^^L"),
            (Category::BirthDate, "19450312", "19450312"),
            (
                Category::Address,
                "3 rue des Lilas PARIS 75011 FRA",
                "3 rue des Lilas^^PARIS^^75011^FRA^H"
            ),
            (Category::Ipp, "IPP43", "IPP43"),
            (Category::Nir, "185057800608491", "185057800608491"),
        ]
    );
    // The patient ids are facts, not text as well (one finding each).
    assert!(
        !part
            .segments
            .iter()
            .any(|s| s.text.contains("IPP43") || s.text.contains("185057800608491"))
    );
    // The sex has no category: it stays text.
    assert!(part.segments.iter().any(|s| s.text == "PID-8|M"));
    // Not PID text: no facts from an element that merely starts so.
    let doc = run("<a><Value>PID-X|19450312</Value><Other>PID-7|19450312</Other></a>");
    assert!(doc.parts[0].facts.is_empty());
}
