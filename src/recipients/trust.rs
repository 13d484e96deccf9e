//! The MSSanté trust space: `*.mssante.fr` plus the domains an operator integrates (the ANS
//! "liste blanche", FORMATS.md §1.12), configured as exact domains or `*.suffix` wildcards.

use super::address::MailboxAddress;

/// A domain pattern that cannot be part of a trust space.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TrustSpaceError {
    /// Empty, with spaces or `@`, without a dot, or a `*` elsewhere than a leading `*.`.
    #[error("domaine de confiance invalide (attendu: domaine exact ou *.suffixe)")]
    InvalidPattern,
}

/// One configured pattern, lower case.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Pattern {
    /// The domain itself only.
    Exact(String),
    /// Any strict subdomain of the suffix (`*.mssante.fr` matches `ch-dax.mssante.fr`, not
    /// `mssante.fr` nor `evilmssante.fr`).
    Suffix(String),
}

/// Which mail domains are inside the MSSanté trust space. Always holds `*.mssante.fr`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustSpace {
    patterns: Vec<Pattern>,
}

impl Default for TrustSpace {
    /// `*.mssante.fr` only.
    fn default() -> Self {
        TrustSpace {
            patterns: vec![Pattern::Suffix("mssante.fr".to_owned())],
        }
    }
}

impl TrustSpace {
    /// `*.mssante.fr` only.
    pub fn new() -> TrustSpace {
        TrustSpace::default()
    }

    /// Adds a domain (`hopital-exemple.fr`) or a wildcard (`*.operateur-exemple.fr`), case
    /// insensitive, trailing dot ignored.
    pub fn add(&mut self, pattern: &str) -> Result<(), TrustSpaceError> {
        let p = pattern.trim().to_ascii_lowercase();
        let p = p.strip_suffix('.').unwrap_or(&p);
        let (wild, domain) = match p.strip_prefix("*.") {
            Some(rest) => (true, rest),
            None => (false, p),
        };
        let valid = !domain.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.' || !c.is_ascii());
        if !valid {
            return Err(TrustSpaceError::InvalidPattern);
        }
        let pattern = if wild {
            Pattern::Suffix(domain.to_owned())
        } else {
            Pattern::Exact(domain.to_owned())
        };
        if !self.patterns.contains(&pattern) {
            self.patterns.push(pattern);
        }
        Ok(())
    }

    /// Builder form of [`TrustSpace::add`] over several patterns.
    pub fn with<'a>(
        mut self,
        patterns: impl IntoIterator<Item = &'a str>,
    ) -> Result<TrustSpace, TrustSpaceError> {
        for p in patterns {
            self.add(p)?;
        }
        Ok(self)
    }

    /// Adds the patterns of a list file: one domain or `*.suffix` a line, `#` comments and
    /// blank lines skipped (the operators' "liste blanche" as a site keeps it). An invalid
    /// pattern is an error `file:line: problem`; on error nothing is added.
    pub fn add_list(&mut self, file: &str, text: &str) -> Result<usize, super::DirectoryError> {
        let mut next = self.clone();
        let mut n = 0;
        for (i, line) in text.lines().enumerate() {
            let line = line.split_once('#').map_or(line, |(l, _)| l).trim();
            if line.is_empty() {
                continue;
            }
            next.add(line)
                .map_err(|e| super::DirectoryError::at(file, i + 1, e.to_string()))?;
            n += 1;
        }
        *self = next;
        Ok(n)
    }

    /// Whether mail to this address stays in the trust space; `false` for what is not an
    /// address.
    pub fn is_trusted(&self, address: &str) -> bool {
        MailboxAddress::parse(address).is_some_and(|a| self.is_trusted_domain(a.domain()))
    }

    /// Whether a domain (any case, trailing dot ignored) is in the trust space.
    pub fn is_trusted_domain(&self, domain: &str) -> bool {
        let d = domain.trim().to_ascii_lowercase();
        let d = d.strip_suffix('.').unwrap_or(&d);
        self.patterns.iter().any(|p| match p {
            Pattern::Exact(e) => d == e,
            Pattern::Suffix(s) => d
                .strip_suffix(s.as_str())
                .is_some_and(|head| head.len() > 1 && head.ends_with('.')),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mssante_subdomains_are_trusted_and_lookalikes_are_not() {
        let t = TrustSpace::new();
        assert!(t.is_trusted("jean.dupont@ch-dax.mssante.fr"));
        assert!(t.is_trusted("x@PHARMACIEN.MSSANTE.FR"));
        assert!(t.is_trusted("x@a.b.mssante.fr."));
        assert!(!t.is_trusted("x@mssante.fr"));
        assert!(!t.is_trusted("x@evilmssante.fr"));
        assert!(!t.is_trusted("x@mssante.fr.example.com"));
        assert!(!t.is_trusted("someone@gmail.com"));
        assert!(!t.is_trusted("not an address"));
    }

    #[test]
    fn configured_exact_domains_and_wildcards() {
        let t = TrustSpace::new()
            .with(["Hopital-Exemple.fr", "*.operateur-exemple.fr"])
            .unwrap();
        assert!(t.is_trusted("a@hopital-exemple.fr"));
        assert!(
            !t.is_trusted("a@sous.hopital-exemple.fr"),
            "exact means exact"
        );
        assert!(t.is_trusted("a@ehpad.operateur-exemple.fr"));
        assert!(
            !t.is_trusted("a@operateur-exemple.fr"),
            "a wildcard needs a subdomain"
        );
        assert!(
            t.is_trusted("a@x.mssante.fr"),
            "*.mssante.fr is always there"
        );
    }

    #[test]
    fn a_list_file_adds_domains_and_names_the_bad_line() {
        let mut t = TrustSpace::new();
        let n = t
            .add_list(
                "trust.txt",
                "# liste blanche\n\n*.operateur-exemple.fr  # opérateur\nhopital-exemple.fr\n",
            )
            .unwrap();
        assert_eq!(n, 2);
        assert!(t.is_trusted("a@b.operateur-exemple.fr") && t.is_trusted("a@hopital-exemple.fr"));
        let err = t
            .add_list("trust.txt", "ok-exemple.fr\nnot a domain\n")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "trust.txt:2: domaine de confiance invalide (attendu: domaine exact ou *.suffixe)"
        );
        assert!(!t.is_trusted("a@ok-exemple.fr"), "nothing added on error");
    }

    #[test]
    fn invalid_patterns_are_refused() {
        let mut t = TrustSpace::new();
        for p in [
            "", "*", "*.", "fr", "a@b.fr", "*.*.fr", "a b.fr", "x.*.fr", ".fr",
        ] {
            assert_eq!(t.add(p), Err(TrustSpaceError::InvalidPattern), "{p:?}");
        }
    }
}
