//! Unit tests: the shipped policy, the cells users rely on, and every error kind with its line.

use super::*;
use crate::category::Category as C;

fn shipped() -> Policy {
    Policy::default()
}

#[test]
fn default_policy_loads_with_every_cell() {
    let p = shipped();
    assert_eq!(p.cells.len(), Purpose::ALL.len() * Role::ALL.len());
    for &purpose in Purpose::ALL {
        for &role in Role::ALL {
            assert!(!p.reason(purpose, role).is_empty(), "{purpose}.{role}");
        }
    }
    // Every cell of the file is an explicit table: 48 headers (notes sub-tables aside).
    let headers = DEFAULT_POLICY
        .lines()
        .filter(|l| l.starts_with('[') && !l.ends_with(".notes]"))
        .count();
    assert_eq!(headers, 48);
    assert_eq!(Policy::shipped(), &p);
}

#[test]
fn administrative_needs_no_health_data_for_anyone() {
    let p = shipped();
    for &role in Role::ALL {
        let needed = p.needed(Purpose::Administrative, role);
        assert!(needed.iter().all(|c| !c.is_health()), "{role}: {needed:?}");
    }
    assert!(p.is_needed(
        Purpose::Administrative,
        Role::MedicoSocialStaff,
        C::PersonName
    ));
}

#[test]
fn unknown_role_needs_nothing_in_any_purpose() {
    let p = shipped();
    for &purpose in Purpose::ALL {
        assert!(p.needed(purpose, Role::Unknown).is_empty(), "{purpose}");
        assert!(p.reason(purpose, Role::Unknown).contains("R1110-2"));
    }
}

#[test]
fn health_professional_coordinating_care_gets_the_diagnosis() {
    let p = shipped();
    let needed = p.needed(Purpose::CareCoordination, Role::HealthProfessional);
    for c in [
        C::Diagnosis,
        C::Medication,
        C::ClinicalFinding,
        C::Nir,
        C::Rpps,
    ] {
        assert!(needed.contains(c), "{c}");
    }
}

#[test]
fn home_help_in_medico_social_follow_up_gets_dependency_not_diagnosis() {
    let p = shipped();
    let (purpose, role) = (Purpose::MedicoSocialFollowUp, Role::MedicoSocialStaff);
    let needed = p.needed(purpose, role);
    assert!(!needed.contains(C::Diagnosis));
    assert!(needed.contains(C::DisabilityDependency));
    assert!(needed.contains(C::Medication));
    // The category's own note explains both choices, in French.
    assert!(
        p.needed_reason(purpose, role, C::Medication)
            .contains("L313-26")
    );
    assert!(
        p.needed_reason(purpose, role, C::Diagnosis)
            .contains("diagnostic")
    );
    // Without a note, the cell's reason answers.
    assert_eq!(
        p.needed_reason(purpose, role, C::CareSetting),
        p.reason(purpose, role)
    );
    assert_eq!(p.note(purpose, role, C::CareSetting), None);
}

#[test]
fn iban_is_needed_nowhere() {
    let p = shipped();
    for &purpose in Purpose::ALL {
        for &role in Role::ALL {
            assert!(!p.is_needed(purpose, role, C::Iban), "{purpose}.{role}");
        }
    }
}

#[test]
fn identity_for_every_qualified_role_and_the_patient_gets_everything_else() {
    let p = shipped();
    for &purpose in Purpose::ALL {
        for &role in Role::ALL.iter().filter(|&&r| r != Role::Unknown) {
            assert!(
                p.is_needed(purpose, role, C::PersonName),
                "{purpose}.{role}"
            );
            assert!(p.is_needed(purpose, role, C::Nir), "{purpose}.{role}");
        }
        if purpose != Purpose::Administrative {
            let patient = p.needed(purpose, Role::Patient);
            assert_eq!(patient.len(), Category::ALL.len() - 1, "{purpose}");
        }
    }
}

#[test]
fn sensitive_tier_goes_to_care_roles_only() {
    let p = shipped();
    assert!(p.sensitive_needs_care_team());
    assert!(p.sensitive_allowed(Role::HealthProfessional));
    assert!(!p.sensitive_allowed(Role::SocialWorker));
    assert!(!p.sensitive_allowed(Role::Unknown));
}

#[test]
fn names_round_trip_and_unknown_names_list_the_known_ones() {
    for &p in Purpose::ALL {
        assert_eq!(p.as_str().parse::<Purpose>(), Ok(p));
        assert_eq!(
            serde_json::to_string(&p).unwrap(),
            format!("\"{}\"", p.as_str())
        );
    }
    for &r in Role::ALL {
        assert_eq!(r.as_str().parse::<Role>(), Ok(r));
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            format!("\"{}\"", r.as_str())
        );
    }
    let e = "soins".parse::<Purpose>().unwrap_err().to_string();
    assert!(e.contains("\"soins\"") && e.contains("medico_social_follow_up, social_follow_up"));
    let e = "doctor".parse::<Role>().unwrap_err().to_string();
    assert!(e.contains("psy_titled") && e.contains("unknown)"));
}

// ─── Errors ──────────────────────────────────────────────────────────────────────────────

/// The shipped file with `from` replaced by `to` (once), and the 1-based line where `to` is.
fn broken(from: &str, to: &str) -> (String, usize) {
    let at = DEFAULT_POLICY.find(from).unwrap();
    let text = format!(
        "{}{}{}",
        &DEFAULT_POLICY[..at],
        to,
        &DEFAULT_POLICY[at + from.len()..]
    );
    let line = DEFAULT_POLICY[..at].matches('\n').count() + 1;
    (text, line)
}

fn error(text: &str) -> PolicyError {
    Policy::from_toml("mine.toml", text).unwrap_err()
}

#[test]
fn syntax_error_names_file_line_and_column() {
    let (text, line) = broken(
        "reason = \"Le psychologue suit",
        "reason = Le psychologue suit",
    );
    let e = error(&text);
    assert!(matches!(e.kind, PolicyErrorKind::Syntax(_)), "{e}");
    assert_eq!(e.position.line(), Some(line));
    let column = e.position.column().unwrap_or_default();
    assert!(column >= 10, "{e}");
    let prefix = format!("mine.toml:{line}:{column}: TOML syntax");
    assert!(e.to_string().starts_with(&prefix), "{e}");
}

#[test]
fn duplicated_cell_is_a_syntax_error_at_the_second_header() {
    let text = format!("{DEFAULT_POLICY}\n[prevention.unknown]\nneeded = []\nreason = \"x\"\n");
    let e = error(&text);
    assert!(matches!(e.kind, PolicyErrorKind::Syntax(_)), "{e}");
    assert_eq!(e.position.line(), Some(DEFAULT_POLICY.lines().count() + 2));
}

#[test]
fn unknown_purpose_role_and_category_are_located_and_list_the_known_names() {
    let (text, line) = broken("[prevention.social_worker]", "[prevension.social_worker]");
    let e = error(&text);
    assert!(matches!(e.kind, PolicyErrorKind::UnknownPurpose(_)), "{e}");
    assert_eq!(
        (e.position.line(), e.position.column()),
        (Some(line), Some(2))
    );
    assert!(e.to_string().contains("care_continuity"));

    let (text, line) = broken(
        "[prevention.social_worker]",
        "[prevention.assistant_social]",
    );
    let e = error(&text);
    assert!(matches!(e.kind, PolicyErrorKind::UnknownRole(_)), "{e}");
    assert_eq!(
        (e.position.line(), e.position.column()),
        (Some(line), Some(13))
    );
    assert!(e.to_string().contains("legal_protection"));

    let (text, line) = broken(
        "\"body_measure\", \"care_setting\"",
        "\"weight\", \"care_setting\"",
    );
    let e = error(&text);
    assert!(matches!(e.kind, PolicyErrorKind::UnknownCategory(_)), "{e}");
    assert_eq!(e.position.line(), Some(line));
    assert!(e.to_string().contains("body_measure"));
}

#[test]
fn misspelt_setting_and_cell_key_are_unknown_keys() {
    let (text, line) = broken("sensitive_needs_care_team =", "sensitive_need_care_team =");
    let e = error(&text);
    assert!(matches!(e.kind, PolicyErrorKind::UnknownKey { .. }), "{e}");
    assert_eq!(
        (e.position.line(), e.position.column()),
        (Some(line), Some(1))
    );

    let (text, line) = broken(
        "[care_coordination.unknown]\nneeded = []",
        "[care_coordination.unknown]\nneded = []",
    );
    let e = error(&text);
    assert!(matches!(e.kind, PolicyErrorKind::UnknownKey { .. }), "{e}");
    assert_eq!(
        (e.position.line(), e.position.column()),
        (Some(line + 1), Some(1))
    );
    assert!(e.to_string().contains("needed, reason, notes"));
}

#[test]
fn duplicated_category_points_at_the_second_one() {
    let (text, line) = broken("  \"rpps\", \"adeli\",", "  \"rpps\", \"rpps\",");
    let e = error(&text);
    assert_eq!(
        e.kind,
        PolicyErrorKind::DuplicateCategory(Category::Rpps),
        "{e}"
    );
    assert_eq!(
        (e.position.line(), e.position.column()),
        (Some(line), Some(11))
    );
}

#[test]
fn missing_cell_points_at_its_purpose() {
    let cut = "[social_follow_up.unknown]\nneeded = []\n";
    let at = DEFAULT_POLICY.find(cut).unwrap();
    let text = DEFAULT_POLICY.replacen(cut, "", 1);
    // The reason line of the removed cell stays, orphaned, in the previous cell: drop it too.
    let text = {
        let rest = &text[at..];
        let end = at + rest.find('\n').unwrap() + 1;
        format!("{}{}", &text[..at], &text[end..])
    };
    let e = error(&text);
    assert_eq!(
        e.kind,
        PolicyErrorKind::MissingCell {
            purpose: Purpose::SocialFollowUp,
            role: Role::Unknown
        },
        "{e}"
    );
    let first = DEFAULT_POLICY.find("[social_follow_up.").unwrap();
    assert_eq!(
        e.position.line(),
        Some(DEFAULT_POLICY[..first].matches('\n').count() + 1)
    );
    assert!(e.to_string().contains("[social_follow_up.unknown]"));
}

#[test]
fn missing_reason_and_missing_needed_point_at_the_cell() {
    let (text, line) = broken(
        "[administrative.unknown]\nneeded = []\nreason",
        "[administrative.unknown]\nneeded = []\nrisen",
    );
    // `risen` is an unknown key: caught first. Remove the line instead.
    assert!(matches!(
        error(&text).kind,
        PolicyErrorKind::UnknownKey { .. }
    ));
    let header = "[administrative.unknown]\nneeded = []\n";
    let at = DEFAULT_POLICY.find(header).unwrap() + header.len();
    let end = at + DEFAULT_POLICY[at..].find('\n').unwrap() + 1;
    let text = format!("{}{}", &DEFAULT_POLICY[..at], &DEFAULT_POLICY[end..]);
    let e = error(&text);
    assert_eq!(
        e.kind,
        PolicyErrorKind::MissingReason {
            purpose: Purpose::Administrative,
            role: Role::Unknown
        },
        "{e}"
    );
    assert_eq!(
        (e.position.line(), e.position.column()),
        (Some(line), Some(17))
    );

    let (text, line) = broken(
        "[prevention.unknown]\nneeded = []\n",
        "[prevention.unknown]\n",
    );
    let e = error(&text);
    assert!(
        matches!(e.kind, PolicyErrorKind::MissingKey { key: "needed", .. }),
        "{e}"
    );
    assert_eq!(e.position.line(), Some(line));
}

#[test]
fn empty_reason_and_wrong_types_are_located() {
    let (text, line) = broken(
        "reason = \"Le psychologue suit la personne",
        "reason = \"  \"\nx = \"Le psychologue suit la personne",
    );
    let e = error(&text);
    // `x` is unknown but `reason` comes first in key order: either way the cell is refused
    // at the line written; here the empty reason is the one reported.
    assert!(matches!(e.kind, PolicyErrorKind::EmptyText { .. }), "{e}");
    assert_eq!(e.position.line(), Some(line));

    let (text, line) = broken(
        "sensitive_needs_care_team = true",
        "sensitive_needs_care_team = 1",
    );
    let e = error(&text);
    assert!(matches!(e.kind, PolicyErrorKind::WrongType { .. }), "{e}");
    assert_eq!(
        (e.position.line(), e.position.column()),
        (Some(line), Some(29))
    );

    let (text, line) = broken(
        "[care_coordination.unknown]\nneeded = []",
        "[care_coordination.unknown]\nneeded = \"nir\"",
    );
    let e = error(&text);
    assert!(matches!(e.kind, PolicyErrorKind::WrongType { .. }), "{e}");
    assert_eq!(e.position.line(), Some(line + 1));
}

#[test]
fn version_is_required_and_checked() {
    let (text, line) = broken("version = 1", "version = 2");
    let e = error(&text);
    assert_eq!(e.kind, PolicyErrorKind::Version("2".into()), "{e}");
    assert_eq!(
        (e.position.line(), e.position.column()),
        (Some(line), Some(11))
    );

    let (text, _) = broken("version = 1", "");
    let e = error(&text);
    assert_eq!(e.kind, PolicyErrorKind::MissingVersion, "{e}");
    assert_eq!(e.position.line(), Some(1));
}

#[test]
fn duplicated_or_unknown_sensitive_role_is_located() {
    let (text, line) = broken(
        "\"psy_titled\", \"patient\"]",
        "\"psy_titled\", \"psy_titled\"]",
    );
    let e = error(&text);
    assert_eq!(
        e.kind,
        PolicyErrorKind::DuplicateRole(Role::PsyTitled),
        "{e}"
    );
    assert_eq!(e.position.line(), Some(line));

    let (text, line) = broken("\"psy_titled\", \"patient\"]", "\"psy\", \"patient\"]");
    let e = error(&text);
    assert!(matches!(e.kind, PolicyErrorKind::UnknownRole(_)), "{e}");
    assert_eq!(e.position.line(), Some(line));
}

#[test]
fn unreadable_file_has_no_position() {
    let e = Policy::load(Path::new("/nonexistent/tamis-policy.toml")).unwrap_err();
    assert!(matches!(e.kind, PolicyErrorKind::Read(_)));
    assert_eq!(e.position.line(), None);
    assert!(
        e.to_string()
            .starts_with("/nonexistent/tamis-policy.toml: cannot read")
    );
}

#[test]
fn policy_is_send_and_sync() {
    fn assert_all<T: Send + Sync>() {}
    assert_all::<Policy>();
    assert_all::<PolicyError>();
}

#[test]
fn first_problem_in_the_file_is_the_one_reported() {
    // Sorted by key, `needed` (line 5) would come before `reason` (line 4).
    let text = "version = 1\nsensitive_roles = []\nsensitive_needs_care_team = true\n\
                [social_follow_up.patient]\nreason = \"\"\nneeded = [\"poids\"]\n\
                [administrative.patiente]\n";
    let e = error(text);
    assert!(matches!(e.kind, PolicyErrorKind::EmptyText { .. }), "{e}");
    assert_eq!(
        (e.position.line(), e.position.column()),
        (Some(5), Some(10))
    );
}

#[test]
fn note_on_an_unknown_category_is_located() {
    let (text, line) = broken(
        "[prevention.medico_social_staff.notes]\nbody_measure",
        "[prevention.medico_social_staff.notes]\npoids",
    );
    let e = error(&text);
    assert!(matches!(e.kind, PolicyErrorKind::UnknownCategory(_)), "{e}");
    assert_eq!(
        (e.position.line(), e.position.column()),
        (Some(line + 1), Some(1))
    );
}

#[test]
fn the_remove_everything_policy_needs_nothing_anywhere() {
    let p = Policy::from_toml("tout.toml", &Policy::remove_everything_toml()).unwrap();
    for &purpose in Purpose::ALL {
        for &role in Role::ALL {
            assert!(p.needed(purpose, role).is_empty(), "{purpose}.{role}");
        }
    }
}
