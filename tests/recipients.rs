//! The recipients directory on the fictional sample files of `corpus/directory/`: what a sender
//! needs to know about a recipient (qualified? trusted channel? same structure?).

use std::path::Path;
use tamis::recipients::{Directory, MailboxKind, RecipientRole, same_structure};

fn directory() -> Directory {
    let mut d = Directory::new();
    let n = d
        .load_extract(Path::new("corpus/directory/extract_mssante.txt"))
        .expect("the sample extract loads");
    assert_eq!(n, 13, "every line of the sample extract is a mailbox");
    let n = d
        .load_csv(Path::new("corpus/directory/annuaire.csv"))
        .expect("the sample directory loads");
    assert_eq!(n, 15);
    d
}

#[test]
fn a_pharmacists_mssante_mailbox_is_a_trusted_health_professional() {
    let r = directory().resolve("claire.lefevre@pharmacien.mssante.fr");
    assert!(r.known && r.trusted);
    assert_eq!(r.role, RecipientRole::HealthProfessional);
    assert_eq!(r.kind, MailboxKind::Nominative);
}

#[test]
fn every_profession_of_the_extract_gets_its_role() {
    let d = directory();
    let role = |a: &str| d.resolve(a).role;
    for a in [
        "antoine.bernard@medecin.mssante.fr",
        "louise.garnier@ch-exemple.mssante.fr",
        "ines.morel@ch-exemple.mssante.fr",
        "paul.girard@infirmier.mssante.fr",
        "julie.fontaine@kine-exemple.mssante.fr",
        "cardiologie@ch-exemple.mssante.fr",
    ] {
        assert_eq!(role(a), RecipientRole::HealthProfessional, "{a}");
    }
    assert_eq!(
        role("marc.rolland@psy-exemple.mssante.fr"),
        RecipientRole::PsyTitled
    );
    assert_eq!(
        role("sophie.caron@ccas-exemple.mssante.fr"),
        RecipientRole::SocialWorker
    );
}

#[test]
fn a_saad_organisational_mailbox_is_medico_social_staff() {
    let r = directory().resolve("planning@saad-les-rochers.mssante.fr");
    assert_eq!(r.role, RecipientRole::MedicoSocialStaff);
    assert_eq!(r.kind, MailboxKind::Organisational);
    assert!(r.trusted);
    let dui = directory().resolve("dui@ehpad-saint-michel.mssante.fr");
    assert_eq!(
        (dui.role, dui.kind),
        (RecipientRole::MedicoSocialStaff, MailboxKind::Applicative)
    );
}

#[test]
fn a_gmail_address_is_unknown_and_untrusted() {
    let d = directory();
    let listed = d.resolve("famille.dupuis@gmail.com");
    assert!(listed.known);
    assert_eq!(
        (listed.role, listed.trusted),
        (RecipientRole::Unknown, false)
    );
    let unlisted = d.resolve("quelquun@gmail.com");
    assert!(!unlisted.known);
    assert_eq!(
        (unlisted.role, unlisted.trusted),
        (RecipientRole::Unknown, false)
    );
}

#[test]
fn a_patient_mailbox_with_a_valid_ins_is_the_patient() {
    let d = directory();
    // 1 85 05 78 006 084 91: a synthetic NIR with a valid key (FORMATS.md §1.1), not listed.
    let r = d.resolve("185057800608491@patient.mssante.fr");
    assert_eq!(
        (r.role, r.kind),
        (RecipientRole::Patient, MailboxKind::Patient)
    );
    assert!(r.trusted && !r.known && !r.invalid_patient_ins);
    let wrong_key = d.resolve("185057800608490@patient.mssante.fr");
    assert_eq!(wrong_key.role, RecipientRole::Unknown);
    assert!(wrong_key.invalid_patient_ins);
    let listed = d.resolve("295109912611193@Patient.MSSante.fr");
    assert!(listed.known);
    assert_eq!(listed.role, RecipientRole::Patient);
}

#[test]
fn an_unlisted_mssante_mailbox_is_trusted_but_not_qualified() {
    let r = directory().resolve("inconnu@ch-exemple.mssante.fr");
    assert!(r.trusted && !r.known);
    assert_eq!(r.role, RecipientRole::Unknown);
}

#[test]
fn the_local_directory_wins_and_its_trust_overrides_the_domain_rule() {
    let d = directory();
    let dac = d.resolve("coordination@dac-exemple.mssante.fr");
    assert_eq!(dac.role, RecipientRole::CoordinationStaff);
    assert_eq!(dac.structure.as_deref(), Some("DAC des Landes"));
    assert!(d.resolve("standard@hopital-exemple.fr").trusted);
    let mjpm = d.resolve("tutelles.exemple@orange.fr");
    assert_eq!(
        (mjpm.role, mjpm.trusted),
        (RecipientRole::LegalProtection, false)
    );
    let roux = d.resolve("Dr.Roux@cabinet-roux.mssante.fr");
    assert_eq!(roux.structure.as_deref(), Some("Cabinet médical Roux, Dax"));
    assert!(!d.resolve("dr.roux@cabinet-roux.mssante.fr").known);
}

#[test]
fn care_team_by_structure_across_both_sources() {
    let d = directory();
    let r = |a: &str| d.resolve(a);
    // Same FINESS in the extract (organisational and applicative mailboxes of one EHPAD).
    assert!(same_structure(
        &r("infirmerie@ehpad-saint-michel.mssante.fr"),
        &r("dui@ehpad-saint-michel.mssante.fr")
    ));
    // Same SIRET between the local file and the extract.
    assert!(same_structure(
        &r("ass.sociale@ccas-exemple.mssante.fr"),
        &r("sophie.caron@ccas-exemple.mssante.fr")
    ));
    // Same hospital by FINESS; an unlisted address of the ward's own domain by the
    // organisational mailbox.
    assert!(same_structure(
        &r("secretariat.medical@ch-exemple.mssante.fr"),
        &r("cardiologie@ch-exemple.mssante.fr")
    ));
    assert!(same_structure(
        &r("cardiologie@ch-exemple.mssante.fr"),
        &r("nouvelle.ide@ch-exemple.mssante.fr")
    ));
    // Independent professionals on a shared operator domain, and different structures.
    assert!(!same_structure(
        &r("antoine.bernard@medecin.mssante.fr"),
        &r("autre.medecin@medecin.mssante.fr")
    ));
    assert!(!same_structure(
        &r("claire.lefevre@pharmacien.mssante.fr"),
        &r("planning@saad-les-rochers.mssante.fr")
    ));
}

/// A long random local part that cannot occur in a message by chance.
const MARK: &str = "zq7personne";

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig {
        cases: 300,
        failure_persistence: None,
        ..Default::default()
    })]

    /// Whatever the files hold, loading never panics and an error never repeats an address.
    #[test]
    fn loading_any_text_never_panics_nor_echoes_an_address(
        body in "[a-z0-9@.,|\"#\r\n _-]{0,200}",
        cut in 0usize..40,
    ) {
        let address = format!("{MARK}@x.mssante.fr");
        let csv = format!("address,role,structure,trusted\n{body}{address},{body}\n");
        let fields = vec![address.as_str(); cut].join("|");
        for (name, result) in [
            ("csv", Directory::new().add_csv("d.csv", &csv)),
            ("extract", Directory::new().add_extract("x.txt", &format!("{fields}\n{body}"))),
        ] {
            if let Err(e) = result {
                proptest::prop_assert!(!e.to_string().contains(MARK), "{name}: {e}");
            }
        }
        let debug = format!("{:?}", Directory::new().resolve(&format!("{body}{address}")));
        proptest::prop_assert!(!debug.contains(MARK), "resolve Debug");
    }
}
