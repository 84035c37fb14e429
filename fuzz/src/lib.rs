//! Shared code of the fuzz targets: the round-trip assertion of the readers, the
//! scenario generator of `solve_small` and the axioms its answers must satisfy.

mod axioms;
mod generate;

pub use axioms::{is_small, solve_everything};
pub use generate::generate;

use detente::Scenario;

/// A scenario written back as JSON and as TOML reads as an equal scenario, and writing
/// it again gives the same text.
pub fn assert_round_trip(scenario: &Scenario) {
    let json = scenario
        .to_json()
        .expect("a scenario read from text has a file form");
    let back = Scenario::from_json(&json, "written.json")
        .unwrap_or_else(|e| panic!("written JSON does not read back: {e}\n{json}"));
    assert_eq!(
        &back, scenario,
        "the JSON round trip changed the scenario:\n{json}"
    );
    let again = back.to_json().expect("the copy has a file form");
    assert_eq!(again, json, "writing the copy gives other JSON");

    let toml = scenario
        .to_toml()
        .expect("a scenario read from text has a file form");
    let back = Scenario::from_toml(&toml, "written.toml")
        .unwrap_or_else(|e| panic!("written TOML does not read back: {e}\n{toml}"));
    assert_eq!(
        &back, scenario,
        "the TOML round trip changed the scenario:\n{toml}"
    );
}
