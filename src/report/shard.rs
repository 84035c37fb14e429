//! What `detente sweep --shard K/N` prints: which part of which sweep it wrote.

use std::fmt::Write;

use serde::Serialize;

use super::sweep::hash_hex;
use crate::scenario::Scenario;
use crate::sweep::Shard;

/// The object `detente sweep --shard K/N --out-shard F --json` prints: the sweep's
/// name, concept, samples and seed, its provenance (`crate_version`,
/// `scenario_hash`), the whole sweep's `total_samples`, and the shard: `shard`
/// (`"K/N"`), its samples `first_sample` to `end_sample` (excluded), and the `file`.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// use detente::report::ShardOutput;
/// use detente::sweep::{self, ShardSpec, SweepOptions};
/// let scenario = detente::Scenario::from_json(r#"{"name": "pie",
///   "issues": [{"id": "x", "range": [0, 1]}],
///   "actors": [{"id": "a", "weights": {"x": 1}, "values": {"x": {"points": [[0, 0], [1, 1]]}}},
///              {"id": "b", "weights": {"x": 1}, "values": {"x": {"points": [[0, 1], [1, 0]]}}}]}"#,
///   "pie.json")?;
/// let options = SweepOptions { samples: 10, seed: 3, ..SweepOptions::default() };
/// let shard = sweep::run_shard(&scenario, &options, ShardSpec::new(2, 2)?)?;
/// let out = serde_json::to_value(ShardOutput::new(&scenario, &shard, "pie.2.shard"))?;
/// assert_eq!(out["shard"], "2/2");
/// assert_eq!((out["first_sample"].as_u64(), out["end_sample"].as_u64()), (Some(5), Some(10)));
/// assert_eq!(out["scenario_hash"], format!("{:016x}", scenario.content_hash()?));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Serialize)]
pub struct ShardOutput<'a> {
    scenario: &'a str,
    concept: &'a str,
    samples: u64,
    seed: u64,
    crate_version: &'a str,
    scenario_hash: String,
    total_samples: u64,
    shard: String,
    first_sample: u64,
    end_sample: u64,
    file: &'a str,
}

impl<'a> ShardOutput<'a> {
    /// The record of `shard` of a sweep on `scenario`, written to `file`.
    pub fn new(scenario: &'a Scenario, shard: &'a Shard, file: &'a str) -> Self {
        let h = shard.header();
        ShardOutput {
            scenario: scenario.name(),
            concept: &h.flags.concept,
            samples: h.samples,
            seed: h.seed,
            crate_version: &h.crate_version,
            scenario_hash: hash_hex(h.scenario_hash),
            total_samples: h.total,
            shard: h.shard.to_string(),
            first_sample: h.range.start,
            end_sample: h.range.end,
            file,
        }
    }

    /// The lines `detente sweep --shard K/N` prints without `--json`.
    pub fn text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(
            s,
            "{} — {} sweep, shard {}: samples {} to {} of {}, seed {}",
            self.scenario,
            self.concept,
            self.shard,
            self.first_sample,
            self.end_sample.saturating_sub(1),
            self.total_samples,
            self.seed
        );
        let _ = writeln!(
            s,
            "detente {}, scenario hash {}",
            self.crate_version, self.scenario_hash
        );
        let _ = writeln!(s, "written to {}", self.file);
        s
    }
}
