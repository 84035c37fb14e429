//! The study on one scenario file, as data: every claim at the first seed, the
//! verdicts at every seed, and each claim's robustness to the judged numbers. The
//! text report, the SVGs and the test all read this.

use std::path::Path;

use crate::experiments::{Claim, Config, Res, Study};
use crate::ranges::Judged;
use crate::robust::{self, Effort, Robustness};
use crate::stats::Verdict;

/// The whole study on one file.
pub struct StudyResult {
    /// The scenario's name.
    pub name: String,
    /// Every claim (at the first seed), in the README's order.
    pub claims: Vec<Claim>,
    /// The seeds run.
    pub seeds: Vec<u64>,
    /// `[claim][seed]`: each claim's verdict at each seed.
    pub verdicts: Vec<Vec<Verdict>>,
    /// Each claim's robustness (`None`: no exact probe, the protocol claim).
    pub robustness: Vec<Option<Robustness>>,
    /// How many judged numbers the scenario has (each with a stated range).
    pub judged: usize,
    /// Wall time of the Monte Carlo experiments (all seeds) and of the robustness
    /// checks, in seconds.
    pub seconds: (f64, f64),
}

impl StudyResult {
    /// Whether claim `c`'s verdict is the same at every seed.
    pub fn seeds_agree(&self, c: usize) -> bool {
        self.verdicts[c].windows(2).all(|w| w[0] == w[1])
    }
}

/// Run the study on `path` at each of `seeds` (the first one's claims are kept),
/// then the robustness checks.
///
/// # Errors
/// An unreadable scenario, a failed sweep or solve.
pub fn run(path: &Path, config: Config, seeds: &[u64], effort: Effort) -> Res<StudyResult> {
    let start = std::time::Instant::now();
    let mut claims = Vec::new();
    let mut verdicts: Vec<Vec<Verdict>> = Vec::new();
    for (s, &seed) in seeds.iter().enumerate() {
        let study = Study::load(path, Config { seed, ..config })?;
        let run = study.run_all()?;
        verdicts.resize(run.len(), Vec::new());
        for (row, c) in verdicts.iter_mut().zip(&run) {
            row.push(c.verdict);
        }
        if s == 0 {
            claims = run;
        }
    }
    let monte_carlo = start.elapsed().as_secs_f64();
    let study = Study::load(path, config)?;
    let judged = Judged::of(&study.scenario)?;
    let robustness = study
        .probes()?
        .iter()
        .map(|p| {
            p.as_ref()
                .map(|p| robust::check(p, &judged, effort))
                .transpose()
        })
        .collect::<Res<Vec<_>>>()?;
    Ok(StudyResult {
        name: study.scenario.name().to_string(),
        claims,
        seeds: seeds.to_vec(),
        verdicts,
        robustness,
        judged: judged.params.len(),
        seconds: (monte_carlo, start.elapsed().as_secs_f64() - monte_carlo),
    })
}
