//! MSSanté IHE_XDM packages: the layout (`IHE_XDM/SUBSETnn/METADATA.XML`, `INDEX.HTM`,
//! `README.TXT`), what the package says about its documents (the CDA headers' type code and
//! INS, the XDS `METADATA.XML`'s type codes and patient ids), and the check of the MSSanté
//! headers of the message that carries it (`X-MSS-CODECDA`, `X-MSS-INS`: see
//! [`check_mss_headers`]). The zip extractor ([`super::archive`]) hands it every entry's name
//! and content; redaction reads the places of the `size` and `hash` slots it updates
//! ([`document_slots`]). Every XML here is read through the XML layer ([`super::xml`]).

use super::xml::{self, Index, Options, Raw, Source, Tag, Visitor, is_ins_oid};
use super::{Envelope, Extractor, Format, Span};

/// XDS classification scheme of `XDSDocumentEntry.typeCode`.
const XDS_TYPE_CODE: &str = "urn:uuid:f0306f51-975f-434e-a61c-c59651d33983";
/// XDS identification schemes of `XDSDocumentEntry.patientId` and `XDSSubmissionSet.patientId`.
const XDS_PATIENT_IDS: [&str; 2] = [
    "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427",
    "urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446",
];

/// What an IHE_XDM package holds that the MSSanté headers speak about. It holds identifiers
/// (the INS): its `Debug` prints only counts.
#[derive(Clone, Default)]
pub struct XdmPackage {
    /// `SUBSETnn` folders with a `METADATA.XML`.
    pub subsets: usize,
    /// `INDEX.HTM` and `README.TXT` next to the `IHE_XDM` folder.
    pub has_index: bool,
    pub has_readme: bool,
    /// The CDA documents of the subsets.
    pub documents: Vec<XdmDocument>,
    /// What the `METADATA.XML` files say.
    pub metadata: Vec<XdmMetadata>,
}

impl std::fmt::Debug for XdmPackage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XdmPackage")
            .field("subsets", &self.subsets)
            .field("has_index", &self.has_index)
            .field("has_readme", &self.has_readme)
            .field("documents", &self.documents.len())
            .field("metadata", &self.metadata.len())
            .finish()
    }
}

/// The header of a CDA document of the package.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct XdmDocument {
    /// `ClinicalDocument/code/@code`: the document type (LOINC or CI-SIS code).
    pub code: Option<String>,
    /// Matricules INS of `recordTarget/patientRole/id` with an INS OID.
    pub ins: Vec<String>,
    /// An INS with its OID and the four identity traits (birth name, first name, birth date,
    /// sex): what MSSanté calls a qualified INS (`X-MSS-INS: O`).
    pub ins_qualified: bool,
}

impl std::fmt::Debug for XdmDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XdmDocument")
            .field("code", &self.code.is_some())
            .field("ins", &self.ins.len())
            .field("ins_qualified", &self.ins_qualified)
            .finish()
    }
}

/// What one `METADATA.XML` (an XDS `SubmitObjectsRequest`) says.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct XdmMetadata {
    /// `XDSDocumentEntry.typeCode` values.
    pub type_codes: Vec<String>,
    /// Patient ids with an INS OID (`patientId`, `sourcePatientId`): the matricules.
    pub patient_ids: Vec<String>,
}

impl std::fmt::Debug for XdmMetadata {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XdmMetadata")
            .field("type_codes", &self.type_codes.len())
            .field("patient_ids", &self.patient_ids.len())
            .finish()
    }
}

/// Where an entry name sits in an XDM layout.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum XdmPlace {
    /// `[prefix/]IHE_XDM/<subset>/METADATA.XML`.
    Metadata(String),
    /// Another file of a subset.
    Document(String),
    /// `[prefix/]INDEX.HTM` or `README.TXT` (the prefix is the `IHE_XDM` folder's parent).
    Index(String),
    Readme(String),
    Other,
}

/// Splits a zip entry name: `(prefix, rest)` around an `IHE_XDM` folder, case-insensitive.
pub(crate) fn xdm_place(name: &str) -> XdmPlace {
    let norm = name.replace('\\', "/");
    let parts: Vec<&str> = norm
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if let Some(at) = parts.iter().position(|p| p.eq_ignore_ascii_case("IHE_XDM")) {
        let prefix = parts
            .get(..at)
            .unwrap_or_default()
            .join("/")
            .to_ascii_uppercase();
        return match parts.get(at + 1..) {
            Some([subset, file]) => {
                let subset = format!("{prefix}/{}", subset.to_ascii_uppercase());
                if file.eq_ignore_ascii_case("METADATA.XML") {
                    XdmPlace::Metadata(subset)
                } else {
                    XdmPlace::Document(subset)
                }
            }
            _ => XdmPlace::Other,
        };
    }
    let Some((file, dirs)) = parts.split_last() else {
        return XdmPlace::Other;
    };
    let prefix = dirs.join("/").to_ascii_uppercase();
    if file.eq_ignore_ascii_case("INDEX.HTM") || file.eq_ignore_ascii_case("INDEX.HTML") {
        XdmPlace::Index(prefix)
    } else if file.eq_ignore_ascii_case("README.TXT") {
        XdmPlace::Readme(prefix)
    } else {
        XdmPlace::Other
    }
}

/// Collects the XDM layout and contents while the entries are read.
#[derive(Default)]
pub(crate) struct XdmScan {
    /// Subsets (with their prefix) that have a `METADATA.XML`.
    subsets: Vec<String>,
    /// Prefixes of the `IHE_XDM` folders, and of the `INDEX.HTM` / `README.TXT` files.
    roots: Vec<String>,
    index: Vec<String>,
    readme: Vec<String>,
    documents: Vec<XdmDocument>,
    metadata: Vec<XdmMetadata>,
}

impl XdmScan {
    pub(crate) fn note_name(&mut self, name: &str) {
        match xdm_place(name) {
            XdmPlace::Metadata(subset) => {
                let root = subset.rsplit_once('/').map_or("", |(r, _)| r).to_string();
                push_unique(&mut self.roots, root);
                push_unique(&mut self.subsets, subset);
            }
            XdmPlace::Index(prefix) => push_unique(&mut self.index, prefix),
            XdmPlace::Readme(prefix) => push_unique(&mut self.readme, prefix),
            XdmPlace::Document(_) | XdmPlace::Other => {}
        }
    }

    pub(crate) fn note_content(&mut self, name: &str, data: &[u8]) {
        match xdm_place(name) {
            XdmPlace::Metadata(_) => self.metadata.push(read_metadata(data)),
            XdmPlace::Document(_) if super::sniff::sniff(data, Some(name), None) == Format::Cda => {
                self.documents.push(read_cda_header(data));
            }
            _ => {}
        }
    }

    /// The package, when the archive is one.
    pub(crate) fn finish(self) -> Option<XdmPackage> {
        if self.subsets.is_empty() {
            return None;
        }
        let at_root = |list: &[String]| list.iter().any(|p| self.roots.contains(p));
        Some(XdmPackage {
            subsets: self.subsets.len(),
            has_index: at_root(&self.index),
            has_readme: at_root(&self.readme),
            documents: self.documents,
            metadata: self.metadata,
        })
    }
}

fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// Notices about a recognised package, and the header check when the archive is attached to
/// the top-level e-mail.
pub(crate) fn report_package(x: &mut Extractor, path: &str, package: &XdmPackage) {
    x.notice(
        path,
        "xdm_package",
        format!(
            "archive IHE_XDM reconnue : {} sous-dossier(s) SUBSET, {} document(s) CDA",
            package.subsets,
            package.documents.len()
        ),
    );
    if !package.has_index || !package.has_readme {
        x.notice(
            path,
            "xdm_structure",
            "l'archive IHE_XDM n'a pas les fichiers INDEX.HTM et README.TXT à sa racine".into(),
        );
    }
    let findings = match top_envelope(x, path) {
        Some(envelope) => check_mss_headers(envelope, package),
        None => return,
    };
    for (kind, message) in findings {
        x.notice(path, kind, message);
    }
}

/// The envelope of the top-level e-mail, when the part at `path` belongs to it (and not to a
/// message forwarded inside it, whose headers are not the ones being sent).
fn top_envelope<'x>(x: &'x Extractor, path: &str) -> Option<&'x Envelope> {
    let envelope = x.out.envelope.as_ref()?;
    let root = x.out.parts.first()?;
    if root.format != Format::Mail || path.is_empty() {
        return None;
    }
    let mut ancestor = String::new();
    let steps: Vec<&str> = path.split('.').collect();
    for step in steps.iter().take(steps.len().saturating_sub(1)) {
        if !ancestor.is_empty() {
            ancestor.push('.');
        }
        ancestor.push_str(step);
        let forwarded = x
            .out
            .parts
            .iter()
            .any(|p| p.path == ancestor && p.format == Format::Mail);
        if forwarded {
            return None;
        }
    }
    Some(envelope)
}

/// Checks the MSSanté headers of the message that carries an IHE_XDM package (Référentiel socle
/// MSSanté #2, ECO.2.4.1 and ECO.2.4.2):
///
/// - `X-MSS-CODECDA` must be present when the package holds a CDA document, and hold the
///   `ClinicalDocument/code/@code` of each one, separated by commas (the XDS `typeCode` of
///   `METADATA.XML` stands in when no CDA could be read);
/// - `X-MSS-INS` must be present as well: `O` when a document carries a qualified INS (matricule,
///   its OID and the four identity traits), `N` otherwise. A value that is a matricule itself
///   (some software sends it) must be one of the package's INS.
///
/// Returns `(kind, message)` pairs: `mss_header_missing` or `mss_header_mismatch`, with a French
/// message that names the header and never the values.
pub fn check_mss_headers(envelope: &Envelope, package: &XdmPackage) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let codes = header_codes(envelope);
    let ins = envelope.header("X-MSS-INS").map(str::trim);
    let package_codes = package_codes(package);
    if package_codes.is_empty() && package.documents.is_empty() {
        // A package without a CDA document: the headers must not be set.
        if codes.is_some() {
            out.push(mismatch(
                "l'en-tête X-MSS-CODECDA est présent alors que l'archive IHE_XDM ne contient aucun document CDA",
            ));
        }
        if ins.is_some() {
            out.push(mismatch(
                "l'en-tête X-MSS-INS est présent alors que l'archive IHE_XDM ne contient aucun document CDA",
            ));
        }
        return out;
    }
    match codes {
        None => out.push((
            "mss_header_missing",
            "l'en-tête X-MSS-CODECDA est absent alors que le message joint une archive IHE_XDM contenant un document CDA".into(),
        )),
        Some(codes) if codes != package_codes => out.push(mismatch(
            "l'en-tête X-MSS-CODECDA ne correspond pas au type (code) des documents CDA de l'archive IHE_XDM",
        )),
        Some(_) => {}
    }
    match ins {
        None => out.push((
            "mss_header_missing",
            "l'en-tête X-MSS-INS est absent alors que le message joint une archive IHE_XDM contenant un document CDA".into(),
        )),
        Some(value) => out.extend(check_ins(value, package)),
    }
    out
}

/// The check to run when the message carries no IHE_XDM package at all: the two headers must
/// then be absent (for the e-mail extractor, once every attachment has been read).
pub fn check_mss_headers_without_package(envelope: &Envelope) -> Vec<(&'static str, String)> {
    ["X-MSS-CODECDA", "X-MSS-INS"]
        .iter()
        .filter(|h| envelope.header(h).is_some())
        .map(|h| {
            mismatch(&format!(
                "l'en-tête {h} est présent alors que le message ne joint aucune archive IHE_XDM"
            ))
        })
        .collect()
}

fn mismatch(message: &str) -> (&'static str, String) {
    ("mss_header_mismatch", message.to_string())
}

/// The codes of every `X-MSS-CODECDA` header (comma-separated; a `code^…` component form is
/// cut at the first `^`), sorted and deduplicated; `None` when there is no such header.
fn header_codes(envelope: &Envelope) -> Option<Vec<String>> {
    let mut present = false;
    let mut codes = Vec::new();
    for (name, value) in &envelope.headers {
        if !name.eq_ignore_ascii_case("X-MSS-CODECDA") {
            continue;
        }
        present = true;
        for code in value.split([',', ';']) {
            let code = code.split_once('^').map_or(code, |(c, _)| c).trim();
            if !code.is_empty() {
                codes.push(code.to_ascii_uppercase());
            }
        }
    }
    codes.sort();
    codes.dedup();
    present.then_some(codes)
}

/// The document type codes of the package, sorted and deduplicated: those of its CDA documents,
/// or the XDS `typeCode`s when no CDA code could be read.
fn package_codes(package: &XdmPackage) -> Vec<String> {
    let mut codes: Vec<String> = package
        .documents
        .iter()
        .filter_map(|d| d.code.as_deref())
        .map(|c| c.trim().to_ascii_uppercase())
        .collect();
    if codes.is_empty() {
        codes = package
            .metadata
            .iter()
            .flat_map(|m| m.type_codes.iter())
            .map(|c| c.trim().to_ascii_uppercase())
            .collect();
    }
    codes.sort();
    codes.dedup();
    codes
}

/// `X-MSS-INS` against the package.
fn check_ins(value: &str, package: &XdmPackage) -> Option<(&'static str, String)> {
    let qualified = package.documents.iter().any(|d| d.ins_qualified);
    if value.eq_ignore_ascii_case("O") {
        return (!qualified).then(|| mismatch(
            "l'en-tête X-MSS-INS annonce une INS qualifiée, mais aucun document CDA de l'archive IHE_XDM ne porte d'INS qualifiée (matricule, OID et quatre traits d'identité)",
        ));
    }
    if value.eq_ignore_ascii_case("N") {
        return qualified.then(|| mismatch(
            "l'en-tête X-MSS-INS annonce l'absence d'INS qualifiée, alors qu'un document CDA de l'archive IHE_XDM en porte une",
        ));
    }
    let matricule: String = value
        .split_once('^')
        .map_or(value, |(id, _)| id)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    if matricule.len() == 15 && matricule.chars().all(|c| c.is_ascii_alphanumeric()) {
        let known = package
            .documents
            .iter()
            .flat_map(|d| d.ins.iter())
            .chain(package.metadata.iter().flat_map(|m| m.patient_ids.iter()))
            .any(|i| i.trim().eq_ignore_ascii_case(&matricule));
        return (!known).then(|| {
            mismatch("l'en-tête X-MSS-INS ne correspond pas à l'INS du patient des documents de l'archive IHE_XDM")
        });
    }
    Some(mismatch(
        "la valeur de l'en-tête X-MSS-INS n'est pas conforme (O ou N attendu)",
    ))
}

// ---------------------------------------------------------------------------------------------
// The small XML passes: a CDA header, an XDS METADATA.XML
// ---------------------------------------------------------------------------------------------

/// Walks `data` with `visitor` (no payloads, no time limit: the entry was charged already);
/// what was read before an error counts.
fn walk(data: &[u8], visitor: &mut dyn Visitor) -> xml::Outcome {
    let src = Source::new(data);
    let result: Result<_, std::convert::Infallible> =
        xml::walk(&src, Options::default(), visitor, || Ok(()));
    match result {
        Ok((_, outcome)) => outcome,
        Err(never) => match never {},
    }
}

/// Whether the local names of element `el`'s ancestors end with `suffix` (outermost first).
fn under(index: &Index, el: u32, suffix: &[&str]) -> bool {
    let mut ancestors = index.ancestors(el);
    suffix
        .iter()
        .rev()
        .all(|want| ancestors.next().is_some_and(|a| index.local(a) == *want))
}

/// The header facts of a CDA document that the MSSanté headers speak about.
pub fn read_cda_header(data: &[u8]) -> XdmDocument {
    #[derive(Default)]
    struct Header {
        doc: XdmDocument,
        ins_oid: bool,
        family: bool,
        given: bool,
        birth: bool,
        sex: bool,
        /// Inside patient/name/family or given: text there is a trait.
        in_name_part: Option<&'static str>,
    }
    impl Visitor for Header {
        fn start(&mut self, e: &Tag, _: bool, _: usize) {
            let (index, el) = (e.index, e.el);
            let name = index.local(el);
            let parent = index.element(el).parent;
            let root_child = parent.is_some_and(|p| {
                index.element(p).parent.is_none() && index.local(p) == "ClinicalDocument"
            });
            if root_child && name == "code" && self.doc.code.is_none() {
                self.doc.code = e.attr_text("code").filter(|c| !c.trim().is_empty());
            } else if name == "id" && under(index, el, &["recordTarget", "patientRole"]) {
                let root = e.attr_text("root").unwrap_or_default();
                if is_ins_oid(&root)
                    && let Some(ext) = e.attr_text("extension").filter(|v| !v.trim().is_empty())
                {
                    self.doc.ins.push(ext.trim().to_string());
                    self.ins_oid = true;
                }
            } else if under(index, el, &["recordTarget", "patientRole", "patient"]) {
                match name {
                    "birthTime" => {
                        self.birth |= e.attr_text("value").is_some_and(|v| !v.is_empty())
                    }
                    "administrativeGenderCode" => {
                        self.sex |= e.attr_text("code").is_some_and(|v| !v.is_empty())
                    }
                    _ => {}
                }
            } else if under(
                index,
                el,
                &["recordTarget", "patientRole", "patient", "name"],
            ) {
                self.in_name_part = match name {
                    "family" => Some("family"),
                    "given" => Some("given"),
                    _ => None,
                };
            }
        }
        fn end(&mut self, _: &Index, _: u32, _: usize) {
            self.in_name_part = None;
        }
        fn text(&mut self, _: &Index, s: &str, _: usize, _: Raw) {
            if !s.trim().is_empty() {
                match self.in_name_part {
                    Some("family") => self.family = true,
                    Some("given") => self.given = true,
                    _ => {}
                }
            }
        }
    }
    let mut h = Header::default();
    walk(data, &mut h);
    h.doc.ins_qualified = h.ins_oid && h.family && h.given && h.birth && h.sex;
    h.doc
}

/// The type codes and INS patient ids of an XDS `METADATA.XML`.
pub fn read_metadata(data: &[u8]) -> XdmMetadata {
    #[derive(Default)]
    struct Metadata {
        meta: XdmMetadata,
        /// Inside `<Slot name="sourcePatientId">…<Value>`.
        in_source_slot: bool,
        in_value: bool,
        value: String,
    }
    impl Visitor for Metadata {
        fn start(&mut self, e: &Tag, _: bool, _: usize) {
            let (index, el) = (e.index, e.el);
            match index.local(el) {
                "Classification"
                    if e.attr_text("classificationScheme").as_deref() == Some(XDS_TYPE_CODE) =>
                {
                    self.meta
                        .type_codes
                        .extend(e.attr_text("nodeRepresentation").filter(|c| !c.is_empty()));
                }
                "ExternalIdentifier" => {
                    let scheme = e.attr_text("identificationScheme").unwrap_or_default();
                    if XDS_PATIENT_IDS.contains(&scheme.as_str()) {
                        self.meta
                            .patient_ids
                            .extend(e.attr_text("value").and_then(|v| ins_of_cx(&v)));
                    }
                }
                "Slot" => {
                    self.in_source_slot = e.attr_text("name").as_deref() == Some("sourcePatientId")
                }
                "Value" => {
                    self.in_value = self.in_source_slot;
                    self.value.clear();
                }
                _ => {}
            }
        }
        fn end(&mut self, index: &Index, el: u32, _: usize) {
            match index.local(el) {
                "Slot" => self.in_source_slot = false,
                "Value" => {
                    if self.in_value {
                        self.meta.patient_ids.extend(ins_of_cx(&self.value));
                    }
                    self.in_value = false;
                }
                _ => {}
            }
        }
        fn text(&mut self, _: &Index, s: &str, _: usize, _: Raw) {
            if self.in_value && self.value.len() < 4096 {
                self.value.push_str(s);
            }
        }
    }
    let mut m = Metadata::default();
    walk(data, &mut m);
    m.meta
}

/// The id of an HL7 CX value `id^^^&oid&ISO` when its assigning authority is an INS OID.
fn ins_of_cx(cx: &str) -> Option<String> {
    let mut fields = cx.trim().split('^');
    let id = fields.next()?.trim();
    let authority = fields.nth(2)?;
    let oid = authority.split('&').nth(1)?;
    (is_ins_oid(oid) && !id.is_empty()).then(|| id.to_string())
}

/// The slots of one `ExtrinsicObject` that matter to a rewrite: its `URI`, and the byte ranges
/// of its `size` and `hash` values (whitespace around them left out).
#[derive(Default)]
pub struct DocumentSlots {
    pub uri: String,
    pub size: Option<Span>,
    pub hash: Option<Span>,
}

/// The `ExtrinsicObject`s of an XDS `METADATA.XML`, with their slots' places; `None` when it is
/// not well-formed XML.
pub fn document_slots(data: &[u8]) -> Option<Vec<DocumentSlots>> {
    struct Slots<'s, 'b> {
        src: &'s Source<'b>,
        out: Vec<DocumentSlots>,
        current: Option<DocumentSlots>,
        slot: Option<String>,
        in_value: bool,
    }
    impl Visitor for Slots<'_, '_> {
        fn start(&mut self, e: &Tag, _: bool, _: usize) {
            let (index, el) = (e.index, e.el);
            match index.local(el) {
                "ExtrinsicObject" => self.current = Some(DocumentSlots::default()),
                "Slot" => self.slot = e.attr_text("name"),
                "Value" => self.in_value = true,
                _ => {}
            }
        }
        fn end(&mut self, index: &Index, el: u32, _: usize) {
            match index.local(el) {
                "ExtrinsicObject" => self.out.extend(self.current.take()),
                "Slot" => self.slot = None,
                "Value" => self.in_value = false,
                _ => {}
            }
        }
        fn text(&mut self, _: &Index, s: &str, at: usize, raw: Raw) {
            let (Some(obj), Some(name), true) =
                (self.current.as_mut(), self.slot.as_deref(), self.in_value)
            else {
                return;
            };
            match (name, raw) {
                ("URI", _) => obj.uri.push_str(s),
                ("size" | "hash", Raw::Verbatim) => {
                    let lead = s.len() - s.trim_start().len();
                    let t = s.trim();
                    let span = (
                        self.src.src(at + lead),
                        self.src.src_end(at + lead + t.len()),
                    );
                    if name == "size" {
                        obj.size = Some(span);
                    } else {
                        obj.hash = Some(span);
                    }
                }
                _ => {}
            }
        }
    }
    let src = Source::new(data);
    let mut slots = Slots {
        src: &src,
        out: Vec::new(),
        current: None,
        slot: None,
        in_value: false,
    };
    let result: Result<_, std::convert::Infallible> =
        xml::walk(&src, Options::default(), &mut slots, || Ok(()));
    match result {
        Ok((_, xml::Outcome::Complete)) => Some(slots.out),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Part;
    use crate::extract::archive::extract;

    const INS: &str = "238046444512370";

    fn envelope(headers: &[(&str, &str)]) -> Envelope {
        Envelope {
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            ..Envelope::default()
        }
    }

    fn package(code: &str, qualified: bool) -> XdmPackage {
        XdmPackage {
            subsets: 1,
            has_index: true,
            has_readme: true,
            documents: vec![XdmDocument {
                code: Some(code.into()),
                ins: vec![INS.into()],
                ins_qualified: qualified,
            }],
            metadata: vec![XdmMetadata {
                type_codes: vec![code.into()],
                patient_ids: vec![INS.into()],
            }],
        }
    }

    fn kinds(found: &[(&'static str, String)]) -> Vec<&'static str> {
        found.iter().map(|(k, _)| *k).collect()
    }

    #[test]
    fn matching_headers_give_no_notice() {
        let env = envelope(&[("X-MSS-CODECDA", "11490-0"), ("X-MSS-INS", "O")]);
        assert!(check_mss_headers(&env, &package("11490-0", true)).is_empty());
        let env = envelope(&[("x-mss-codecda", " 11490-0 "), ("X-Mss-Ins", "N")]);
        assert!(check_mss_headers(&env, &package("11490-0", false)).is_empty());
        // A matricule instead of O/N (non-standard) that is the package's INS.
        let env = envelope(&[("X-MSS-CODECDA", "11490-0"), ("X-MSS-INS", INS)]);
        assert!(check_mss_headers(&env, &package("11490-0", true)).is_empty());
    }

    #[test]
    fn ins_mismatch_names_the_header_not_the_value() {
        let env = envelope(&[("X-MSS-CODECDA", "11490-0"), ("X-MSS-INS", "N")]);
        let found = check_mss_headers(&env, &package("11490-0", true));
        assert_eq!(kinds(&found), ["mss_header_mismatch"]);
        assert!(found[0].1.contains("X-MSS-INS"));
        let env = envelope(&[("X-MSS-CODECDA", "11490-0"), ("X-MSS-INS", "O")]);
        let found = check_mss_headers(&env, &package("11490-0", false));
        assert_eq!(kinds(&found), ["mss_header_mismatch"]);
        let other = "180017512312305";
        let env = envelope(&[("X-MSS-CODECDA", "11490-0"), ("X-MSS-INS", other)]);
        let found = check_mss_headers(&env, &package("11490-0", true));
        assert_eq!(kinds(&found), ["mss_header_mismatch"]);
        assert!(!found[0].1.contains(other) && !found[0].1.contains(INS));
        let env = envelope(&[("X-MSS-CODECDA", "11490-0"), ("X-MSS-INS", "peut-être")]);
        assert_eq!(
            kinds(&check_mss_headers(&env, &package("11490-0", true))),
            ["mss_header_mismatch"]
        );
    }

    #[test]
    fn codecda_mismatch_and_multiple_values() {
        let env = envelope(&[("X-MSS-CODECDA", "34112-3"), ("X-MSS-INS", "O")]);
        let found = check_mss_headers(&env, &package("11490-0", true));
        assert_eq!(kinds(&found), ["mss_header_mismatch"]);
        assert!(found[0].1.contains("X-MSS-CODECDA") && !found[0].1.contains("34112-3"));
        // Two documents: the header lists both, in any order, comma-separated.
        let mut two = package("11490-0", true);
        two.documents.push(XdmDocument {
            code: Some("34112-3".into()),
            ..XdmDocument::default()
        });
        let env = envelope(&[("X-MSS-CODECDA", "34112-3,11490-0"), ("X-MSS-INS", "O")]);
        assert!(check_mss_headers(&env, &two).is_empty());
        let env = envelope(&[("X-MSS-CODECDA", "11490-0"), ("X-MSS-INS", "O")]);
        assert_eq!(
            kinds(&check_mss_headers(&env, &two)),
            ["mss_header_mismatch"]
        );
        // No CDA read: the XDS typeCode stands in.
        let mut meta_only = package("11490-0", false);
        meta_only.documents.clear();
        let env = envelope(&[("X-MSS-CODECDA", "11490-0"), ("X-MSS-INS", "N")]);
        assert!(check_mss_headers(&env, &meta_only).is_empty());
    }

    #[test]
    fn missing_headers_and_headers_without_cda() {
        let found = check_mss_headers(&envelope(&[]), &package("11490-0", true));
        assert_eq!(kinds(&found), ["mss_header_missing", "mss_header_missing"]);
        assert!(found[0].1.contains("X-MSS-CODECDA") && found[1].1.contains("X-MSS-INS"));
        let empty = XdmPackage {
            subsets: 1,
            ..XdmPackage::default()
        };
        let env = envelope(&[("X-MSS-CODECDA", "11490-0"), ("X-MSS-INS", "O")]);
        assert_eq!(
            kinds(&check_mss_headers(&env, &empty)),
            ["mss_header_mismatch", "mss_header_mismatch"]
        );
        assert!(check_mss_headers(&envelope(&[]), &empty).is_empty());
        assert_eq!(check_mss_headers_without_package(&env).len(), 2);
        assert!(check_mss_headers_without_package(&envelope(&[])).is_empty());
    }

    #[test]
    fn cda_header_pass_reads_code_ins_and_traits() {
        let cda = format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<ClinicalDocument xmlns="urn:hl7-org:v3">
  <code code="11490-0" codeSystem="2.16.840.1.113883.6.1"/>
  <recordTarget><patientRole>
    <id root="1.2.250.1.213.1.4.8" extension="{INS}"/>
    <id root="1.2.250.1.71.4.2.7" extension="IPP42"/>
    <patient>
      <name><given>Odette</given><family qualifier="BR">D&amp;Artois</family></name>
      <administrativeGenderCode code="F"/>
      <birthTime value="19380412"/>
    </patient>
  </patientRole></recordTarget>
  <component><structuredBody><component><section>
    <code code="10164-2"/>
  </section></component></structuredBody></component>
</ClinicalDocument>"#
        );
        let doc = read_cda_header(cda.as_bytes());
        assert_eq!(doc.code.as_deref(), Some("11490-0"));
        assert_eq!(doc.ins, [INS]);
        assert!(doc.ins_qualified);
        // Without a birth date the INS is not qualified.
        let partial = cda.replace(r#"<birthTime value="19380412"/>"#, "");
        assert!(!read_cda_header(partial.as_bytes()).ins_qualified);
        // Broken XML: what was read before the error is kept, nothing panics.
        let broken = &cda.as_bytes()[..cda.find("<patient>").unwrap_or(0) + 12];
        let doc = read_cda_header(broken);
        assert_eq!(doc.code.as_deref(), Some("11490-0"));
        assert!(!doc.ins_qualified);
        assert_eq!(doc.ins, [INS]);
        assert!(!format!("{doc:?}").contains(INS));
    }

    #[test]
    fn metadata_pass_reads_type_code_and_patient_ids() {
        let xml = format!(
            r#"<lcm:SubmitObjectsRequest xmlns:lcm="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">
<rim:RegistryObjectList><rim:ExtrinsicObject id="Doc1">
  <rim:Slot name="sourcePatientId"><rim:ValueList><rim:Value>{INS}^^^&amp;1.2.250.1.213.1.4.8&amp;ISO</rim:Value></rim:ValueList></rim:Slot>
  <rim:Slot name="sourcePatientInfo"><rim:ValueList><rim:Value>PID-5|X^Y</rim:Value></rim:ValueList></rim:Slot>
  <rim:Classification classificationScheme="{XDS_TYPE_CODE}" classifiedObject="Doc1" nodeRepresentation="11490-0"/>
  <rim:ExternalIdentifier identificationScheme="{}" value="{INS}^^^&amp;1.2.250.1.213.1.4.8&amp;ISO" registryObject="Doc1"/>
</rim:ExtrinsicObject></rim:RegistryObjectList></lcm:SubmitObjectsRequest>"#,
            XDS_PATIENT_IDS[0]
        );
        let meta = read_metadata(xml.as_bytes());
        assert_eq!(meta.type_codes, ["11490-0"]);
        assert_eq!(meta.patient_ids, [INS, INS]);
        assert_eq!(ins_of_cx("123^^^&1.2.250.1.71.4.2.7&ISO"), None);
    }

    #[test]
    fn xdm_layout_is_recognised_case_insensitively() {
        assert_eq!(
            xdm_place("IHE_XDM/SUBSET01/METADATA.XML"),
            XdmPlace::Metadata("/SUBSET01".into())
        );
        assert_eq!(
            xdm_place("ihe_xdm\\subset01\\doc0001.xml"),
            XdmPlace::Document("/SUBSET01".into())
        );
        assert_eq!(xdm_place("INDEX.HTM"), XdmPlace::Index(String::new()));
        assert_eq!(
            xdm_place("envoi/README.TXT"),
            XdmPlace::Readme("ENVOI".into())
        );
        assert_eq!(xdm_place("IHE_XDM/METADATA.XML"), XdmPlace::Other);
        let mut scan = XdmScan::default();
        for name in [
            "INDEX.HTM",
            "README.TXT",
            "IHE_XDM/",
            "IHE_XDM/SUBSET01/METADATA.XML",
        ] {
            scan.note_name(name);
        }
        let package = scan.finish();
        assert!(
            package
                .as_ref()
                .is_some_and(|p| p.has_index && p.has_readme && p.subsets == 1)
        );
        let mut plain = XdmScan::default();
        plain.note_name("README.TXT");
        assert!(plain.finish().is_none());
    }

    /// Runs the zip extractor on `zip` as attachment `at` of a top-level e-mail with `headers`
    /// (`forwarded`: inside a message/rfc822 part `2` instead).
    fn notices_in_mail(zip: &[u8], headers: &[(&str, &str)], forwarded: bool) -> Vec<String> {
        let limits = super::super::Limits::default();
        let mut x = Extractor::start(&[], &limits).unwrap();
        x.out.envelope = Some(envelope(headers));
        x.push(Part::new("", Format::Mail, 0)).unwrap();
        let at = if forwarded {
            x.push(Part::new("2", Format::Mail, 0)).unwrap();
            "2.2"
        } else {
            "2"
        };
        extract(&mut x, at, zip, 1).unwrap();
        x.out
            .notices
            .iter()
            .map(|n| format!("{} {}", n.part, n.kind))
            .collect()
    }

    const XDM: &[u8] = include_bytes!("../../corpus/xdm/IHE_XDM.ZIP");

    #[test]
    fn package_in_the_corpus_is_checked_against_the_envelope() {
        let right = [("X-MSS-CODECDA", "11490-0"), ("X-MSS-INS", "O")];
        assert_eq!(notices_in_mail(XDM, &right, false), ["2 xdm_package"]);
        let wrong_ins = [("X-MSS-CODECDA", "11490-0"), ("X-MSS-INS", "N")];
        assert_eq!(
            notices_in_mail(XDM, &wrong_ins, false),
            ["2 xdm_package", "2 mss_header_mismatch"]
        );
        let wrong_code = [("X-MSS-CODECDA", "34112-3"), ("X-MSS-INS", "O")];
        assert_eq!(
            notices_in_mail(XDM, &wrong_code, false),
            ["2 xdm_package", "2 mss_header_mismatch"]
        );
        assert_eq!(
            notices_in_mail(XDM, &[], false),
            [
                "2 xdm_package",
                "2 mss_header_missing",
                "2 mss_header_missing"
            ]
        );
        // A package inside a forwarded message is not what the headers speak about.
        assert_eq!(notices_in_mail(XDM, &wrong_ins, true), ["2.2 xdm_package"]);
    }
}
