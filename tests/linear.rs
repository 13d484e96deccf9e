//! Linear time end to end, asserted by counting work, never by timing: the stages after the
//! scanner count what they walk (`tamis::work`), and the whole of `Pipeline::redact` — check,
//! decisions, the rewrite, the copy read and checked again — on a register of 100,000 findings
//! must cost about twice what half of it costs. A step that compares every finding with every
//! identity (the old linking) or every removed value with the whole text (the old copy check)
//! makes the count quadruple instead.

use tamis::context::Context;
use tamis::pipeline::Pipeline;
use tamis::report::{Values, Verdict};

use crate::letters;

/// Work units and findings of a redaction of `lines` register lines for three recipients
/// (`one_line`: the register without its line breaks, as a text with none would come).
fn redact(pipeline: &Pipeline, lines: usize, one_line: bool) -> (u64, usize) {
    let mut text = letters::register(lines);
    if one_line {
        text = text.replace('\n', " ");
    }
    redact_bytes(pipeline, text.as_bytes(), "registre.txt")
}

/// `text` as an RTF document: lines ended by `\par`, accents as `\'hh` (Windows-1252) or
/// `\uN?`, every tenth line in a bold group.
fn rtf(text: &str) -> Vec<u8> {
    let mut out = String::from("{\\rtf1\\ansi\\ansicpg1252\\uc1\\deff0{\\fonttbl{\\f0 Arial;}}\n");
    for (k, line) in text.lines().enumerate() {
        if k % 10 == 0 {
            out.push_str("{\\b ");
        }
        for c in line.chars() {
            match c {
                '\\' | '{' | '}' => {
                    out.push('\\');
                    out.push(c);
                }
                c if c.is_ascii() => out.push(c),
                c => match encoding_rs::WINDOWS_1252.encode(&c.to_string()).0.as_ref() {
                    [b] if *b >= 0x80 => out.push_str(&format!("\\'{b:02x}")),
                    _ => out.push_str(&format!("\\u{}?", c as u32 as i16)),
                },
            }
        }
        if k % 10 == 0 {
            out.push('}');
        }
        out.push_str("\\par\n");
    }
    out.push('}');
    out.into_bytes()
}

/// Work units and findings of the redaction of `bytes` named `name`.
fn redact_bytes(pipeline: &Pipeline, bytes: &[u8], name: &str) -> (u64, usize) {
    let context = Context {
        purpose: Some("medico_social_follow_up".into()),
        to: vec![
            "planning@saad-les-rochers.mssante.fr".into(),
            "equipe.apa@departement-exemple.mssante.fr".into(),
            "antoine.bernard@medecin.mssante.fr".into(),
        ],
        care_team: true,
        ..Context::default()
    };
    tamis::work::reset();
    let done = pipeline
        .redact(bytes, Some(name), &context, Values::None)
        .expect("the register is minimised");
    assert_eq!(done.report.verdict, Verdict::Minimise);
    (tamis::work::units(), done.report.findings.len())
}

#[test]
fn the_pipeline_costs_what_its_input_size_says() {
    let pipeline = letters::pipeline();
    let (half, n_half) = redact(&pipeline, 9_000, false);
    let (whole, n_whole) = redact(&pipeline, 18_000, false);
    assert!(n_whole >= 100_000, "only {n_whole} findings");
    assert!(n_half * 2 == n_whole, "{n_half} then {n_whole} findings");
    let ratio = whole as f64 / half as f64;
    eprintln!("work: {half} units for {n_half} findings, {whole} for {n_whole} (×{ratio:.2})");
    assert!(
        ratio < 2.3,
        "twice the input cost ×{ratio:.2} the work: a step is not linear"
    );
    // And each finding costs a bounded amount of work: a few hundred units (the bytes scanned
    // twice, the stretch of its line read on either side, up to 2 × 240), not thousands.
    assert!(
        whole / (n_whole as u64) < 1_000,
        "{whole} units for {n_whole} findings"
    );
}

/// The same on one long line: what looks at a finding's line (whose it is, its cues) looks at a
/// bounded stretch of it, not at everything before it on the line.
#[test]
fn a_text_without_line_breaks_costs_its_size_too() {
    let pipeline = letters::pipeline();
    let (half, n_half) = redact(&pipeline, 2_000, true);
    let (whole, n_whole) = redact(&pipeline, 4_000, true);
    let ratio = whole as f64 / half as f64;
    eprintln!("one line: {half} units for {n_half} findings, {whole} for {n_whole} (×{ratio:.2})");
    assert!(n_whole > n_half * 3 / 2, "{n_half} then {n_whole} findings");
    assert!(ratio < 2.3, "twice the line cost ×{ratio:.2} the work");
}

/// The register as an RTF letter: the tokenizer, the runs of `\'hh` escapes and the cuts in
/// the copy cost what the input's size says.
#[test]
fn an_rtf_register_costs_its_size_too() {
    let pipeline = letters::pipeline();
    let half_doc = rtf(&letters::register(3_000));
    let whole_doc = rtf(&letters::register(6_000));
    let (half, n_half) = redact_bytes(&pipeline, &half_doc, "registre.rtf");
    let (whole, n_whole) = redact_bytes(&pipeline, &whole_doc, "registre.rtf");
    let ratio = whole as f64 / half as f64;
    eprintln!("rtf: {half} units for {n_half} findings, {whole} for {n_whole} (×{ratio:.2})");
    assert!(
        n_half > 10_000 && n_half * 2 == n_whole,
        "{n_half} then {n_whole} findings"
    );
    assert!(ratio < 2.3, "twice the RTF cost ×{ratio:.2} the work");
}

/// Notes cut into sections (issue 13 §6): thousands of headings, each section's findings
/// given its kind, half of the sections emptied in the copy — the sentences of each read
/// once, the kept values of its part indexed once — cost what the input's size says.
#[test]
fn a_letter_cut_into_sections_costs_its_size_too() {
    fn notes(n: usize) -> String {
        let mut out = String::new();
        for i in 0..n {
            out.push_str(&format!(
                "Transmission n° {i}\n\nAntécédents :\n- Diabète de type 2.\n- Insuffisance cardiaque, suivie au CMP.\n\nExamen clinique :\nPoids 64 kg. Escarre talon droit.\n\nTraitement en cours :\nKardegic 75 mg, furosémide 40 mg.\n\nMode de vie :\nVit seule, GIR 2, APA à domicile.\n\n"
            ));
        }
        out
    }
    let pipeline = letters::pipeline();
    let (half, n_half) = redact_bytes(&pipeline, notes(2_000).as_bytes(), "notes.txt");
    let (whole, n_whole) = redact_bytes(&pipeline, notes(4_000).as_bytes(), "notes.txt");
    let ratio = whole as f64 / half as f64;
    eprintln!("sections: {half} units for {n_half} findings, {whole} for {n_whole} (×{ratio:.2})");
    assert!(
        n_half > 10_000 && n_half * 2 == n_whole,
        "{n_half} then {n_whole} findings"
    );
    assert!(ratio < 2.3, "twice the sections cost ×{ratio:.2} the work");
}
