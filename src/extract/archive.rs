//! Zip archives and MSSanté IHE_XDM packages.
//!
//! Every file entry of a zip becomes a child part (numbered in central-directory order,
//! directories skipped) that is recognised and extracted like any other input, so a PDF, a CDA,
//! a forwarded message or another zip inside an archive is read too. Entries are limited before
//! they are read: the declared sizes against the expansion budget and the ratio limit, and then
//! what the decompressor really produced, so that a header that lies about a size does not beat
//! the limits. Encrypted entries and compression methods tamis does not read become opaque
//! parts; an archive whose central directory is damaged is an opaque part itself.
//!
//! An IHE_XDM package (`IHE_XDM/SUBSETnn/METADATA.XML`, the form MSSanté gives to structured
//! documents) is recognised, and when the archive was attached to an e-mail, the MSSanté headers
//! of the message (`X-MSS-CODECDA`, `X-MSS-INS`) are checked against the documents of the
//! package: see [`check_mss_headers`].

use super::{Envelope, ExtractError, Extractor, Format, Opaque, Part, child_path};
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;
use std::io::{Cursor, Read};
use zip::{CompressionMethod, ZipArchive};

/// Below this many expanded bytes the ratio limit is not applied: small, very repetitive files
/// (a text file of spaces, an empty form) legitimately compress a thousand times, and cannot
/// hurt.
const RATIO_FLOOR: u64 = 1 << 20;

/// Size of one read from the decompressor (the time limit is checked between reads).
const CHUNK: usize = 64 * 1024;

/// Largest buffer reserved up front from a declared size (the rest grows as data comes).
const RESERVE_CAP: u64 = 16 << 20;

/// Deepest XML element nesting the header pass follows (deeper documents stop being read).
const MAX_XML_DEPTH: usize = 256;

/// OIDs of the INS (matricule INS): INS-NIR, INS-NIA, INS-NIR de test, INS-NIR de démonstration
/// (FORMATS.md §1.2).
const INS_OIDS: [&str; 4] = [
    "1.2.250.1.213.1.4.8",
    "1.2.250.1.213.1.4.9",
    "1.2.250.1.213.1.4.10",
    "1.2.250.1.213.1.4.11",
];

/// XDS classification scheme of `XDSDocumentEntry.typeCode`.
const XDS_TYPE_CODE: &str = "urn:uuid:f0306f51-975f-434e-a61c-c59651d33983";
/// XDS identification schemes of `XDSDocumentEntry.patientId` and `XDSSubmissionSet.patientId`.
const XDS_PATIENT_IDS: [&str; 2] = [
    "urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427",
    "urn:uuid:6b5aea1a-874d-4603-a4bc-96a0a7b38446",
];

/// Extracts a zip archive at `path`: its own part, then one child part per file entry.
pub fn extract(
    x: &mut Extractor,
    path: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<(), ExtractError> {
    let index = x.push(Part::new(path, Format::Zip, bytes.len()))?;
    let mut archive = match ZipArchive::new(Cursor::new(bytes)) {
        Ok(archive) => archive,
        Err(_) => {
            x.part_mut(index).opaque = Some(Opaque::Unreadable(
                "archive zip endommagée : répertoire central illisible".into(),
            ));
            return Ok(());
        }
    };
    let (entries, complete) = list_entries(&archive);
    if let Some(why) = archive_problem(bytes, &archive, complete) {
        x.part_mut(index).opaque = Some(Opaque::Unreadable(why.into()));
    }
    check_totals(x, path, &entries)?;
    let mut xdm = XdmScan::default();
    let mut k = 0;
    for entry in &entries {
        xdm.note_name(&entry.name);
        if entry.is_dir {
            continue;
        }
        x.check_time()?;
        k += 1;
        let child = child_path(path, k);
        if let Some(opaque) = unreadable_entry(entry) {
            push_opaque(x, &child, entry, opaque)?;
            continue;
        }
        check_declared(x, &child, entry)?;
        match read_entry(x, &mut archive, entry, &child)? {
            Ok(data) => {
                xdm.note_content(&entry.name, &data);
                x.nested(&child, Some(&entry.name), None, &data, depth + 1)?;
            }
            Err(why) => push_opaque(x, &child, entry, Opaque::Unreadable(why.into()))?,
        }
    }
    if let Some(package) = xdm.finish() {
        report_package(x, path, &package);
    }
    Ok(())
}

/// Why the archive as a whole cannot be fully trusted, though its entries are read: the zip
/// part is then opaque (fail closed), its children are extracted all the same.
fn archive_problem(
    bytes: &[u8],
    archive: &ZipArchive<Cursor<&[u8]>>,
    complete: bool,
) -> Option<&'static str> {
    if !end_record_consistent(bytes) {
        // The zip crate then searches the bytes for another end record: it may have found the
        // directory of an archive stored inside this one, and the rest would go unchecked.
        Some("archive zip endommagée : la fin du répertoire central est absente ou incohérente")
    } else if !complete {
        Some("archive zip endommagée : des entrées du répertoire central sont illisibles")
    } else if archive.has_duplicate_names() {
        // The zip crate keeps one entry per name: the others could not be checked.
        Some(
            "l'archive contient plusieurs entrées du même nom : certaines ne peuvent pas être lues",
        )
    } else {
        None
    }
}

/// Adds the part of an entry that cannot be read.
fn push_opaque(
    x: &mut Extractor,
    child: &str,
    entry: &Entry,
    opaque: Opaque,
) -> Result<(), ExtractError> {
    let format = match opaque {
        Opaque::Encrypted => Format::Encrypted,
        _ => Format::Binary,
    };
    let mut part = Part::new(child, format, clamp(entry.size));
    part.name = Some(entry.name.clone());
    part.opaque = Some(opaque);
    x.push(part)?;
    Ok(())
}

/// `true` when the archive ends with an end-of-central-directory record (its comment reaching
/// the end of the bytes) whose directory lies before it.
fn end_record_consistent(bytes: &[u8]) -> bool {
    const SIG: &[u8] = b"PK\x05\x06";
    let u16_at = |at: usize| {
        bytes
            .get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
    };
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let Some(last) = bytes.len().checked_sub(22) else {
        return false;
    };
    let first = last.saturating_sub(usize::from(u16::MAX));
    for pos in (first..=last).rev() {
        if bytes.get(pos..pos + 4) != Some(SIG) {
            continue;
        }
        if u16_at(pos + 20).map(usize::from) != Some(bytes.len() - pos - 22) {
            continue;
        }
        let (Some(size), Some(offset)) = (u32_at(pos + 12), u32_at(pos + 16)) else {
            return false;
        };
        if size == u32::MAX || offset == u32::MAX {
            return true; // Zip64: the crate reads the Zip64 record.
        }
        return u64::from(offset) + u64::from(size) <= pos as u64;
    }
    false
}

/// What the central directory says about one entry.
pub(crate) struct Entry {
    /// Index in the archive.
    pub(crate) index: usize,
    pub(crate) name: String,
    pub(crate) is_dir: bool,
    pub(crate) encrypted: bool,
    pub(crate) method: CompressionMethod,
    pub(crate) size: u64,
    pub(crate) compressed: u64,
}

/// The entries of the central directory, in its order; `false` when some could not be read.
pub(crate) fn list_entries(archive: &ZipArchive<Cursor<&[u8]>>) -> (Vec<Entry>, bool) {
    let mut entries = Vec::with_capacity(archive.len());
    let mut complete = true;
    for index in 0..archive.len() {
        let Ok(e) = archive.by_index_data(index) else {
            complete = false;
            continue;
        };
        let name = entry_name(e.name_raw());
        // Windows tools sometimes write `\` separators. A "folder" with data is read as a file:
        // its bytes must not escape the scan.
        let is_dir = (e.is_dir() || name.ends_with('\\')) && e.size() == 0;
        entries.push(Entry {
            index,
            name,
            is_dir,
            encrypted: e.encrypted(),
            method: e.compression(),
            size: e.size(),
            compressed: e.compressed_size(),
        });
    }
    (entries, complete)
}

/// An entry name: UTF-8, else CP437 (the zip default, close to what French Windows tools write
/// for accented letters). Never fails.
fn entry_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => raw.iter().map(|&b| cp437(b)).collect(),
    }
}

/// The CP437 character of byte `b`.
fn cp437(b: u8) -> char {
    const HIGH: &str = "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u{a0}";
    if b < 0x80 {
        b as char
    } else {
        HIGH.chars()
            .nth(usize::from(b - 0x80))
            .unwrap_or('\u{fffd}')
    }
}

/// Why an entry cannot be read at all, before trying: encrypted, or compressed with a method
/// tamis does not read.
pub(crate) fn unreadable_entry(entry: &Entry) -> Option<Opaque> {
    if entry.encrypted {
        Some(Opaque::Encrypted)
    } else if !matches!(
        entry.method,
        CompressionMethod::Stored | CompressionMethod::Deflated
    ) {
        Some(Opaque::Unreadable(
            "méthode de compression non prise en charge".into(),
        ))
    } else {
        None
    }
}

/// All the entries together must fit the part limit and the expansion budget: a zip that
/// announces more is refused before anything is decompressed.
fn check_totals(x: &Extractor, path: &str, entries: &[Entry]) -> Result<(), ExtractError> {
    let files = entries.iter().filter(|e| !e.is_dir).count();
    if x.out.parts.len().saturating_add(files) > x.limits.max_parts {
        return Err(ExtractError::TooManyParts {
            limit: x.limits.max_parts,
        });
    }
    let total = entries
        .iter()
        .filter(|e| !e.is_dir && unreadable_entry(e).is_none())
        .fold(0u64, |sum, e| sum.saturating_add(e.size));
    if total > x.expand_budget() {
        return Err(too_much(x, path));
    }
    Ok(())
}

/// The declared size of one entry against the budget and the ratio limit.
fn check_declared(x: &Extractor, child: &str, entry: &Entry) -> Result<(), ExtractError> {
    if entry.size > x.expand_budget() {
        return Err(too_much(x, child));
    }
    check_ratio(x, child, entry.size, entry.compressed)
}

/// `expanded / compressed` against the ratio limit, above [`RATIO_FLOOR`].
fn check_ratio(
    x: &Extractor,
    child: &str,
    expanded: u64,
    compressed: u64,
) -> Result<(), ExtractError> {
    if expanded > RATIO_FLOOR && expanded / compressed.max(1) > x.limits.max_ratio {
        return Err(ExtractError::Ratio {
            limit: x.limits.max_ratio,
            part: child.to_string(),
        });
    }
    Ok(())
}

fn too_much(x: &Extractor, part: &str) -> ExtractError {
    ExtractError::TooMuchExpanded {
        limit: x.limits.max_expanded,
        part: part.to_string(),
    }
}

fn clamp(size: u64) -> usize {
    usize::try_from(size).unwrap_or(usize::MAX)
}

/// Decompresses one entry. The outer error is a broken limit (the whole input fails); the inner
/// one says, without content, why this entry could not be read (it becomes an opaque part).
fn read_entry(
    x: &mut Extractor,
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    entry: &Entry,
    child: &str,
) -> Result<Result<Vec<u8>, &'static str>, ExtractError> {
    let budget = x.expand_budget();
    let Ok(file) = archive.by_index(entry.index) else {
        return Ok(Err("entrée de l'archive zip illisible (en-tête local)"));
    };
    // Never trust the declared size: read at most one byte past the budget.
    let mut reader = file.take(budget.saturating_add(1));
    let mut data = Vec::with_capacity(clamp(entry.size.min(budget).min(RESERVE_CAP)));
    let mut chunk = vec![0u8; CHUNK];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(_) => {
                x.charge(child, data.len() as u64)?;
                return Ok(Err(
                    "entrée de l'archive zip endommagée (données compressées illisibles ou taille annoncée fausse)",
                ));
            }
        };
        data.extend_from_slice(chunk.get(..n).unwrap_or_default());
        if data.len() as u64 > budget {
            return Err(too_much(x, child));
        }
        x.check_time()?;
    }
    check_ratio(x, child, data.len() as u64, entry.compressed)?;
    x.charge(child, data.len() as u64)?;
    Ok(Ok(data))
}

// ---------------------------------------------------------------------------------------------
// IHE_XDM packages
// ---------------------------------------------------------------------------------------------

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
struct XdmScan {
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
    fn note_name(&mut self, name: &str) {
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

    fn note_content(&mut self, name: &str, data: &[u8]) {
        match xdm_place(name) {
            XdmPlace::Metadata(_) => self.metadata.push(read_metadata(data)),
            XdmPlace::Document(_) if super::sniff::sniff(data, Some(name), None) == Format::Cda => {
                self.documents.push(read_cda_header(data));
            }
            _ => {}
        }
    }

    /// The package, when the archive is one.
    fn finish(self) -> Option<XdmPackage> {
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
fn report_package(x: &mut Extractor, path: &str, package: &XdmPackage) {
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
            let code = code.split('^').next().unwrap_or_default().trim();
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
        .split('^')
        .next()
        .unwrap_or_default()
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

/// The XML events of `data` (decoded as UTF-8, else Windows-1252), with the stack of local
/// element names, handed to `on`. Stops at the first XML error or past [`MAX_XML_DEPTH`].
fn walk_xml(data: &[u8], mut on: impl FnMut(&[String], XmlEvent<'_>)) {
    let decoded = crate::input::decode(data);
    let mut reader = quick_xml::Reader::from_str(&decoded.text);
    let mut stack: Vec<String> = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                on(&stack, XmlEvent::Open(&e));
                if stack.len() >= MAX_XML_DEPTH {
                    return;
                }
                stack.push(local(&e));
            }
            Ok(Event::Empty(e)) => {
                on(&stack, XmlEvent::Open(&e));
                on(&stack, XmlEvent::Close(&local(&e)));
            }
            Ok(Event::End(_)) => {
                if let Some(name) = stack.pop() {
                    on(&stack, XmlEvent::Close(&name));
                }
            }
            Ok(Event::Text(t)) => on(&stack, XmlEvent::Text(&t.xml10_content())),
            Ok(Event::CData(t)) => on(&stack, XmlEvent::Text(&t.xml10_content())),
            Ok(Event::GeneralRef(r)) => on(&stack, XmlEvent::Text(&resolve_ref(&r.into_inner()))),
            Ok(Event::Eof) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

/// The text of an entity or character reference (`amp`, `#233`, `#xE9`); unknown entities
/// give nothing.
fn resolve_ref(name: &str) -> String {
    if let Some(code) = name.strip_prefix('#') {
        let value = match code.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => code.parse().ok(),
        };
        return value
            .and_then(char::from_u32)
            .map(String::from)
            .unwrap_or_default();
    }
    quick_xml::escape::resolve_predefined_entity(name)
        .unwrap_or_default()
        .to_string()
}

enum XmlEvent<'e> {
    /// An element opens; the stack does not hold it yet.
    Open(&'e BytesStart<'e>),
    /// An element closes; the stack no longer holds it.
    Close(&'e str),
    Text(&'e str),
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().into_inner().to_string()
}

/// The value of attribute `name` (local name), unescaped.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().into_inner() == name)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map(Cow::into_owned)
                    .ok()
            })
            .flatten()
    })
}

/// `true` when `stack` ends with `suffix`.
fn under(stack: &[String], suffix: &[&str]) -> bool {
    stack.len() >= suffix.len()
        && stack[stack.len() - suffix.len()..]
            .iter()
            .zip(suffix)
            .all(|(a, b)| a == b)
}

/// The header facts of a CDA document that the MSSanté headers speak about.
pub fn read_cda_header(data: &[u8]) -> XdmDocument {
    #[derive(Default)]
    struct Traits {
        ins_oid: bool,
        family: bool,
        given: bool,
        birth: bool,
        sex: bool,
    }
    let mut doc = XdmDocument::default();
    let mut traits = Traits::default();
    // Inside patient/name/family or given: text there is a trait.
    let mut in_name_part: Option<&'static str> = None;
    const PATIENT: [&str; 3] = ["recordTarget", "patientRole", "patient"];
    walk_xml(data, |stack, event| match event {
        XmlEvent::Open(e) => {
            let name = e.local_name().into_inner();
            let root_child = stack.len() == 1 && stack[0] == "ClinicalDocument";
            if root_child && name == "code" && doc.code.is_none() {
                doc.code = attr(e, "code").filter(|c| !c.trim().is_empty());
            } else if name == "id" && under(stack, &["recordTarget", "patientRole"]) {
                let root = attr(e, "root").unwrap_or_default();
                if INS_OIDS.contains(&root.trim())
                    && let Some(ext) = attr(e, "extension").filter(|v| !v.trim().is_empty())
                {
                    doc.ins.push(ext.trim().to_string());
                    traits.ins_oid = true;
                }
            } else if under(stack, &PATIENT) {
                match name {
                    "birthTime" => traits.birth |= attr(e, "value").is_some_and(|v| !v.is_empty()),
                    "administrativeGenderCode" => {
                        traits.sex |= attr(e, "code").is_some_and(|v| !v.is_empty())
                    }
                    _ => {}
                }
            } else if under(stack, &["recordTarget", "patientRole", "patient", "name"]) {
                in_name_part = match name {
                    "family" => Some("family"),
                    "given" => Some("given"),
                    _ => None,
                };
            }
        }
        XmlEvent::Close(_) => in_name_part = None,
        XmlEvent::Text(t) => {
            if !t.trim().is_empty() {
                match in_name_part {
                    Some("family") => traits.family = true,
                    Some("given") => traits.given = true,
                    _ => {}
                }
            }
        }
    });
    doc.ins_qualified =
        traits.ins_oid && traits.family && traits.given && traits.birth && traits.sex;
    doc
}

/// The type codes and INS patient ids of an XDS `METADATA.XML`.
pub fn read_metadata(data: &[u8]) -> XdmMetadata {
    let mut meta = XdmMetadata::default();
    // Inside `<Slot name="sourcePatientId">…<Value>`.
    let mut in_source_slot = false;
    let mut in_value = false;
    let mut value = String::new();
    walk_xml(data, |_stack, event| match event {
        XmlEvent::Open(e) => match e.local_name().into_inner() {
            "Classification"
                if attr(e, "classificationScheme").as_deref() == Some(XDS_TYPE_CODE) =>
            {
                meta.type_codes
                    .extend(attr(e, "nodeRepresentation").filter(|c| !c.is_empty()));
            }
            "ExternalIdentifier" => {
                let scheme = attr(e, "identificationScheme").unwrap_or_default();
                if XDS_PATIENT_IDS.contains(&scheme.as_str()) {
                    meta.patient_ids
                        .extend(attr(e, "value").and_then(|v| ins_of_cx(&v)));
                }
            }
            "Slot" => in_source_slot = attr(e, "name").as_deref() == Some("sourcePatientId"),
            "Value" => {
                in_value = in_source_slot;
                value.clear();
            }
            _ => {}
        },
        XmlEvent::Close(name) => match name {
            "Slot" => in_source_slot = false,
            "Value" => {
                if in_value {
                    meta.patient_ids.extend(ins_of_cx(&value));
                }
                in_value = false;
            }
            _ => {}
        },
        XmlEvent::Text(t) => {
            if in_value && value.len() < 4096 {
                value.push_str(t);
            }
        }
    });
    meta
}

/// The id of an HL7 CX value `id^^^&oid&ISO` when its assigning authority is an INS OID.
fn ins_of_cx(cx: &str) -> Option<String> {
    let mut fields = cx.trim().split('^');
    let id = fields.next()?.trim();
    let authority = fields.nth(2)?;
    let oid = authority.split('&').nth(1)?.trim();
    (INS_OIDS.contains(&oid) && !id.is_empty()).then(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let mut x = Extractor {
            limits: &limits,
            started: std::time::Instant::now(),
            expanded: 0,
            pages: 0,
            out: super::super::Extraction::default(),
        };
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

    #[test]
    fn cp437_names_decode() {
        assert_eq!(entry_name(b"r\x82sum\x82.txt"), "résumé.txt");
        assert_eq!(entry_name("déjà.pdf".as_bytes()), "déjà.pdf");
        let high: Vec<u8> = (0x80..=0xff).collect();
        let decoded = entry_name(&high);
        assert_eq!(decoded.chars().count(), 128);
        assert!(!decoded.contains('\u{fffd}'));
        assert!(decoded.ends_with("²■\u{a0}"));
    }
}
