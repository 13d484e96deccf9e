//! A finding: one piece of personal or health data found in an input, where it is, and what
//! becomes of it. The type that travels between the stages after extraction — located by
//! [`crate::locate`], classified by [`crate::classify`], decided on by [`crate::decide`],
//! listed by [`crate::report`] and removed by [`crate::redact`] — and part of the wire format
//! (`Finding`, `Location` and `GlyphLocation` are serialised as the report's `findings`).

use crate::category::{Basis, Category};
use crate::section::SectionKind;
use serde::{Deserialize, Serialize};

/// How found values appear in a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Values {
    /// The text as found (a person checking one document).
    #[default]
    Clear,
    /// A salted hash of the value (`sha256:` and 24 hex digits), the same for the same value
    /// however it is spaced or capitalised: a DPO scanning an archive sees that one NIR
    /// appears in forty messages without the report holding it.
    Hashed(Salt),
    /// No text at all: category, offsets and codes only.
    None,
}

/// The secret mixed into hashed values; without it a hash cannot be tested against guesses.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Salt(pub [u8; 32]);

impl std::fmt::Debug for Salt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Salt(..)")
    }
}

impl Salt {
    /// A salt derived from a secret of any length (a file's contents, an environment variable).
    pub fn from_secret(secret: &[u8]) -> Salt {
        use sha2::Digest;
        Salt(sha2::Sha256::digest(secret).into())
    }
}

impl Values {
    /// How `text` appears in the report.
    pub fn show(&self, text: &str) -> Option<String> {
        match self {
            Values::Clear => Some(text.to_string()),
            Values::Hashed(salt) => Some(hash_value(salt, text)),
            Values::None => None,
        }
    }
}

/// `sha256:` + the first 24 hex digits of SHA-256(salt ‖ value), the value folded (case,
/// accents) and stripped of everything but letters and digits.
fn hash_value(salt: &Salt, text: &str) -> String {
    use sha2::Digest;
    let mut folded = crate::scan::normalize::fold(text);
    folded.retain(char::is_alphanumeric);
    let mut h = sha2::Sha256::new();
    h.update(salt.0);
    h.update(folded.as_bytes());
    let digest = h.finalize();
    // Hex by hand: one string, not one `format!` a byte (a line has dozens of values).
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(7 + 24);
    out.push_str("sha256:");
    for b in &digest[..12] {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}

/// Where a finding is in its input.
///
/// `start..end` are byte offsets into the part's own bytes (the file, the decoded MIME body, the
/// XML source) when the origin maps to bytes (`body`, `element`); otherwise (`page`, `header`,
/// PDF metadata, `filename`) they are offsets into the text extracted from that origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// Part path: `""` for the input itself, `"2.1"` for a nested part (see [`PartInfo`](crate::report::PartInfo)).
    pub part: String,
    /// What holds it: `body`, `header`, `filename`, `page`, `pdf_info`, `xmp`, `annotation`,
    /// `form_field`, `outline`, `element`.
    pub origin: String,
    /// The header name, PDF Info key or form field name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// PDF page (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// XML element path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub element: Option<String>,
    pub start: usize,
    pub end: usize,
    /// PDF: the glyphs that show the text, by content stream and text operation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub glyphs: Vec<GlyphLocation>,
    /// The text is in the document but not shown to its reader (PDF invisible, white or
    /// off-page text, HTML hidden by CSS, a hidden Word run): read, found and removed all the
    /// same. Absent when shown.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
}

impl Location {
    /// The byte range `start..end` of the body of part `part`.
    pub fn body(part: &str, start: usize, end: usize) -> Location {
        Location {
            part: part.to_string(),
            origin: "body".into(),
            name: None,
            page: None,
            element: None,
            start,
            end,
            glyphs: Vec::new(),
            hidden: false,
        }
    }
}

/// Consecutive glyphs `first..=last` of text operation `op` (index among the content stream's
/// operations) in `stream` (`page 3`, `xobject 12 0`, `appearance 40 0`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GlyphLocation {
    pub stream: String,
    pub op: u32,
    pub first: u32,
    pub last: u32,
}

/// One finding.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub category: Category,
    pub basis: Basis,
    /// Health data in this input: always for data by nature; for data by crossing (a weight,
    /// a care setting, a benefit, a sick leave) only when the input identifies a person.
    pub health: bool,
    /// Index (in `findings`) of the identifying finding this one is linked to: the cared-for
    /// person it most likely concerns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_to: Option<usize>,
    /// Whose it is: for identifiers, always (the cared-for person, a professional, a relative,
    /// the sender's structure, or unknown); for other findings, `structure` when they belong
    /// to the structure's letterhead or signature ("EHPAD Résidence des Tilleuls").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub whose: Option<Subject>,
    /// The clinical section the finding is in (`history` for "Antécédents :", `assessment`
    /// for "Conclusion", a CDA section's kind by its LOINC code): absent outside any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<SectionKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The code system of a coded entry (`cim10`, `atc`, `ccam`, `loinc`, `snomed_ct`,
    /// `cis_cip_ucd` or an OID); absent for codes recognised in text (CIM-10 or ATC by shape).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    pub sensitive: bool,
    pub confidence: f32,
    pub location: Location,
    /// What happens to it: `remove` when some recipient's purpose does not need it (decided
    /// per recipient, see `recipients`), else `keep`; absent until recipients are known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<Action>,
    /// The value as found, whatever `Values` shows: for the rules that compare values (the INS
    /// of a patient's mailbox). Never serialised, never in `Debug`.
    #[serde(skip)]
    pub found: Option<String>,
    /// What in the extraction the finding comes from, for redaction. Never serialised.
    #[serde(skip)]
    pub source: Option<Source>,
}

/// The place in an [`crate::extract::Extraction`] a finding comes from: part index, then a segment's text
/// offsets, a fact, or the part's file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// Index into [`crate::extract::Extraction::parts`].
    pub part: usize,
    pub what: SourceKind,
}

/// See [`Source`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// Offsets `start..end` in the text of segment `index` of the part.
    Segment {
        index: usize,
        start: usize,
        end: usize,
    },
    /// Fact `index` of the part.
    Fact(usize),
    /// Offsets `start..end` in the part's file name.
    FileName { start: usize, end: usize },
}

impl Finding {
    /// A finding of `category` at `location`, with no value, code or decision yet.
    pub fn new(category: Category, location: Location) -> Finding {
        Finding {
            category,
            basis: category.basis(),
            health: false,
            linked_to: None,
            whose: None,
            section: None,
            text: None,
            code: None,
            system: None,
            sensitive: false,
            confidence: 1.0,
            location,
            action: None,
            found: None,
            source: None,
        }
    }
}

/// Whose a finding is (`crate::whose`): what the law protects is the cared-for person's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// The person cared for: patient, résident, usager, bénéficiaire, enfant accueilli.
    CaredFor,
    /// A professional: the sender, a signatory, a physician, the staff, a correspondent.
    Professional,
    /// A relative or a legal representative (fille, tuteur, personne de confiance).
    Relative,
    /// The sender's structure itself: its name, address, switchboard, FINESS, SIRET.
    Structure,
    /// No evidence either way: treated as possibly the cared-for person.
    Unknown,
}

impl Subject {
    /// Its wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::CaredFor => "cared_for",
            Subject::Professional => "professional",
            Subject::Relative => "relative",
            Subject::Structure => "structure",
            Subject::Unknown => "unknown",
        }
    }

    /// Whether data of this subject may be the cared-for person's (cared-for or unknown).
    pub fn may_be_cared_for(self) -> bool {
        matches!(self, Subject::CaredFor | Subject::Unknown)
    }
}

/// What becomes of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Keep,
    Remove,
}

impl std::fmt::Debug for Finding {
    // Never print the value: a Debug line may end up in a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Finding")
            .field("category", &self.category)
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::{Salt, Values};

    #[test]
    fn hashed_values_match_however_written_and_depend_on_the_salt() {
        let a = Values::Hashed(Salt::from_secret(b"structure A"));
        let b = Values::Hashed(Salt::from_secret(b"structure B"));
        let h = a.show("2 79 03 51 215 189 89").unwrap();
        assert!(h.starts_with("sha256:") && h.len() == 31, "{h}");
        assert_eq!(a.show("279035121518989"), Some(h.clone()));
        assert_eq!(a.show("Hélène DURAND"), a.show("helene durand"));
        assert_ne!(b.show("279035121518989"), Some(h));
        assert_ne!(a.show("DURAND"), a.show("DUPONT"));
        assert!(!format!("{:?}", a).contains("structure"));
    }
}
