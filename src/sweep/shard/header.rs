//! A shard's header: what the merge needs to check that shards make one sweep and to
//! print that sweep's output.

use std::ops::Range;

use super::bytes::{Dec, Enc};
use super::{ShardSpec, SweepFlags};
use crate::error::Result;
use crate::scenario::Scenario;
use crate::space::Domain;
use crate::sweep::{Grid, SweepOptions};

/// This build's crate version, written into every shard.
pub(super) const CRATE_VERSION: &str = env!("CARGO_PKG_VERSION");

/// Everything about a shard but its samples: the sweep it belongs to (crate version,
/// scenario content, seed, samples, flags), which part of it the shard is, and the
/// scenario itself in its canonical file form, so that `merge` needs no scenario file.
#[derive(Debug, Clone, PartialEq)]
pub struct ShardHeader {
    /// The version of detente that wrote the shard.
    pub crate_version: String,
    /// The scenario's [content hash](Scenario::content_hash).
    pub scenario_hash: u64,
    /// The sweep's seed.
    pub seed: u64,
    /// Draws per grid value (`--samples`).
    pub samples: u64,
    /// The flags that define the samples.
    pub flags: SweepFlags,
    /// Which shard.
    pub shard: ShardSpec,
    /// The global sample indices the shard holds.
    pub range: Range<u64>,
    /// Samples of the whole sweep.
    pub total: u64,
    /// Where the scenario was read from (for messages; not part of its content).
    pub source: String,
    /// The scenario as [`Scenario::to_json`] writes it; its FNV-1a 64 is `scenario_hash`.
    pub scenario_json: String,
}

impl ShardHeader {
    /// The header of shard `shard` of the sweep of `options` run with the concept
    /// called `concept` on `scenario`.
    ///
    /// # Errors
    /// As [`SweepOptions::plan`]; as [`Scenario::to_json`] for a scenario with no file
    /// form (a custom effect), which cannot be sharded.
    pub fn new(
        scenario: &Scenario,
        concept: &str,
        options: &SweepOptions,
        shard: ShardSpec,
    ) -> Result<Self> {
        let flags = SweepFlags::new(scenario, concept, options)?;
        let scenario_json = scenario.to_json()?;
        let total = options.total();
        Ok(ShardHeader {
            crate_version: CRATE_VERSION.to_string(),
            scenario_hash: crate::scenario::fnv1a64(scenario_json.as_bytes()),
            seed: options.seed,
            samples: options.samples,
            flags,
            shard,
            range: shard.range(total),
            total,
            source: scenario.source().to_string(),
            scenario_json,
        })
    }

    /// What makes `self` another sweep than `other` (crate version, scenario
    /// content, seed, samples or flags), in words, `seed 8, not 7`; `None` when they
    /// are one sweep. Shards and ranges are not compared.
    pub fn differs_from(&self, other: &ShardHeader) -> Option<String> {
        if self.crate_version != other.crate_version {
            return Some(format!(
                "detente {}, not {}",
                self.crate_version, other.crate_version
            ));
        }
        if self.scenario_hash != other.scenario_hash {
            return Some(format!(
                "scenario content hash {:016x}, not {:016x}",
                self.scenario_hash, other.scenario_hash
            ));
        }
        if self.seed != other.seed {
            return Some(format!("seed {}, not {}", self.seed, other.seed));
        }
        if self.samples != other.samples {
            return Some(format!("--samples {}, not {}", self.samples, other.samples));
        }
        let (a, b) = (self.flags.to_string(), other.flags.to_string());
        (a != b).then(|| format!("flags {a}, not {b}"))
    }

    /// The scenario, read back from its canonical form.
    ///
    /// # Errors
    /// As [`Scenario::from_json`] (only for a damaged header: the text was written by
    /// [`Scenario::to_json`]).
    pub fn scenario(&self) -> Result<Scenario> {
        Scenario::from_json(&self.scenario_json, &self.source)
    }

    /// The sweep's options (with default search limits and preparation). A concept that is not one of
    /// the built-in names (a library user's own) reads as
    /// [`Concept::Nash`](crate::Concept::Nash); its name stays in
    /// [`SweepFlags::concept`].
    pub fn options(&self) -> SweepOptions {
        SweepOptions {
            samples: self.samples,
            seed: self.seed,
            concept: self.flags.concept.parse().unwrap_or(crate::Concept::Nash),
            vary: self.flags.vary.clone(),
            weight_noise: self.flags.weight_noise,
            settings: self.flags.settings.clone(),
            search: crate::SearchOptions::default(),
            preparation: super::super::Prepare::Auto,
        }
    }

    pub(super) fn encode(&self, layout: &Layout) -> Vec<u8> {
        let mut e = Enc::default();
        e.str(&self.crate_version);
        e.u64(self.scenario_hash);
        e.u64(self.seed);
        e.u64(self.samples);
        e.str(&self.flags.concept);
        e.u8(u8::from(self.flags.vary.is_some()));
        if let Some(g) = &self.flags.vary {
            e.str(&g.id);
            e.f64(g.lo);
            e.f64(g.hi);
            e.u64(g.steps as u64);
        }
        e.opt_f64(self.flags.weight_noise);
        e.u32(self.flags.settings.len() as u32);
        for (id, v) in &self.flags.settings {
            e.str(id);
            e.f64(*v);
        }
        e.u32(self.shard.index());
        e.u32(self.shard.count());
        e.u64(self.range.start);
        e.u64(self.range.end);
        e.u64(self.total);
        e.u32(layout.leverage as u32);
        e.u32(layout.kinds.len() as u32);
        e.u32(layout.actors as u32);
        e.u32(layout.record_size() as u32);
        e.str(&self.source);
        e.str(&self.scenario_json);
        e.0
    }

    /// The header and the record layout it declares; `None` when the bytes do not read.
    pub(super) fn decode(bytes: &[u8]) -> Option<(ShardHeader, [u32; 4])> {
        let mut d = Dec::new(bytes);
        let crate_version = d.str()?;
        let (scenario_hash, seed, samples) = (d.u64()?, d.u64()?, d.u64()?);
        let concept = d.str()?;
        let vary = if d.flag()? {
            let id = d.str()?;
            let (lo, hi) = (d.f64()?, d.f64()?);
            let steps = usize::try_from(d.u64()?).ok()?;
            Some(Grid { id, lo, hi, steps })
        } else {
            None
        };
        let weight_noise = d.opt_f64()?;
        let settings = (0..d.u32()?)
            .map(|_| Some((d.str()?, d.f64()?)))
            .collect::<Option<Vec<_>>>()?;
        let shard = ShardSpec::new(d.u32()?, d.u32()?).ok()?;
        let range = d.u64()?..d.u64()?;
        let total = d.u64()?;
        let shape = [d.u32()?, d.u32()?, d.u32()?, d.u32()?];
        let (source, scenario_json) = (d.str()?, d.str()?);
        let flags = SweepFlags {
            concept,
            vary,
            weight_noise,
            settings,
        };
        let header = ShardHeader {
            crate_version,
            scenario_hash,
            seed,
            samples,
            flags,
            shard,
            range,
            total,
            source,
            scenario_json,
        };
        d.is_empty().then_some((header, shape))
    }
}

/// One issue's field in a record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    /// A discrete issue with this many options: the option index as u16 (the
    /// scenario limit of 10,000 options fits).
    Discrete(usize),
    /// A continuous issue: the value as f64.
    Continuous,
}

/// The shape of one sample's record, from the scenario.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Layout {
    pub leverage: usize,
    pub kinds: Vec<Kind>,
    pub actors: usize,
}

impl Layout {
    pub fn new(scenario: &Scenario) -> Self {
        let kinds = scenario
            .issues()
            .iter()
            .map(|i| match i.domain() {
                Domain::Discrete { options } => Kind::Discrete(options.len()),
                Domain::Continuous { .. } => Kind::Continuous,
            })
            .collect();
        Layout {
            leverage: scenario.leverage().len(),
            kinds,
            actors: scenario.actors().len(),
        }
    }

    /// Bytes per record: levels, the deal flag, the outcome, utilities and gains.
    pub fn record_size(&self) -> usize {
        let outcome: usize = self
            .kinds
            .iter()
            .map(|k| match k {
                Kind::Discrete(_) => 2,
                Kind::Continuous => 8,
            })
            .sum();
        8 * self.leverage + 1 + outcome + 16 * self.actors
    }

    /// The shape a header declares for this layout.
    pub fn shape(&self) -> [u32; 4] {
        [
            self.leverage as u32,
            self.kinds.len() as u32,
            self.actors as u32,
            self.record_size() as u32,
        ]
    }
}
