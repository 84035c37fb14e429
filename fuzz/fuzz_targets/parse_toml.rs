//! Any text read as a TOML scenario: an error or a scenario, never a panic; a scenario
//! written back (TOML and JSON) reads as an equal scenario.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(scenario) = detente::Scenario::from_toml(text, "fuzz.toml") {
        detente_fuzz::assert_round_trip(&scenario);
    }
});
