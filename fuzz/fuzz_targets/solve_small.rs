//! Every solver on a small scenario, under a budget: errors are fine, a panic or a
//! broken axiom (NaN, individual rationality, optimality against the traced frontier)
//! is a finding.
//!
//! Input that starts with `{` is read as a scenario file (the seed corpus holds the
//! crate's example files); anything else drives [`detente_fuzz::generate`], which
//! builds a small valid scenario from the bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let scenario = if data.first() == Some(&b'{') {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        match detente::Scenario::from_json(text, "fuzz.json") {
            Ok(s) => s,
            Err(_) => return,
        }
    } else {
        let mut u = arbitrary::Unstructured::new(data);
        let Ok(json) = detente_fuzz::generate(&mut u) else {
            return;
        };
        // To see the scenario of a crash: DETENTE_FUZZ_SHOW=1 cargo fuzz run solve_small FILE
        if std::env::var_os("DETENTE_FUZZ_SHOW").is_some() {
            eprintln!("{json}");
        }
        match detente::Scenario::from_json(&json, "generated.json") {
            Ok(s) => s,
            // The generator writes only valid scenarios.
            Err(e) => panic!("generated scenario refused: {e}\n{json}"),
        }
    };
    if detente_fuzz::is_small(&scenario) {
        detente_fuzz::solve_everything(&scenario, data.last().copied().unwrap_or(0));
    }
});
