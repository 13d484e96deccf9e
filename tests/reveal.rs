//! What a kept word gives away (issue 13 §7): through the command line, a letter to a home-help
//! service, which may know the drugs it helps with but not the diagnosis — the anti-Alzheimer
//! drug and the Alzheimer unit would tell it, so they go with the diagnosis, with a reason the
//! sender can read; an ordinary drug stays.

use crate::wire::scan_json_with;
use std::path::Path;

#[test]
fn a_kept_drug_or_unit_that_reveals_the_removed_diagnosis_goes_too() {
    let (_, r) = scan_json_with(
        Path::new("tests/data/reveal/saad_alzheimer.txt"),
        &[
            "--purpose",
            "medico_social_follow_up",
            "--to",
            "planning@saad-les-rochers.mssante.fr",
            "--care-team",
            "--directory",
            "corpus/directory/annuaire.csv",
            "--annuaire",
            "corpus/directory/extract_mssante.txt",
        ],
    );
    let action = |cat: &str, text: &str| {
        r.findings
            .iter()
            .find(|f| f.category == cat && f.text.as_deref().is_some_and(|t| t.contains(text)))
            .and_then(|f| f.action.clone())
            .unwrap_or_else(|| panic!("no {cat} « {text} »"))
    };
    assert_eq!(action("diagnosis", "Alzheimer"), "remove");
    assert_eq!(
        action("medication", "Aricept"),
        "remove",
        "reveals the diagnosis"
    );
    assert_eq!(
        action("care_setting", "unité Alzheimer"),
        "remove",
        "reveals it too"
    );
    assert_eq!(
        action("medication", "Kardegic"),
        "keep",
        "says nothing of it"
    );
    assert!(
        r.reasons.iter().any(
            |x| x.rule == tamis::decide::Rule::RevealsRemovedDiagnosis.id()
                && x.message.contains("révèle le diagnostic retiré")
        ),
        "{:?}",
        r.reasons
    );
}
