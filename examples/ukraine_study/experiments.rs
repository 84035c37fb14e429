//! The experiments of the Ukraine study, one per claim of the background text.
//!
//! Shared by `examples/ukraine_study/main.rs` (which prints and plots them) and
//! `tests/study.rs` (which asserts their verdicts), through the public API only.

use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use detente::scenario::Family;
use detente::sweep::{self, Grid, Samples, Sweep, SweepOptions};
use detente::{Concept, Engine, LeverageDist, Scenario, Value};
use serde_json::Value as Json;

pub use crate::claim::{Claim, Panel, Plot, Series};

/// Errors of the study: the library's, JSON edits, a missing id.
pub type Res<T> = Result<T, Box<dyn std::error::Error>>;

/// How many draws each experiment makes, and with which seed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Draws per arm of the Nash (and other fast-concept) experiments.
    pub draws: u64,
    /// Draws per arm of the alternating-offers experiments (about 40 times slower).
    pub offers: u64,
    /// Seed of every sweep (the same in both arms: common random numbers).
    pub seed: u64,
    /// Dirichlet concentration of the weight noise (`None`: the stated weights).
    pub weight_noise: Option<f64>,
}

impl Config {
    /// The README's sizes.
    pub const FULL: Config = Config {
        draws: 1500,
        offers: 60,
        seed: 2025,
        weight_noise: None,
    };
    /// The CI smoke run (`--quick`).
    pub const QUICK: Config = Config {
        draws: 150,
        offers: 8,
        seed: 2025,
        weight_noise: None,
    };
}

/// Indices of the actors, issues and options the study reads.
pub(crate) struct Ids {
    pub(crate) russia: usize,
    pub(crate) ukraine: usize,
    pub(crate) us: usize,
    pub(crate) eu: usize,
    pub(crate) oblasts: usize,
    pub(crate) crimea: usize,
    pub(crate) nato: usize,
    pub(crate) army_cap: usize,
    pub(crate) peacekeepers: usize,
    pub(crate) resources: usize,
    pub(crate) sanctions: usize,
    pub(crate) member: usize,
    pub(crate) troops: [usize; 2],
    pub(crate) kursk: usize,
    pub(crate) swapped: usize,
    pub(crate) unresolved: usize,
    pub(crate) pk_none: usize,
    pub(crate) un_non_nato: usize,
}

impl Ids {
    fn new(s: &Scenario) -> Res<Self> {
        let actor = |id: &str| s.actor_index(id).ok_or(format!("no actor {id}"));
        let issue = |id: &str| s.issue_index(id).ok_or(format!("no issue {id}"));
        let option = |k: usize, label: &str| {
            s.issues()[k]
                .option_index(label)
                .ok_or(format!("no option {label}"))
        };
        let (nato, peacekeepers, crimea) =
            (issue("nato")?, issue("peacekeepers")?, issue("crimea")?);
        let kursk = issue("kursk")?;
        Ok(Ids {
            russia: actor("russia")?,
            ukraine: actor("ukraine")?,
            us: actor("us")?,
            eu: actor("eu")?,
            oblasts: issue("oblasts")?,
            crimea,
            nato,
            army_cap: issue("army_cap")?,
            peacekeepers,
            resources: issue("resources")?,
            sanctions: issue("sanctions_relief")?,
            member: option(nato, "member")?,
            troops: [
                option(peacekeepers, "european")?,
                option(peacekeepers, "european_us_backstop")?,
            ],
            kursk,
            swapped: option(kursk, "swapped")?,
            unresolved: option(crimea, "unresolved")?,
            pk_none: option(peacekeepers, "none")?,
            un_non_nato: option(peacekeepers, "un_non_nato")?,
        })
    }

    /// Whether an outcome crosses any of Russia's red lines at these leverage levels:
    /// NATO membership, foreign troops of any flag, and (gated on `kursk_held`) a swap
    /// of a Kursk foothold Ukraine has lost. Read through the library, so the count
    /// checks the solvers against every red line in the file, gated ones included.
    pub(crate) fn crosses_russia(&self, scenario: &Scenario, x: &[Value], levels: &[f64]) -> bool {
        scenario.actors()[self.russia].vetoes(x, levels)
    }
}

/// A per-sample quantity: `None` where it does not apply (terms without a deal).
pub(crate) type Metric<'a> = Box<dyn Fn(&Samples, usize) -> Option<f64> + 'a>;

pub(crate) fn utility<'a>(i: usize) -> Metric<'a> {
    Box::new(move |s, j| Some(s.utilities(j)[i]))
}

pub(crate) fn gain<'a>(i: usize) -> Metric<'a> {
    Box::new(move |s, j| Some(s.gains(j)[i]))
}

pub(crate) fn deal<'a>() -> Metric<'a> {
    Box::new(|s, j| Some(if s.deal(j) { 1.0 } else { 0.0 }))
}

pub(crate) fn number<'a>(k: usize) -> Metric<'a> {
    Box::new(move |s, j| s.outcome(j).and_then(|x| x[k].as_number()))
}

/// 1 when issue `k` takes one of `options`, 0 otherwise, among the deals.
pub(crate) fn is_option<'a>(k: usize, options: &'a [usize]) -> Metric<'a> {
    Box::new(move |s, j| {
        s.outcome(j).map(|x| {
            let hit = x[k].as_option().is_some_and(|o| options.contains(&o));
            if hit {
                1.0
            } else {
                0.0
            }
        })
    })
}

/// An actor's weighted value of the agreed terms on `issues`, in [0, 1] (its stated
/// weights), among the deals.
pub(crate) fn terms<'a>(scenario: &'a Scenario, i: usize, issues: &'a [usize]) -> Metric<'a> {
    let actor = &scenario.actors()[i];
    let total: f64 = issues.iter().map(|&k| actor.weights()[k]).sum();
    Box::new(move |s, j| {
        s.outcome(j).map(|x| {
            issues
                .iter()
                .map(|&k| actor.contribution(k, x[k]))
                .sum::<f64>()
                / total
        })
    })
}

pub(crate) fn column(
    samples: &Samples,
    rows: Range<usize>,
    metric: &Metric<'_>,
) -> Vec<Option<f64>> {
    rows.map(|j| metric(samples, j)).collect()
}

/// The 25 % and 75 % quantiles of a leverage distribution: moving a variable between
/// them moves the same probability mass (half) whatever its distribution. For
/// Bernoulli(1/2) they are 0 and 1: Kursk lost or held.
pub fn quartiles(dist: &LeverageDist) -> (f64, f64) {
    const Z75: f64 = 0.674_489_750_196_081_7;
    match dist.family() {
        Family::Fixed(x) => (x, x),
        Family::Uniform(lo, hi) => (lo + 0.25 * (hi - lo), lo + 0.75 * (hi - lo)),
        Family::Normal(m, sd) => (m - Z75 * sd, m + Z75 * sd),
        Family::Beta(a, b) => (beta_quantile(a, b, 0.25), beta_quantile(a, b, 0.75)),
        Family::Bernoulli(p) => {
            let q = |level: f64| if level < 1.0 - p { 0.0 } else { 1.0 };
            (q(0.25), q(0.75))
        }
    }
}

/// Beta(a, b) quantile by bisection on a Simpson-rule CDF (a, b >= 1 here).
fn beta_quantile(a: f64, b: f64, level: f64) -> f64 {
    let pdf = |x: f64| x.powf(a - 1.0) * (1.0 - x).powf(b - 1.0);
    let integral = |hi: f64| {
        let n = 2000;
        let h = hi / n as f64;
        let inner: f64 = (1..n)
            .map(|i| pdf(i as f64 * h) * if i % 2 == 1 { 4.0 } else { 2.0 })
            .sum();
        (pdf(0.0) + inner + pdf(hi)) * h / 3.0
    };
    let total = integral(1.0);
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if integral(mid) / total < level {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// The loaded scenario, its JSON (for counterfactual variants) and the sizes.
pub struct Study {
    /// The scenario as written.
    pub scenario: Scenario,
    json: Json,
    pub(crate) ids: Ids,
    /// Sizes and seed.
    pub config: Config,
    /// The Nash sweep of the scenario as written, shared by several claims.
    pub(crate) base_sweep: OnceLock<Sweep>,
}

impl Study {
    /// Load the scenario file.
    ///
    /// # Errors
    /// An unreadable or invalid file, or one without the actors and issues studied.
    pub fn load(path: &Path, config: Config) -> Res<Self> {
        let text = std::fs::read_to_string(path)?;
        let scenario = Scenario::from_json(&text, &path.display().to_string())?;
        let json: Json = serde_json::from_str(&text)?;
        let ids = Ids::new(&scenario)?;
        Ok(Study {
            scenario,
            json,
            ids,
            config,
            base_sweep: OnceLock::new(),
        })
    }

    /// A counterfactual scenario: the file's JSON edited by `edit` for one actor.
    pub(crate) fn variant(
        &self,
        actor: &str,
        edit: impl FnOnce(&mut Json) -> Res<()>,
    ) -> Res<Scenario> {
        let mut json = self.json.clone();
        let target = json
            .get_mut("actors")
            .and_then(Json::as_array_mut)
            .and_then(|a| {
                a.iter_mut()
                    .find(|x| x.get("id") == Some(&Json::from(actor)))
            })
            .ok_or(format!("no actor {actor} in the JSON"))?;
        edit(target)?;
        Ok(Scenario::from_json(
            &json.to_string(),
            &format!("variant of {}", self.scenario.source()),
        )?)
    }

    /// Russia without its red lines on NATO and on foreign troops (NATO-country and
    /// any other); its gated Kursk line stays.
    pub(crate) fn without_russian_vetoes(&self) -> Res<Scenario> {
        self.variant("russia", |a| {
            let lines = a
                .get_mut("red_lines")
                .and_then(Json::as_array_mut)
                .ok_or("russia has no red_lines")?;
            lines.retain(|r| {
                let issue = r.get("issue").and_then(Json::as_str);
                issue != Some("nato") && issue != Some("peacekeepers")
            });
            Ok(())
        })
    }

    /// A copy of `scenario` without the US's interaction terms (only the US has any).
    pub(crate) fn without_us_interactions(&self, scenario: &Scenario) -> Res<Scenario> {
        let mut json = serde_json::to_value(scenario)?;
        let us = json
            .get_mut("actors")
            .and_then(Json::as_array_mut)
            .and_then(|a| {
                a.iter_mut()
                    .find(|x| x.get("id") == Some(&Json::from("us")))
            })
            .and_then(Json::as_object_mut)
            .ok_or("no actor us in the JSON")?;
        us.remove("interactions");
        Ok(Scenario::from_json(
            &json.to_string(),
            &format!("{} without the US's interactions", scenario.source()),
        )?)
    }

    /// `options` of the resources issue taken off the table (a red line for the US).
    pub(crate) fn without_resources(&self, options: &[&str]) -> Res<Scenario> {
        let line = serde_json::json!({
            "issue": "resources",
            "options": options,
            "description": "study counterfactual: these deals are off the table"
        });
        self.variant("us", |a| {
            let obj = a.as_object_mut().ok_or("actor is not an object")?;
            let lines = obj
                .entry("red_lines")
                .or_insert_with(|| Json::Array(Vec::new()));
            lines
                .as_array_mut()
                .ok_or("red_lines is not an array")?
                .push(line);
            Ok(())
        })
    }

    /// Russia with another base patience.
    pub(crate) fn with_russian_patience(&self, patience: f64) -> Res<Scenario> {
        self.variant("russia", |a| {
            let obj = a.as_object_mut().ok_or("actor is not an object")?;
            obj.insert("patience".into(), Json::from(patience));
            Ok(())
        })
    }

    pub(crate) fn sweep(
        &self,
        scenario: &Scenario,
        concept: Concept,
        samples: u64,
        vary: Option<Grid>,
        settings: &[(&str, f64)],
    ) -> Res<Sweep> {
        let options = SweepOptions {
            samples,
            seed: self.config.seed,
            concept,
            vary,
            weight_noise: self.config.weight_noise,
            settings: settings.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            ..SweepOptions::default()
        };
        Ok(sweep::run(scenario, &options)?)
    }

    pub(crate) fn noise_text(&self) -> String {
        match self.config.weight_noise {
            Some(k) => format!(", weights drawn from Dirichlet(K = {k} x stated)"),
            None => String::new(),
        }
    }

    /// Every claim, in the README's order.
    ///
    /// # Errors
    /// A failed sweep or solve.
    pub fn run_all(&self) -> Res<Vec<Claim>> {
        let (red, nato, troops) = self.red_lines()?;
        Ok(vec![
            red,
            self.us_support()?,
            self.kursk()?,
            self.tempo()?,
            self.resources()?,
            self.eu_seat()?,
            nato,
            troops,
            self.foreign_troops()?,
            self.russia_concedes()?,
            self.us_eager()?,
            self.us_deadline()?,
        ])
    }
}

/// One alternating-offers draw: the verdict, or `None` when the solver finds no
/// stationary agreement (it reports the iteration that does not settle).
pub(crate) type OffersDraw = Option<detente::Verdict>;

impl Study {
    /// The leverage values of draws 0..n of a sweep with this seed and these settings
    /// (read from a fast Nash sweep: draw j's leverage values do not depend on the
    /// concept, so they are the ones an offers sweep would use).
    pub(crate) fn draws(&self, n: u64, settings: &[(&str, f64)]) -> Res<Vec<Vec<f64>>> {
        let sw = self.sweep(&self.scenario, Concept::Nash, n, None, settings)?;
        Ok((0..sw.samples().len())
            .map(|j| sw.samples().levels(j).to_vec())
            .collect())
    }

    /// Alternating offers, Russia proposing first, at each draw's leverage values.
    /// Unlike a sweep, a draw without a stationary agreement is recorded as `None`
    /// instead of stopping the run. With weight noise the weights of draw j come from
    /// ChaCha8 seeded with (seed, j) on its own stream family, the same in every arm.
    pub(crate) fn offers(&self, scenario: &Scenario, levels: &[Vec<f64>]) -> Res<Vec<OffersDraw>> {
        use rayon::prelude::*;
        let russia = self.ids.russia;
        let shared = Engine::new(scenario);
        let solved: Vec<detente::Result<OffersDraw>> = levels
            .par_iter()
            .enumerate()
            .map(|(j, lv)| {
                let situation = scenario.situation(lv)?;
                let noisy = self.config.weight_noise.map(|k| {
                    scenario.with_all_weights(&dirichlet(scenario, k, self.config.seed, j as u64))
                });
                let own = noisy.as_ref().map(Engine::new);
                let engine = own.as_ref().unwrap_or(&shared);
                match engine.alternating_offers(&situation, Some(russia)) {
                    Ok(sol) => Ok(Some(sol.verdict)),
                    Err(detente::Error::Offers(_)) => Ok(None),
                    Err(e) => Err(e),
                }
            })
            .collect();
        Ok(solved.into_iter().collect::<detente::Result<Vec<_>>>()?)
    }
}

/// Every seated actor's weights drawn from Dirichlet(k * stated weights), as the
/// sweep's weight noise does, from ChaCha8 seeded with `seed + 1` on stream `j`.
fn dirichlet(scenario: &Scenario, k: f64, seed: u64, j: u64) -> Vec<Vec<f64>> {
    use rand::SeedableRng;
    use rand_distr::{Distribution, Gamma};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed.wrapping_add(1));
    rng.set_stream(j);
    scenario
        .actors()
        .iter()
        .map(|a| {
            a.weights()
                .iter()
                .map(|&w| {
                    if a.seated() && w > 0.0 {
                        Gamma::new(k * w, 1.0).map_or(w, |d| d.sample(&mut rng))
                    } else {
                        w
                    }
                })
                .collect()
        })
        .collect()
}
