//! Any bytes through the whole redaction path, as `tamis redact` runs it: check (extract, scan,
//! decide), then minimise — every format's redactor, then the post-condition (the copy is read
//! and scanned again). The policy removes everything: no cell needs any category, and the one
//! recipient is a trusted health professional of the care team, so nothing is blocked and every
//! finding is a value to remove. Errors are fine (redaction fails closed); panics, hangs past
//! the limits and running out of memory are bugs.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tamis::context::Context;
use tamis::decide::Setup;
use tamis::pipeline::Pipeline;
use tamis::policy::Policy;
use tamis::recipients::Directory;
use tamis::report::Values;

const RECIPIENT: &str = "medecin@fuzz.mssante.fr";

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let mut directory = Directory::new();
        directory
            .add_csv(
                "fuzz.csv",
                &format!("address,role,structure,trusted\n{RECIPIENT},health_professional,,true\n"),
            )
            .expect("the fuzz directory parses");
        let mut p = Pipeline::new(Setup {
            policy: Policy::from_toml("fuzz.toml", &Policy::remove_everything_toml())
                .expect("the remove-everything policy parses"),
            directory,
        })
        .expect("builtin engine");
        p.limits = common::limits();
        p
    })
}

fuzz_target!(|data: &[u8]| {
    let context = Context {
        purpose: Some("care_coordination".into()),
        to: vec![RECIPIENT.into()],
        care_team: true,
        ..Context::default()
    };
    let _ = pipeline().redact(data, None, &context, Values::Clear);
});
