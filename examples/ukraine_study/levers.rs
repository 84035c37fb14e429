//! Claims 3 and 4: Kursk against the other levers, and the tempo of the talks.

use detente::sweep::{Grid, Sweep};
use detente::{Concept, Engine, Verdict};

use crate::experiments::{
    column, is_option, quartiles, terms, utility, Claim, Metric, OffersDraw, Panel, Plot, Res,
    Series, Study,
};
use crate::stats::{estimate, paired, Measure, Minimum};

/// Claim 3: one lever beats another when it costs Ukraine 0.01 more utility.
pub(crate) const KURSK: Minimum = Minimum {
    size: 0.01,
    reason: "about an eighth of Kursk's own effect (0.08): a smaller lead is within the rounding of the judged effect sizes",
};
/// Claim 4: a shift toward Russia counts from 0.02 of utility.
pub(crate) const TEMPO: Minimum = Minimum {
    size: 0.02,
    reason: "a fifth of the 0.1 step between neighbouring option values: the least a change of tempo must buy to be seen in the terms",
};
/// Why claim 4 holds whatever the judged numbers.
pub(crate) const TEMPO_BUILT: &str = "Rubinstein (1982): in alternating offers the more patient side gets more; raising Russia's patience moves the agreement its way by the theorem, whatever the numbers";

fn col(sw: &Sweep, g: usize, n: u64, m: &Metric<'_>) -> Vec<Option<f64>> {
    column(sw.samples(), g * n as usize..(g + 1) * n as usize, m)
}

/// Draw by draw, `sign * x`.
fn signed(xs: &[Option<f64>], sign: f64) -> Vec<Option<f64>> {
    xs.iter().map(|x| x.map(|x| sign * x)).collect()
}

/// One lever moved between its quartiles: what Ukraine loses, draw by draw.
struct LeverHarm {
    id: String,
    lo: f64,
    hi: f64,
    /// Utility lost moving to the quartile worse for Ukraine (all draws).
    utility: Vec<Option<f64>>,
    /// Value of the agreed terms lost (draws with a deal at both quartiles).
    terms: Vec<Option<f64>>,
    /// 1 where the deal swaps Kursk, 0 where it does not, at the lower and the upper
    /// quartile (deals only).
    swapped: [Vec<Option<f64>>; 2],
}

impl Study {
    fn lever_harm(&self, l: usize) -> Res<Option<LeverHarm>> {
        let lever = &self.scenario.leverage()[l];
        let (lo, hi) = quartiles(lever.distribution());
        if (hi - lo).abs() < 1e-12 {
            return Ok(None);
        }
        let n = self.config.draws;
        let grid = Grid {
            id: lever.id().into(),
            lo,
            hi,
            steps: 2,
        };
        let sw = self.sweep(&self.scenario, Concept::Nash, n, Some(grid), &[])?;
        let every: Vec<usize> = (0..self.scenario.issues().len()).collect();
        let u = utility(self.ids.ukraine);
        let t = terms(&self.scenario, self.ids.ukraine, &every);
        let du = paired(&col(&sw, 0, n, &u), &col(&sw, 1, n, &u));
        // Harm is the loss when the lever moves to the quartile worse for Ukraine,
        // which is the lower one when the upper quartile helps Ukraine.
        let sign = if du.mean >= 0.0 { 1.0 } else { -1.0 };
        let diffs = |m: &Metric<'_>| -> Vec<Option<f64>> {
            let (a, b) = (col(&sw, 0, n, m), col(&sw, 1, n, m));
            a.iter()
                .zip(&b)
                .map(|(x, y)| x.zip(*y).map(|(x, y)| y - x))
                .collect()
        };
        let pick = [self.ids.swapped];
        let swap = is_option(self.ids.kursk, &pick);
        Ok(Some(LeverHarm {
            id: lever.id().into(),
            lo,
            hi,
            utility: signed(&diffs(&u), sign),
            terms: signed(&diffs(&t), sign),
            swapped: [col(&sw, 0, n, &swap), col(&sw, 1, n, &swap)],
        }))
    }

    /// Claim 3: is Kursk the lever that matters most to Ukraine?
    pub fn kursk(&self) -> Res<Claim> {
        let mut harms = Vec::new();
        for l in 0..self.scenario.leverage().len() {
            if let Some(h) = self.lever_harm(l)? {
                harms.push(h);
            }
        }
        let k = harms
            .iter()
            .position(|h| h.id == "kursk_held")
            .ok_or("no kursk_held lever")?;
        harms.swap(0, k);
        let kursk = &harms[0];
        let mut measures = Vec::new();
        for h in &harms[1..] {
            let e = paired(&h.utility, &kursk.utility);
            measures.push(Measure::judged(
                format!("utility Ukraine loses: kursk_held minus {}", h.id),
                e,
                1.0,
                true,
                KURSK.size,
            ));
        }
        for h in &harms {
            measures.push(Measure::info(
                format!(
                    "utility Ukraine loses when {} moves between its quartiles {:.3} and {:.3}",
                    h.id, h.lo, h.hi
                ),
                estimate(&h.utility),
            ));
        }
        // The gated red line at work: Russia vetoes a swap while kursk_held < 0.5, so
        // the lower quartile (lost) must show no swap at all.
        for (q, state) in [(1, "held"), (0, "lost")] {
            measures.push(
                Measure::info(
                    format!(
                        "share of deals that swap Kursk, Kursk {state} (kursk_held = {})",
                        if q == 1 { kursk.hi } else { kursk.lo }
                    ),
                    estimate(&kursk.swapped[q]),
                )
                .with_method("share of the deals, s.e. sqrt(p(1-p)/n)"),
            );
        }
        let names: Vec<String> = harms.iter().map(|h| h.id.clone()).collect();
        let point = |x: usize, v: &[Option<f64>]| {
            let e = estimate(v);
            (x as f64, e.mean, e.se)
        };
        let series = |name: &str, f: &dyn Fn(&LeverHarm) -> &[Option<f64>]| Series {
            name: name.into(),
            points: harms
                .iter()
                .enumerate()
                .map(|(x, h)| point(x, f(h)))
                .collect(),
            connect: false,
        };
        Ok(Claim::new(
            "kursk",
            "Kursk is Ukraine's only ace: losing it worsens Ukraine's deal more than any other single lever of comparable size",
            "'The only ace that the Ukrainian president has at the moment in the negotiations is the portion of Russian territory that it still controls in Kursk.'",
            format!(
                "comparable size = the same probability mass: each lever moved between the 25 % and 75 % quantiles of its distribution (for kursk_held, Bernoulli(0.5), that is lost vs held; lost also closes the swap, through Russia's red line on kursk = swapped gated on kursk_held < 0.5), the others drawn; nash, {} draws per lever and quartile, the same draws for every lever (seed {}{}); effect = kursk's loss minus each other lever's, draw by draw",
                self.config.draws,
                self.config.seed,
                self.noise_text()
            ),
            measures,
            Plot {
                x_desc: "lever (moved between its quartiles)".into(),
                x_labels: Some(names),
                x_reversed: false,
                panels: vec![
                    Panel {
                        title: "what Ukraine loses at the worse quartile (mean, 95 % interval)".into(),
                        y_desc: "utility lost".into(),
                        series: vec![series("utility (all draws)", &|h| &h.utility)],
                    },
                    Panel {
                        title: "value of the agreed terms lost (deals at both quartiles)".into(),
                        y_desc: "value lost".into(),
                        series: vec![series("terms", &|h| &h.terms)],
                    },
                ],
            },
            KURSK,
        ))
    }

    /// Claim 4: a patient Kremlin facing an eager US leader.
    pub fn tempo(&self) -> Res<Claim> {
        let ids = &self.ids;
        let n = self.config.offers;
        let eager = [("us_impatience", 1.0)];
        let (fast, slow) = (
            self.with_russian_patience(0.90)?,
            self.with_russian_patience(0.99)?,
        );
        let levels = self.draws(n, &eager)?;
        let a = self.offers(&fast, &levels)?;
        let b = self.offers(&slow, &levels)?;
        type Of = Box<dyn Fn(&Verdict) -> Option<f64>>;
        let (r, u, us, cap, sanc) = (ids.russia, ids.ukraine, ids.us, ids.army_cap, ids.sanctions);
        let num = |k: usize| -> Of { Box::new(move |v| v.value(k).and_then(|x| x.as_number())) };
        let metrics: Vec<(&str, Of, Option<f64>, bool)> = vec![
            (
                "Russia's utility",
                Box::new(move |v| Some(v.utilities()[r])),
                Some(1.0),
                true,
            ),
            (
                "Ukraine's utility",
                Box::new(move |v| Some(v.utilities()[u])),
                Some(-1.0),
                true,
            ),
            (
                "Russia's gain",
                Box::new(move |v| Some(v.gains()[r])),
                Some(1.0),
                false,
            ),
            ("army cap (deals)", num(cap), Some(-1.0), false),
            (
                "US utility",
                Box::new(move |v| Some(v.utilities()[us])),
                None,
                false,
            ),
            ("sanctions relief (deals)", num(sanc), None, false),
        ];
        let col = |arm: &[OffersDraw], m: &Of| -> Vec<Option<f64>> {
            arm.iter().map(|v| v.as_ref().and_then(m)).collect()
        };
        let mut measures = Vec::new();
        let mut mc = Vec::new();
        for (name, m, expected, headline) in &metrics {
            let (ca, cb) = (col(&a, m), col(&b, m));
            let e = paired(&ca, &cb);
            let label = format!("{name}, Russia's patience 0.90 -> 0.99");
            measures.push(match expected {
                Some(s) => Measure::judged(label, e, *s, *headline, TEMPO.size),
                None => Measure::info(label, e),
            });
            if name.ends_with("utility") {
                // The verdict is paired, so the picture is too: each draw's change
                // from patience 0.90, with the paired interval.
                mc.push(Series {
                    name: format!("{name}: change"),
                    points: vec![(0.90, 0.0, 0.0), (0.99, e.mean, e.se)],
                    connect: true,
                });
            }
        }
        for (arm, delta) in [(&a, "0.90"), (&b, "0.99")] {
            let unsolved: Vec<Option<f64>> = arm
                .iter()
                .map(|v| Some(if v.is_none() { 1.0 } else { 0.0 }))
                .collect();
            measures.push(
                Measure::info(format!("share of draws without a stationary agreement, Russia's patience {delta} (left out of the differences)"), estimate(&unsolved))
                    .with_method("share of the draws"),
            );
        }
        let (exact, us_delta) = self.tempo_curve()?;
        Ok(Claim::new(
            "tempo",
            "The Kremlin sets the tempo: with Russia more patient than a US leader eager for a quick deal, the alternating-offers agreement moves toward Russia",
            "'The Kremlin not only sets the agreements, but also the tempo: it is in no hurry to conclude the negotiations in the face of a Trump eager to take credit'",
            format!(
                "alternating offers, Russia proposing first; Russia's base patience 0.90 vs 0.99 (sanctions_pressure still moves it), the US eager (us_impatience = +1 sd: delta_US = {us_delta:.3} at the status quo), the other variables drawn; {n} draws per arm, the same in both (seed {}{}); plus the exact status-quo curve",
                self.config.seed,
                self.noise_text()
            ),
            measures,
            Plot {
                x_desc: "Russia's patience (delta)".into(),
                x_labels: None,
                x_reversed: false,
                panels: vec![
                    Panel { title: "status quo, exact (US eager)".into(), y_desc: "utility".into(), series: exact },
                    Panel { title: "others drawn: paired change, 95 % interval".into(), y_desc: "utility change".into(), series: mc },
                ],
            },
            TEMPO,
        )
        .by_construction(TEMPO_BUILT))
    }

    /// Utilities of the seated actors in the alternating-offers agreement at the
    /// status quo with the US eager, against Russia's patience; and the US's delta.
    fn tempo_curve(&self) -> Res<(Vec<Series>, f64)> {
        let ids = &self.ids;
        let engine = Engine::new(&self.scenario);
        let levels = self
            .scenario
            .levels_with(&[("us_impatience".to_string(), 1.0)])?;
        let mut situation = self.scenario.situation(&levels)?;
        let us_delta = situation.patience()[ids.us];
        let who = [
            (ids.russia, "Russia"),
            (ids.ukraine, "Ukraine"),
            (ids.us, "US"),
        ];
        let mut series: Vec<Series> = who
            .iter()
            .map(|(_, name)| Series {
                name: format!("{name}'s utility"),
                points: Vec::new(),
                connect: true,
            })
            .collect();
        for delta in [0.90, 0.92, 0.94, 0.96, 0.975, 0.99] {
            situation.set_patience(ids.russia, delta)?;
            let sol = engine.alternating_offers(&situation, Some(ids.russia))?;
            for (s, (i, _)) in series.iter_mut().zip(&who) {
                s.points.push((delta, sol.verdict.utilities()[*i], 0.0));
            }
        }
        Ok((series, us_delta))
    }
}
