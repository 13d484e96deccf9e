//! The shipped policy file on disk: it is the one embedded in the binary, and a copy a structure
//! edits is refused with the file name and the line of the mistake.

use std::path::{Path, PathBuf};
use tamis::Category;
use tamis::policy::{Policy, PolicyErrorKind, Purpose, Role};

fn shipped_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("policy/default.toml")
}

#[test]
fn policy_file_on_disk_is_the_embedded_default() {
    let on_disk = Policy::load(&shipped_path()).expect("policy/default.toml loads");
    assert_eq!(on_disk, Policy::default());
    // A cell a user relies on: the home-help service does not get the diagnosis.
    assert!(!on_disk.is_needed(
        Purpose::MedicoSocialFollowUp,
        Role::MedicoSocialStaff,
        Category::Diagnosis
    ));
}

#[test]
fn edited_copy_with_a_misspelt_category_is_refused_at_its_line() {
    let text = std::fs::read_to_string(shipped_path()).unwrap();
    // A structure adds "poids" (French for weight) to the home-help cell of the follow-up.
    let cell = "[medico_social_follow_up.medico_social_staff]\nneeded = [\n";
    let at = text.find(cell).expect("the cell is in the shipped file") + cell.len();
    let edited = format!("{}  \"poids\",\n{}", &text[..at], &text[at..]);
    let line = text[..at].matches('\n').count() + 1;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ma-politique.toml");
    std::fs::write(&path, edited).unwrap();
    let e = Policy::load(&path).unwrap_err();

    assert!(matches!(e.kind, PolicyErrorKind::UnknownCategory(_)), "{e}");
    assert_eq!(
        (e.position.line(), e.position.column()),
        (Some(line), Some(3))
    );
    let shown = e.to_string();
    assert!(
        shown.starts_with(&format!("{}:{line}:3: unknown category", path.display())),
        "{shown}"
    );
    assert!(
        shown.contains("body_measure"),
        "the message lists the known names: {shown}"
    );
}
