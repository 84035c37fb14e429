//! Claim 12: a US eager for a quick deal under the negotiation protocol (stacked
//! alternating offers, `detente::negotiate`), its eagerness a short deadline of its own.
//!
//! As in `examples/ukraine_agents.rs`: Russia plays boulware ("in no hurry"), the US a
//! conceder on its own clock of T_us steps (t = min(1, s / (T_us - 1))), every other
//! seated side linear; the talks keep their deadline T for everyone else.

use detente::negotiate::{Agent, Negotiation, NegotiationOptions, Strategy, View};
use detente::Value;
use rayon::prelude::*;

use crate::experiments::{Claim, Panel, Plot, Res, Series, Study};
use crate::skipped::EAGER;
use crate::stats::{estimate, paired, Measure};

/// The talks' deadline T, in steps.
const DEADLINE: usize = 100;
/// The US's own deadline when it is eager.
const EAGER_CLOCK: usize = 10;

/// A conceder (target M - (M - d) t^(1/5)) reading the time on its own clock.
struct UsClock {
    clock: usize,
}

impl UsClock {
    fn target(&self, view: &View<'_>) -> f64 {
        let t = (view.step() as f64 / (self.clock.max(2) - 1) as f64).min(1.0);
        let (m, d) = (view.best(), view.disagreement());
        m - (m - d) * t.powf(1.0 / 5.0)
    }
}

impl Agent for UsClock {
    fn propose(&mut self, view: &View<'_>) -> Vec<Value> {
        view.lowest_at_least(self.target(view))
            .unwrap_or_else(|| view.best_outcome())
    }

    fn accepts(&mut self, view: &View<'_>, offer: &[Value]) -> bool {
        let u = view.utility(offer);
        u > view.disagreement() + 1e-12 && u >= self.target(view) - 1e-12
    }
}

impl Study {
    /// One seated side's agent: Russia boulware, the US on `clock`, others linear.
    fn agents(&self, clock: usize) -> Vec<Box<dyn Agent>> {
        self.scenario
            .seated()
            .into_iter()
            .map(|i| -> Box<dyn Agent> {
                if i == self.ids.russia {
                    Strategy::Time(0.2).agent()
                } else if i == self.ids.us {
                    Box::new(UsClock { clock })
                } else {
                    Strategy::Time(1.0).agent()
                }
            })
            .collect()
    }

    /// Every seated side's utility at each draw's levels, the US on `clock`.
    fn negotiate(&self, levels: &[Vec<f64>], clock: usize) -> Res<Vec<Vec<f64>>> {
        let options = NegotiationOptions {
            deadline: DEADLINE,
            ..NegotiationOptions::default()
        };
        let runs: Vec<detente::Result<Vec<f64>>> = levels
            .par_iter()
            .map(|lv| {
                let talks = Negotiation::new(&self.scenario, lv, options)?;
                Ok(talks.run(&mut self.agents(clock), None)?.utilities)
            })
            .collect();
        Ok(runs.into_iter().collect::<detente::Result<Vec<_>>>()?)
    }

    /// Claim 12: the US's own short deadline under the protocol.
    pub fn us_deadline(&self) -> Res<Claim> {
        let ids = &self.ids;
        let n = self.config.offers;
        let levels = self.draws(n, &[])?;
        let calm = self.negotiate(&levels, DEADLINE)?;
        let eager = self.negotiate(&levels, EAGER_CLOCK)?;
        let col = |arm: &[Vec<f64>], i: usize| -> Vec<Option<f64>> {
            arm.iter().map(|u| Some(u[i])).collect()
        };
        let mut measures = Vec::new();
        let mut series = Vec::new();
        for (i, name, headline) in [
            (ids.russia, "Russia's utility", true),
            (ids.us, "US utility", false),
            (ids.ukraine, "Ukraine's utility", false),
        ] {
            let e = paired(&col(&calm, i), &col(&eager, i));
            let label = format!("{name}, US deadline {DEADLINE} -> {EAGER_CLOCK} steps");
            measures.push(if headline {
                Measure::judged(label, e, 1.0, true, EAGER.size)
            } else {
                Measure::info(label, e)
            });
            series.push(Series {
                name: format!("{name}: change"),
                points: vec![
                    (DEADLINE as f64, 0.0, 0.0),
                    (EAGER_CLOCK as f64, e.mean, e.se),
                ],
                connect: true,
            });
        }
        let same: Vec<Option<f64>> = calm
            .iter()
            .zip(&eager)
            .map(|(a, b)| {
                Some(f64::from(u8::from(
                    a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12),
                )))
            })
            .collect();
        measures.push(
            Measure::info(
                "share of draws whose agreement the US deadline leaves unchanged",
                estimate(&same),
            )
            .with_method("share of the draws"),
        );
        Ok(Claim::new(
            "us_deadline",
            "A US eager for a quick deal gives ground to Russia under the negotiation protocol: a short US deadline moves the agreement toward Russia",
            "'it is in no hurry to conclude the negotiations in the face of a Trump eager to take credit'",
            format!(
                "stacked alternating offers (negotiate), T = {DEADLINE} steps, Russia opening: Russia boulware, the US a conceder on its own clock of {DEADLINE} vs {EAGER_CLOCK} steps, every other seated side linear; {n} draws of the leverage variables, the same in both arms (seed {})",
                self.config.seed
            ),
            measures,
            Plot {
                x_desc: "the US's own deadline (steps; right = more eager)".into(),
                x_labels: None,
                x_reversed: true,
                panels: vec![Panel { title: "paired change from a calm US, 95 % interval".into(), y_desc: "utility change".into(), series }],
            },
            EAGER,
        ))
    }
}
