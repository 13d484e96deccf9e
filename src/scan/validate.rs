//! Check rules of French identifiers (sources and worked examples: `shared/FORMATS.md` §1).
//!
//! Every function takes the identifier's characters with separators already removed and never
//! panics, whatever the input.

/// The NIR key of a 13-character body (`S YY MM DD CCC OOO`), Corsica `2A`/`2B` read as `19`/`18`:
/// `97 - (body mod 97)`, in `1..=97`. `None` when the body is not 13 digits (or Corsica letters).
pub fn nir_key(body: &[u8]) -> Option<u8> {
    if body.len() != 13 {
        return None;
    }
    let mut n: u64 = 0;
    for (i, &b) in body.iter().enumerate() {
        let d = match (i, b.to_ascii_uppercase()) {
            (_, b'0'..=b'9') => u64::from(b - b'0'),
            // Positions 6-7 (0-based 5-6) hold the département: 2A -> 19, 2B -> 18.
            (6, b'A') if body[5] == b'2' => 9,
            (6, b'B') if body[5] == b'2' => 8,
            _ => return None,
        };
        let d = if i == 5 && matches!(body[6].to_ascii_uppercase(), b'A' | b'B') {
            1
        } else {
            d
        };
        n = n * 10 + d;
    }
    Some((97 - n % 97) as u8)
}

/// Is this 15-character NIR (body + 2-digit key) valid?
pub fn nir_is_valid(nir: &[u8]) -> bool {
    if nir.len() != 15 || !nir[13..].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let key = (nir[13] - b'0') * 10 + (nir[14] - b'0');
    nir_key(&nir[..13]) == Some(key)
}

/// Luhn check over ASCII digits (FINESS, SIREN, SIRET; a confidence bonus for RPPS and ADELI).
pub fn luhn(digits: &[u8]) -> bool {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 { d2 - 9 } else { d2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// SIRET (14 digits): Luhn, or La Poste's rule for establishments `356000000xxxxx` other than
/// the head office: the digit sum is a multiple of 5.
pub fn siret_is_valid(digits: &[u8]) -> bool {
    if digits.len() != 14 || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    if digits.starts_with(b"356000000") && digits != b"35600000000048" {
        let sum: u32 = digits.iter().map(|&b| u32::from(b - b'0')).sum();
        return sum.is_multiple_of(5);
    }
    luhn(digits)
}

/// IBAN check (ISO 7064 mod 97-10): the 4 first characters moved to the end, letters as 10..35,
/// the number mod 97 must be 1. Expects uppercase or lowercase ASCII alphanumerics.
pub fn iban_is_valid(iban: &[u8]) -> bool {
    if iban.len() < 15 || iban.len() > 34 || !iban.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    if !iban[..2].iter().all(u8::is_ascii_alphabetic) || !iban[2..4].iter().all(u8::is_ascii_digit)
    {
        return false;
    }
    if let Some(len) = iban_length(&iban[..2])
        && iban.len() != len
    {
        return false;
    }
    let mut rem: u32 = 0;
    for &b in iban[4..].iter().chain(&iban[..4]) {
        let b = b.to_ascii_uppercase();
        if b.is_ascii_digit() {
            rem = (rem * 10 + u32::from(b - b'0')) % 97;
        } else {
            let v = u32::from(b - b'A') + 10;
            rem = (rem * 100 + v) % 97;
        }
    }
    rem == 1
}

/// IBAN length of the countries tamis meets most (SWIFT IBAN registry); `None` for others.
pub fn iban_length(country: &[u8]) -> Option<usize> {
    let c = [
        country[0].to_ascii_uppercase(),
        country[1].to_ascii_uppercase(),
    ];
    Some(match &c {
        b"FR" | b"MC" | b"IT" => 27,
        b"DE" | b"GB" | b"IE" => 22,
        b"BE" => 16,
        b"ES" => 24,
        b"LU" => 20,
        b"CH" => 21,
        b"NL" => 18,
        b"PT" => 25,
        b"AT" => 20,
        _ => return None,
    })
}

/// Is `day/month/year` a real calendar date (year with 4 digits)?
pub fn date_is_valid(day: u32, month: u32, year: u32) -> bool {
    if !(1..=12).contains(&month) || day == 0 || !(1850..=2100).contains(&year) {
        return false;
    }
    let leap = (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
    let days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    day <= days
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nir_worked_examples() {
        // shared/FORMATS.md §1.1 and shared/reference/identifier_test_vectors.tsv
        for ok in [
            "279035121518989",
            "277076322082910",
            "295109912611193",
            "253072A07300443",
            "253072B07300470",
            "185057800608491",
            "185057800607897",
        ] {
            assert!(nir_is_valid(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "221042545611404",
            "147720425367411",
            "284058832102530",
            "123456789012244",
        ] {
            assert!(!nir_is_valid(bad.as_bytes()), "{bad}");
        }
        assert_eq!(nir_key(b"2210425456114"), Some(83));
        assert_eq!(nir_key(b"12345"), None);
        assert!(!nir_is_valid(b"2790351215189XX"));
    }

    #[test]
    fn luhn_and_siret() {
        assert!(luhn(b"10005173140"));
        assert!(!luhn(b"10005173141"));
        assert!(luhn(b"750712184"));
        assert!(!luhn(b"750712185"));
        assert!(luhn(b"010000024"));
        assert!(siret_is_valid(b"73282932000074"));
        assert!(!siret_is_valid(b"73282932000079"));
        assert!(siret_is_valid(b"35600000000048"));
        assert!(siret_is_valid(b"35600000052135"));
        assert!(!luhn(b"35600000052135"));
    }

    #[test]
    fn iban() {
        assert!(iban_is_valid(b"FR7630006000011234567890189"));
        assert!(!iban_is_valid(b"FR7630006000011234567890188"));
        assert!(iban_is_valid(b"DE89370400440532013000"));
        assert!(!iban_is_valid(b"FR763000600001123456789018"));
    }

    #[test]
    fn dates() {
        assert!(date_is_valid(29, 2, 2024));
        assert!(!date_is_valid(29, 2, 2023));
        assert!(!date_is_valid(32, 1, 1950));
        assert!(!date_is_valid(12, 13, 1950));
    }
}
