//! Office documents: DOCX and XLSX (Office Open XML), ODT and ODS (OpenDocument). They are zip
//! packages, read entry by entry by [`super::archive`]; this module recognises the package
//! ([`Package::detect`]: the part becomes [`Format::Docx`], [`Format::Xlsx`], [`Format::Odt`] or
//! [`Format::Ods`]) and reads the parts that hold the text with the Office visitor
//! ([`read::Reader`], on the XML layer): one segment per paragraph, shared string or cell, runs
//! joined, each character mapped back to its text node. The other entries are read as any zip
//! entry is (document properties, `[Content_Types].xml`, pictures, embedded files).
//!
//! - Thumbnails (`docProps/thumbnail.*`, `Thumbnails/thumbnail.png`) are a picture of the first
//!   page, whose text is read anyway: they do not block, and redaction drops them.
//! - What tamis cannot read or rewrite is an opaque part with a French reason that says what to
//!   do ([`crate::extract::Opaque::Refused`]): a password-protected ODF package
//!   (`manifest:encryption-data`), a binary workbook (`.xlsb`), imported content
//!   (`w:altChunk`); compound files inside (macros `vbaProject.bin`, OLE objects) and outside
//!   (legacy `.doc`/`.xls`, encrypted OOXML) are told apart by [`cfb`].
//! - Spreadsheets: a column headed "Pathologie", "Traitement", "NIR", "GIR"… classifies its
//!   cells ([`header_category`]): each cell below becomes a [`Fact`] of that category, on the
//!   part that holds its text (the shared strings for a shared string), whatever the scanner
//!   makes of the words. `table:number-columns-repeated` moves the column count, it is never
//!   expanded.

pub mod cfb;
pub mod csv;
pub mod msg;
pub mod read;
pub mod rtf;
pub mod xls;

use super::xml::{self, Options, Source};
use super::{ExtractError, Extractor, Fact, Format, Opaque, Origin, Part};
use crate::category::Category;
use read::{Cell, CellValue, Dialect, Reader, SharedItem};
use std::sync::Arc;

/// Rows from the top where a header row is looked for.
const HEADER_ROWS: u64 = 10;

/// The format of a zip package from its entry names and its `mimetype` entry (ODF).
pub fn detect(names: &[&str], mimetype: Option<&[u8]>) -> Option<Format> {
    let has = |n: &str| names.iter().any(|e| e.eq_ignore_ascii_case(n));
    if let Some(m) = mimetype {
        let m = String::from_utf8_lossy(m);
        let m = m.trim();
        if m.starts_with("application/vnd.oasis.opendocument.text") {
            return Some(Format::Odt);
        }
        if m.starts_with("application/vnd.oasis.opendocument.spreadsheet") {
            return Some(Format::Ods);
        }
    }
    if !has("[Content_Types].xml") {
        return None;
    }
    if has("word/document.xml") {
        Some(Format::Docx)
    } else if has("xl/workbook.xml") || has("xl/workbook.bin") {
        Some(Format::Xlsx)
    } else {
        None
    }
}

/// Whether entry `name` is a package thumbnail.
pub fn is_thumbnail(format: Format, name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    match format {
        Format::Docx | Format::Xlsx => lower.starts_with("docprops/thumbnail."),
        Format::Odt | Format::Ods => lower.starts_with("thumbnails/"),
        _ => false,
    }
}

/// The dialect entry `name` of a package of `format` is read with, if the Office visitor reads
/// it.
pub fn dialect(format: Format, name: &str) -> Option<Dialect> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".rels") {
        return Some(Dialect::Rels);
    }
    if !lower.ends_with(".xml") {
        return None;
    }
    match format {
        Format::Docx if lower.starts_with("word/") && !lower.starts_with("word/theme/") => {
            Some(Dialect::Word)
        }
        Format::Xlsx if lower.starts_with("xl/") && !lower.starts_with("xl/theme/") => {
            Some(Dialect::Sheet)
        }
        Format::Odt | Format::Ods
            if matches!(
                lower.as_str(),
                "content.xml" | "styles.xml" | "meta.xml" | "settings.xml"
            ) =>
        {
            Some(Dialect::Odf)
        }
        _ => None,
    }
}

/// An Office package being read.
pub struct Package {
    pub format: Format,
    /// The package's part.
    part: usize,
    /// XLSX: the shared strings part and its items (segment, element).
    shared: Option<(usize, Vec<SharedItem>)>,
    /// The cells of each sheet part.
    sheets: Vec<(usize, Vec<Cell>)>,
}

impl Package {
    /// The package of the zip part `part` (already pushed), if its entries make one; the part
    /// takes its format.
    pub fn detect(
        x: &mut Extractor,
        part: usize,
        names: &[&str],
        mimetype: Option<&[u8]>,
    ) -> Option<Package> {
        let format = detect(names, mimetype)?;
        let p = x.part_mut(part);
        p.format = format;
        if names
            .iter()
            .any(|n| n.eq_ignore_ascii_case("xl/workbook.bin"))
        {
            p.opaque = Some(Opaque::Refused {
                kind: "legacy_office",
                reason: "classeur Excel binaire (.xlsb) : enregistrez-le en .xlsx, .ods ou .pdf, \
                         puis envoyez-le de nouveau"
                    .into(),
            });
        }
        Some(Package {
            format,
            part,
            shared: None,
            sheets: Vec::new(),
        })
    }

    /// Reads entry `name` (its bytes `data`) as the part at `child` when it is the package's
    /// to read; `false` leaves it to the archive (any zip entry).
    pub fn entry(
        &mut self,
        x: &mut Extractor,
        child: &str,
        name: &str,
        data: &[u8],
    ) -> Result<bool, ExtractError> {
        if is_thumbnail(self.format, name) {
            // Not opaque: redaction drops it.
            let mut part = Part::new(child, Format::Image, data.len());
            part.name = Some(name.to_string());
            x.push(part)?;
            return Ok(true);
        }
        if name.eq_ignore_ascii_case("META-INF/manifest.xml")
            && memchr::memmem::find(data, b"encryption-data").is_some()
        {
            x.part_mut(self.part).opaque = Some(Opaque::Refused {
                kind: "encrypted",
                reason: "document OpenDocument protégé par mot de passe : tamis ne peut pas le \
                         lire ; enregistrez-le sans mot de passe ou en .pdf, puis envoyez-le de \
                         nouveau"
                    .into(),
            });
        }
        let Some(dialect) = dialect(self.format, name) else {
            return Ok(false);
        };
        let (index, reader) = read_part(x, child, name, data, dialect)?;
        if reader.alt_chunk {
            x.part_mut(self.part).opaque = Some(Opaque::Refused {
                kind: "alt_chunk",
                reason: "le document contient un bloc importé (altChunk) que tamis ne sait pas \
                         réécrire : ouvrez-le dans Word, enregistrez-le de nouveau en .docx ou \
                         en .pdf, puis envoyez-le"
                    .into(),
            });
        }
        if reader.hidden_sheets > 0 {
            let path = x.out.parts[self.part].path.clone();
            x.notice(
                &path,
                "hidden_sheet",
                format!(
                    "le classeur contient {} feuille(s) masquée(s) : tamis les a lues comme les \
                     autres, elles partent avec le fichier",
                    reader.hidden_sheets
                ),
            );
        }
        if dialect == Dialect::Sheet && name.eq_ignore_ascii_case("xl/sharedStrings.xml") {
            self.shared = Some((index, reader.shared));
        } else if !reader.cells.is_empty() {
            self.sheets.push((index, reader.cells));
        }
        Ok(true)
    }

    /// Applies the column context once every part is read: the cells under a header that
    /// names a category become facts of it.
    pub fn finish(self, x: &mut Extractor) {
        for (sheet_part, cells) in &self.sheets {
            let mut by_sheet: Vec<&Cell> = cells.iter().collect();
            by_sheet.sort_by_key(|c| (c.sheet, c.row, c.col));
            let mut start = 0;
            while start < by_sheet.len() {
                let sheet = by_sheet[start].sheet;
                let end = start + by_sheet[start..].partition_point(|c| c.sheet == sheet);
                self.sheet_context(x, *sheet_part, &by_sheet[start..end]);
                start = end;
            }
        }
    }

    /// The text of a cell.
    fn cell_text(&self, x: &Extractor, sheet_part: usize, cell: &Cell) -> Option<String> {
        match &cell.value {
            CellValue::Shared(n) => {
                let (p, items) = self.shared.as_ref()?;
                let seg = items.get(*n)?.0?;
                Some(x.out.parts.get(*p)?.segments.get(seg)?.text.clone())
            }
            CellValue::Local { segments, .. } => {
                let part = x.out.parts.get(sheet_part)?;
                // The text of the cell's first paragraph (an ODF `string-value` repeats it).
                let segs = || segments.iter().filter_map(|&s| part.segments.get(s));
                let is_attr = |g: &&super::Segment| matches!(&g.origin, Origin::Element(p) if p.contains("/@"));
                segs()
                    .find(|g| !is_attr(g))
                    .or_else(|| segs().next())
                    .map(|g| g.text.clone())
            }
        }
    }

    fn sheet_context(&self, x: &mut Extractor, sheet_part: usize, cells: &[&Cell]) {
        // The header row: the first of the top rows with a cell naming a category.
        // Column → category (a map: a crafted header row of 16,384 "Nom" must not make every
        // cell below it a walk over the header).
        let mut header: rustc_hash::FxHashMap<u64, Category> = rustc_hash::FxHashMap::default();
        let mut header_row = None;
        for c in cells.iter().take_while(|c| c.row < HEADER_ROWS) {
            if header_row.is_some_and(|r| r != c.row) {
                break;
            }
            let Some(cat) = self
                .cell_text(x, sheet_part, c)
                .as_deref()
                .and_then(header_category)
            else {
                continue;
            };
            header_row = Some(c.row);
            header.entry(c.col).or_insert(cat);
        }
        let Some(header_row) = header_row else {
            return;
        };
        let mut shared_done = rustc_hash::FxHashSet::default();
        for c in cells.iter().filter(|c| c.row > header_row) {
            let Some(&cat) = header.get(&c.col) else {
                continue;
            };
            match &c.value {
                CellValue::Shared(n) => {
                    let Some((p, items)) = &self.shared else {
                        continue;
                    };
                    let Some(&(Some(seg), _)) = items.get(*n) else {
                        continue;
                    };
                    if shared_done.insert(*n) {
                        add_fact(x, *p, seg, cat);
                    }
                }
                CellValue::Local { segments, .. } => {
                    for &seg in segments {
                        add_fact(x, sheet_part, seg, cat);
                    }
                }
            }
        }
    }
}

/// A fact of `category` for segment `seg` of part `part`: its text, its span, its element.
fn add_fact(x: &mut Extractor, part: usize, seg: usize, category: Category) {
    let p = x.part_mut(part);
    let Some(s) = p.segments.get(seg) else { return };
    if s.text.trim().is_empty() {
        return;
    }
    let fact = Fact {
        category,
        text: Some(s.text.clone()),
        code: None,
        origin: s.origin.clone(),
        span: s.source_span(0, s.text.len()),
        confidence: 0.9,
        section: None,
    };
    let Some(index) = p.xml.as_mut() else { return };
    let locus = index.segments.get(seg).copied().flatten();
    Arc::make_mut(index).facts.push(locus);
    p.facts.push(fact);
}

/// Folded header text: lowercase, no accents, words separated by one space.
fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let plain: String = s
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Column headers and the category of the cells below them (folded: lowercase, no accents).
const HEADERS: &[(&str, Category)] = &[
    ("pathologie", Category::Diagnosis),
    ("pathologies", Category::Diagnosis),
    ("diagnostic", Category::Diagnosis),
    ("diagnostics", Category::Diagnosis),
    ("antecedent", Category::Diagnosis),
    ("antecedents", Category::Diagnosis),
    ("maladie", Category::Diagnosis),
    ("maladies", Category::Diagnosis),
    ("affection", Category::Diagnosis),
    ("affections", Category::Diagnosis),
    ("traitement", Category::Medication),
    ("traitements", Category::Medication),
    ("medicament", Category::Medication),
    ("medicaments", Category::Medication),
    ("posologie", Category::Medication),
    ("nir", Category::Nir),
    ("ins", Category::Nir),
    ("matricule ins", Category::Nir),
    ("numero de securite sociale", Category::Nir),
    ("n securite sociale", Category::Nir),
    ("no securite sociale", Category::Nir),
    ("securite sociale", Category::Nir),
    ("n ss", Category::Nir),
    ("gir", Category::DisabilityDependency),
    ("groupe iso ressources", Category::DisabilityDependency),
    ("handicap", Category::DisabilityDependency),
    ("nom", Category::PersonName),
    ("prenom", Category::PersonName),
    ("nom prenom", Category::PersonName),
    ("nom de naissance", Category::PersonName),
    ("nom d usage", Category::PersonName),
    ("patient", Category::PersonName),
    ("resident", Category::PersonName),
    ("residente", Category::PersonName),
    ("usager", Category::PersonName),
    ("beneficiaire", Category::PersonName),
    ("date de naissance", Category::BirthDate),
    ("ddn", Category::BirthDate),
    ("ne le", Category::BirthDate),
    ("nee le", Category::BirthDate),
    ("adresse", Category::Address),
    ("domicile", Category::Address),
    ("telephone", Category::Phone),
    ("tel", Category::Phone),
    ("portable", Category::Phone),
    ("email", Category::Email),
    ("e mail", Category::Email),
    ("courriel", Category::Email),
    ("ipp", Category::Ipp),
    ("allergie", Category::ClinicalFinding),
    ("allergies", Category::ClinicalFinding),
    ("actes", Category::Procedure),
    ("intervention", Category::Procedure),
];

/// The category a column header gives the cells below it: the folded header is one of
/// `HEADERS`, or starts with one followed by a word (`Traitement en cours`, `Nom du résident`).
pub fn header_category(header: &str) -> Option<Category> {
    let h = fold(header);
    if h.is_empty() || h.len() > 60 {
        return None;
    }
    HEADERS
        .iter()
        .filter(|(k, _)| h == *k || (h.starts_with(k) && h.as_bytes().get(k.len()) == Some(&b' ')))
        .max_by_key(|(k, _)| k.len())
        .map(|&(_, c)| c)
}

/// Reads `data` as an Office XML part of `dialect` at `child`: pushes the part (format XML,
/// with its index) and gives the visitor back for the package's records.
fn read_part(
    x: &mut Extractor,
    child: &str,
    name: &str,
    data: &[u8],
    dialect: Dialect,
) -> Result<(usize, ReaderOut), ExtractError> {
    let index = x.push(Part::new(child, Format::Xml, data.len()))?;
    let src = Source::new(data);
    let mut reader = Reader::new(&src, dialect);
    let (mut xml_index, outcome) =
        xml::walk(&src, Options::default(), &mut reader, || x.check_time())?;
    let out = ReaderOut {
        shared: std::mem::take(&mut reader.shared),
        cells: std::mem::take(&mut reader.cells),
        alt_chunk: reader.alt_chunk,
        hidden_sheets: reader.hidden_sheets,
    };
    let hidden = std::mem::take(&mut reader.hidden);
    let mut segments = reader.segments;
    for (seg, (locus, attr)) in segments.iter_mut().zip(&reader.loci) {
        let mut p = xml_index.locus_path(*locus);
        if let Some(a) = attr {
            p.push_str("/@");
            p.push_str(a);
        }
        seg.origin = Origin::Element(p);
    }
    xml_index.segments = reader.loci.into_iter().map(|(l, _)| l).collect();
    let part = x.part_mut(index);
    part.name = Some(name.to_string());
    part.segments = segments;
    for (segment, start, end) in hidden {
        part.hide(segment, start, end);
    }
    part.xml = Some(Arc::new(xml_index));
    if let Some(why) = outcome.why() {
        part.opaque = Some(Opaque::Unreadable(why));
    }
    Ok((index, out))
}

/// What the package keeps of a part's visitor.
struct ReaderOut {
    shared: Vec<SharedItem>,
    cells: Vec<Cell>,
    alt_chunk: bool,
    hidden_sheets: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_classify_columns() {
        assert_eq!(header_category("Pathologie"), Some(Category::Diagnosis));
        assert_eq!(
            header_category("  Traitement en cours :"),
            Some(Category::Medication)
        );
        assert_eq!(header_category("N° sécurité sociale"), Some(Category::Nir));
        assert_eq!(header_category("GIR"), Some(Category::DisabilityDependency));
        assert_eq!(
            header_category("Date de naissance"),
            Some(Category::BirthDate)
        );
        assert_eq!(
            header_category("Nom du résident"),
            Some(Category::PersonName)
        );
        assert_eq!(header_category("Chambre"), None);
        assert_eq!(header_category("Inscription"), None);
    }

    #[test]
    fn packages_are_told_apart() {
        assert_eq!(
            detect(&["[Content_Types].xml", "word/document.xml"], None),
            Some(Format::Docx)
        );
        assert_eq!(
            detect(&["[Content_Types].xml", "xl/workbook.xml"], None),
            Some(Format::Xlsx)
        );
        assert_eq!(
            detect(
                &["mimetype", "content.xml"],
                Some(b"application/vnd.oasis.opendocument.spreadsheet")
            ),
            Some(Format::Ods)
        );
        assert_eq!(detect(&["a.txt"], None), None);
        assert!(is_thumbnail(Format::Odt, "Thumbnails/thumbnail.png"));
        assert!(is_thumbnail(Format::Docx, "docProps/thumbnail.jpeg"));
        assert_eq!(
            dialect(Format::Docx, "word/footer1.xml"),
            Some(Dialect::Word)
        );
        assert_eq!(dialect(Format::Docx, "docProps/core.xml"), None);
        assert_eq!(
            dialect(Format::Docx, "word/_rels/document.xml.rels"),
            Some(Dialect::Rels)
        );
    }
}
