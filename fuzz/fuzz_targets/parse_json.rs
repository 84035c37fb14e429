//! Any text read as a JSON scenario: an error or a scenario, never a panic; a scenario
//! written back (JSON and TOML) reads as an equal scenario.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(scenario) = detente::Scenario::from_json(text, "fuzz.json") {
        detente_fuzz::assert_round_trip(&scenario);
    }
});
