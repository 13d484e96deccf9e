//! Mailbox addresses: parsing, normalisation (domain in lower case, local part exact) and the
//! Mon espace santé patient mailbox `<matricule INS>@patient.mssante.fr` (FORMATS.md §1.12).

use crate::scan::validate::nir_is_valid;

/// The domain of patients' Mon espace santé mailboxes.
pub const PATIENT_DOMAIN: &str = "patient.mssante.fr";

/// A syntactically plausible `local@domain` address. `Debug` does not print it.
#[derive(Clone, PartialEq, Eq)]
pub struct MailboxAddress {
    local: String,
    domain: String,
}

impl std::fmt::Debug for MailboxAddress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MailboxAddress(<redacted>)")
    }
}

/// What a mailbox at `PATIENT_DOMAIN` carries as its local part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatientMailbox {
    /// A 15-character matricule INS (NIR or NIA) whose key is valid: the patient's mailbox.
    ValidIns,
    /// Anything else (wrong key, wrong shape): not recognisably a patient's mailbox.
    InvalidIns,
}

impl MailboxAddress {
    /// Parses `local@domain`, optionally inside `<…>` and surrounding spaces. `None` when there
    /// is no `@`, an empty side, a space or control character, or a domain without a dot.
    /// The domain is lowered (ASCII) and a trailing dot dropped; the local part is kept as is.
    pub fn parse(text: &str) -> Option<MailboxAddress> {
        let text = text.trim();
        let text = text
            .strip_prefix('<')
            .and_then(|t| t.strip_suffix('>'))
            .unwrap_or(text)
            .trim();
        let (local, domain) = text.rsplit_once('@')?;
        let domain = domain.strip_suffix('.').unwrap_or(domain);
        let bad = |s: &str| s.is_empty() || s.chars().any(|c| c.is_whitespace() || c.is_control());
        if bad(local) || bad(domain) || domain.contains('@') || !domain.contains('.') {
            return None;
        }
        if domain.starts_with('.') || domain.contains("..") {
            return None;
        }
        Some(MailboxAddress {
            local: local.to_owned(),
            domain: domain.to_ascii_lowercase(),
        })
    }

    /// The local part, as written.
    pub fn local(&self) -> &str {
        &self.local
    }

    /// The domain, in lower case.
    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// `local@domain` with the domain in lower case: the directory's key.
    pub fn normalized(&self) -> String {
        format!("{}@{}", self.local, self.domain)
    }

    /// For an address at `PATIENT_DOMAIN`, whether its local part is a matricule INS with a
    /// valid NIR key (digits, Corsica `2A`/`2B` allowed at the département); `None` for any
    /// other domain.
    pub fn patient_mailbox(&self) -> Option<PatientMailbox> {
        if self.domain != PATIENT_DOMAIN {
            return None;
        }
        let ins = self.local.as_bytes();
        // NIR shape: sex digit 1 or 2 (FORMATS.md §1.1), then the key decides.
        let valid = matches!(ins.first(), Some(b'1' | b'2')) && nir_is_valid(ins);
        Some(if valid {
            PatientMailbox::ValidIns
        } else {
            PatientMailbox::InvalidIns
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_is_lowered_local_part_kept() {
        let a = MailboxAddress::parse("  <Jean.Dupont@CH-Dax.MSSante.fr> ").unwrap();
        assert_eq!(a.normalized(), "Jean.Dupont@ch-dax.mssante.fr");
        assert_eq!(a.local(), "Jean.Dupont");
    }

    #[test]
    fn not_addresses_are_refused() {
        for t in [
            "",
            "@x.fr",
            "a@",
            "a b@x.fr",
            "a@localhost",
            "a@x..fr",
            "a@.x.fr",
        ] {
            assert!(MailboxAddress::parse(t).is_none(), "{t:?}");
        }
    }

    #[test]
    fn patient_mailbox_checks_the_ins_key() {
        // 2 79 03 51 215 189 89: the ANS VSM sample INS, key valid (FORMATS.md §1.1).
        let ok = MailboxAddress::parse("279035121518989@patient.mssante.fr").unwrap();
        assert_eq!(ok.patient_mailbox(), Some(PatientMailbox::ValidIns));
        // Corsica 2A: 2 53 07 2A 073 004 43.
        let corsica = MailboxAddress::parse("253072A07300443@Patient.MSSante.fr").unwrap();
        assert_eq!(corsica.patient_mailbox(), Some(PatientMailbox::ValidIns));
        // 2 21 04 25 456 114 04: ANS test data with a wrong key.
        let bad = MailboxAddress::parse("221042545611404@patient.mssante.fr").unwrap();
        assert_eq!(bad.patient_mailbox(), Some(PatientMailbox::InvalidIns));
        let not_ins = MailboxAddress::parse("contact@patient.mssante.fr").unwrap();
        assert_eq!(not_ins.patient_mailbox(), Some(PatientMailbox::InvalidIns));
        let other = MailboxAddress::parse("279035121518989@medecin.mssante.fr").unwrap();
        assert_eq!(other.patient_mailbox(), None);
    }
}
