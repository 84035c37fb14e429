//! One experiment per claim: what is run, what is measured, what is plotted.

use std::ops::Range;

use detente::sweep::{Grid, Sweep};
use detente::{Concept, Domain, Engine, Value};

use crate::experiments::{
    column, deal, gain, is_option, number, terms, utility, Claim, Metric, Panel, Plot, Res, Series,
    Study,
};
use crate::stats::{estimate, paired, Estimate, Measure, Minimum};

/// Claim 1: a rate of red lines crossed counts from one deal in a hundred.
pub(crate) const RED_LINES: Minimum = Minimum {
    size: 0.01,
    reason: "one agreement in a hundred across a red line would already make the veto a fiction",
};
/// Claim 2: utility and gain effects count from 0.05.
pub(crate) const US_SUPPORT: Minimum = Minimum {
    size: 0.05,
    reason: "a twentieth of the utility scale, half the 0.1 step that separates neighbouring option values in the file",
};
/// Claim 7: NATO membership is "unrealistic" when it is in fewer than 5 % of deals.
pub(crate) const NATO: Minimum = Minimum {
    size: 0.05,
    reason:
        "one deal in twenty: rarer than that, a membership is a tail risk, not a realistic outcome",
};
/// Claim 8: European troops beat the backstop by 5 points of the deals.
pub(crate) const TROOPS: Minimum = Minimum {
    size: 0.05,
    reason: "five deals in a hundred: a smaller difference between two options' shares is a tie",
};

/// Why claim 1 holds whatever the judged numbers.
pub(crate) const RED_LINES_BUILT: &str = "a seated actor's red line makes the vetoed outcomes infeasible for every concept: no agreement can cross it";
/// Why claim 2 holds whatever the judged numbers.
pub(crate) const US_SUPPORT_BUILT: &str = "us_support raises Ukraine's d and power and lowers Russia's by the effects written in the file; under the asymmetric Nash solution a side's utility rises with its own d and power, so the sign is the file's, not a finding";

/// The rows of grid step `g` in a sweep of `n` draws per step.
fn rows(g: usize, n: u64) -> Range<usize> {
    g * n as usize..(g + 1) * n as usize
}

fn all_rows(sw: &Sweep) -> Range<usize> {
    0..sw.samples().len()
}

fn col(sw: &Sweep, r: Range<usize>, m: &Metric<'_>) -> Vec<Option<f64>> {
    column(sw.samples(), r, m)
}

/// A series with one point per arm (x = 0, 1, ...).
fn per_arm(name: &str, arms: &[&Sweep], m: &Metric<'_>) -> Series {
    let points = arms
        .iter()
        .enumerate()
        .map(|(x, sw)| {
            let e = estimate(&col(sw, all_rows(sw), m));
            (x as f64, e.mean, e.se)
        })
        .collect();
    Series {
        name: name.into(),
        points,
        connect: true,
    }
}

fn labels(names: &[&str]) -> Option<Vec<String>> {
    Some(names.iter().map(|s| s.to_string()).collect())
}

impl Study {
    /// The Nash sweep of the scenario as written (shared by several claims).
    pub(crate) fn base(&self) -> Res<&Sweep> {
        if let Some(s) = self.base_sweep.get() {
            return Ok(s);
        }
        let s = self.sweep(&self.scenario, Concept::Nash, self.config.draws, None, &[])?;
        Ok(self.base_sweep.get_or_init(|| s))
    }

    /// Claims 1, 7 and 8: Russia's red lines, and what happens without them.
    pub fn red_lines(&self) -> Res<(Claim, Claim, Claim)> {
        let ids = &self.ids;
        let (n, half) = (self.config.draws, (self.config.draws / 2).max(1));
        let (mut checked, mut crossed) = (0usize, 0usize);
        let scenario = &self.scenario;
        let mut count = |x: &[Value], levels: &[f64]| {
            checked += 1;
            crossed += usize::from(ids.crosses_russia(scenario, x, levels));
        };
        let engine = Engine::new(&self.scenario);
        let sq = self.scenario.status_quo_situation();
        let sq_levels = self.scenario.status_quo();
        for c in Concept::ALL {
            if let Some(a) = engine.solve(c, &sq)?.agreement() {
                count(&a.outcome, &sq_levels);
            }
        }
        let mut arms: Vec<(String, Sweep)> = Vec::new();
        for (c, k) in [
            (Concept::Kalai, half),
            (Concept::Egalitarian, half),
            (Concept::Utilitarian, half),
        ] {
            arms.push((
                c.name().into(),
                self.sweep(&self.scenario, c, k, None, &[])?,
            ));
        }
        arms.insert(0, ("nash".into(), self.base()?.clone()));
        for (_, sw) in &arms {
            for j in all_rows(sw) {
                if let Some(x) = sw.samples().outcome(j) {
                    count(x, sw.samples().levels(j));
                }
            }
        }
        let levels = self.draws(self.config.offers, &[])?;
        let offers = self.offers(&self.scenario, &levels)?;
        let unsolved = offers.iter().filter(|v| v.is_none()).count();
        for (v, lv) in offers.iter().zip(&levels) {
            if let Some(a) = v.as_ref().and_then(|v| v.agreement()) {
                count(&a.outcome, lv);
            }
        }
        let free = self.without_russian_vetoes()?;
        let cf = self.sweep(&free, Concept::Nash, n, None, &[])?;
        arms.push(("nash, no veto".into(), cf));
        let member = [ids.member];
        let m_member = is_option(ids.nato, &member);
        let m_troops = is_option(ids.peacekeepers, &ids.troops);
        let foreign = [ids.un_non_nato, ids.troops[0], ids.troops[1]];
        let m_foreign = is_option(ids.peacekeepers, &foreign);
        let names: Vec<&str> = arms.iter().map(|(s, _)| s.as_str()).collect();
        let sweeps: Vec<&Sweep> = arms.iter().map(|(_, s)| s).collect();
        let mut s_member = per_arm("NATO membership", &sweeps, &m_member);
        let mut s_troops = per_arm("NATO-country troops", &sweeps, &m_troops);
        let mut s_foreign = per_arm("foreign troops of any flag", &sweeps, &m_foreign);
        s_member.connect = false;
        s_troops.connect = false;
        s_foreign.connect = false;
        let cf = sweeps[sweeps.len() - 1];
        let cf_member = estimate(&col(cf, all_rows(cf), &m_member));
        let cf_troops = estimate(&col(cf, all_rows(cf), &m_troops));
        let cf_foreign = estimate(&col(cf, all_rows(cf), &m_foreign));
        let rate = crossed as f64 / checked.max(1) as f64;
        let headline = Measure::negligible(
            format!("agreements crossing a Russian red line (NATO, foreign troops, Kursk swap when lost): {crossed} of {checked} (offers: {unsolved} draws without a stationary agreement)"),
            Estimate { mean: rate, se: 0.0, n: checked },
            true,
            RED_LINES.size,
        )
        .with_method("count over every agreement found; with 0 of n the 95 % upper bound on the rate is 3/n (rule of three)");
        let share = "share of the deals, s.e. sqrt(p(1-p)/n)";
        let red = Claim::new(
            "red_lines",
            "Russia's red lines (no NATO membership, no foreign troops, no swap of a Kursk foothold Ukraine has lost) hold in every agreement the model finds",
            "'Russia has made it clear, both actively and passively, that this is a red line' ... 'the presence of armed forces from NATO countries in Ukraine, even under national flags, is \"unacceptable\" to Russia.' ... 'no foreign troops are deployed to guarantee its security.'",
            format!(
                "every concept at the status quo; sweeps of every concept (nash {n}, kalai, egalitarian and utilitarian {half}, offers {} draws, seed {}{}); each agreement checked against every Russian red line in force at its leverage levels (the Kursk line only where kursk_held < 0.5); then, to see whether the vetoes bind, a nash sweep of {n} draws with Russia's NATO and foreign-troops red lines removed",
                self.config.offers, self.config.seed, self.noise_text()
            ),
            vec![
                headline,
                Measure::info("without the vetoes: share of deals with NATO membership", cf_member).with_method(share),
                Measure::info("without the vetoes: share of deals with NATO-country troops", cf_troops).with_method(share),
                Measure::info("without the vetoes: share of deals with foreign troops of any flag", cf_foreign).with_method(share),
            ],
            Plot {
                x_desc: "concept (sweep)".into(),
                x_labels: labels(&names),
                x_reversed: false,
                panels: vec![Panel {
                    title: "share of deals crossing a Russian red line".into(),
                    y_desc: "share of deals".into(),
                    series: vec![s_member, s_troops, s_foreign],
                }],
            },
            RED_LINES,
        )
        .by_construction(RED_LINES_BUILT);
        let base = sweeps[0];
        let nato = self.nato_unrealistic(base, cf, cf_member)?;
        let troops = self.european_troops(base, cf)?;
        Ok((red, nato, troops))
    }

    /// One series per option of discrete issue `k`: its share in each arm.
    pub(crate) fn option_series(&self, k: usize, arms: &[&Sweep]) -> Res<Vec<Series>> {
        let Domain::Discrete { options } = self.scenario.issues()[k].domain() else {
            return Err("not a discrete issue".into());
        };
        let picks: Vec<[usize; 1]> = (0..options.len()).map(|o| [o]).collect();
        Ok(options
            .iter()
            .zip(&picks)
            .map(|(label, pick)| per_arm(label, arms, &is_option(k, pick)))
            .collect())
    }

    fn nato_unrealistic(&self, base: &Sweep, cf: &Sweep, share: Estimate) -> Res<Claim> {
        Ok(Claim::new(
            "nato_unrealistic",
            "NATO membership is unrealistic: even without Russia's veto the table does not put it in the deal",
            "'The new US government respects this, arguing that Ukraine's entry into NATO is \"unrealistic.\"'",
            format!(
                "nash sweep of {} draws with Russia's NATO and foreign-troops red lines removed (seed {}{}); membership share against a 5 % threshold",
                self.config.draws, self.config.seed, self.noise_text()
            ),
            vec![Measure::negligible("share of deals with NATO membership", share, true, NATO.size)
                .with_method("share of the deals, s.e. sqrt(p(1-p)/n); agrees when the share plus 3 s.e. is below 5 %")],
            Plot {
                x_desc: "scenario".into(),
                x_labels: labels(&["as written", "no Russian vetoes"]),
                x_reversed: false,
                panels: vec![Panel {
                    title: "nato: option shares (deals)".into(),
                    y_desc: "share of deals".into(),
                    series: self.option_series(self.ids.nato, &[base, cf])?,
                }],
            },
            NATO,
        ))
    }

    fn european_troops(&self, base: &Sweep, cf: &Sweep) -> Res<Claim> {
        let ids = &self.ids;
        let [eur, backstop] = ids.troops;
        let m: Metric<'_> = Box::new(move |s, j| {
            s.outcome(j).map(|x| match x[ids.peacekeepers].as_option() {
                Some(o) if o == eur => 1.0,
                Some(o) if o == backstop => -1.0,
                _ => 0.0,
            })
        });
        let e = estimate(&col(cf, all_rows(cf), &m));
        // The same counterfactual without the US's interaction term (European troops
        // with a neutral Ukraine): how much of the answer is that term's doing.
        let plain = self.without_us_interactions(&self.without_russian_vetoes()?)?;
        let plain = self.sweep(&plain, Concept::Nash, self.config.draws, None, &[])?;
        let e_plain = estimate(&col(&plain, all_rows(&plain), &m));
        let any = estimate(&col(
            cf,
            all_rows(cf),
            &is_option(ids.peacekeepers, &ids.troops),
        ));
        Ok(Claim::new(
            "european_troops",
            "No American soldiers, but European ones: the US favours European peacekeepers over a US-backed force",
            "'Although Trump has assured that he will not send any American soldiers, he is in favour of European countries doing so.'",
            format!(
                "no option puts US soldiers on the ground (by construction: the backstop is air power and intelligence); nash sweep of {} draws with Russia's NATO and foreign-troops red lines removed (seed {}{}): share of deals with European troops minus share with the US backstop. The US's interaction term (European troops with a neutral Ukraine) is in force, so part of the answer is the modeller's reading of the same sentence",
                self.config.draws, self.config.seed, self.noise_text()
            ),
            vec![
                Measure::judged("share european minus share european_us_backstop (deals, no Russian veto)", e, 1.0, true, TROOPS.size)
                    .with_method("mean of +1 (european) / -1 (backstop) / 0 per deal, s.e. = sd/sqrt(n)"),
                Measure::info("share of deals with any NATO-country troops (no Russian veto)", any),
                Measure::info("share european minus share european_us_backstop without the US's interaction term (deals, no Russian veto)", e_plain)
                    .with_method("as the headline, in a copy of the JSON without the US's interactions"),
            ],
            Plot {
                x_desc: "scenario".into(),
                x_labels: labels(&["as written", "no Russian vetoes"]),
                x_reversed: false,
                panels: vec![Panel {
                    title: "peacekeepers: option shares (deals)".into(),
                    y_desc: "share of deals".into(),
                    series: self.option_series(ids.peacekeepers, &[base, cf])?,
                }],
            },
            TROOPS,
        ))
    }

    /// Claim 2: US support falls from 1 to 0.
    pub fn us_support(&self) -> Res<Claim> {
        let ids = &self.ids;
        let n = self.config.draws;
        let steps = 5;
        let grid = Grid {
            id: "us_support".into(),
            lo: 0.0,
            hi: 1.0,
            steps,
        };
        let xs = grid.values();
        let sw = self.sweep(&self.scenario, Concept::Nash, n, Some(grid), &[])?;
        let every: Vec<usize> = (0..self.scenario.issues().len()).collect();
        let (territory, nato, pk) = ([ids.oblasts, ids.crimea], [ids.nato], [ids.peacekeepers]);
        let s = &self.scenario;
        let metrics: Vec<(&str, Metric<'_>, Option<f64>, bool)> = vec![
            (
                "Ukraine's utility (no deal = its disagreement utility)",
                utility(ids.ukraine),
                Some(-1.0),
                true,
            ),
            (
                "Ukraine's utility of the agreed terms (deals at both ends)",
                terms(s, ids.ukraine, &every),
                Some(-1.0),
                true,
            ),
            ("Russia's gain", gain(ids.russia), Some(1.0), true),
            ("Russia's utility", utility(ids.russia), Some(1.0), false),
            (
                "territory: Ukraine's value of oblasts + crimea",
                terms(s, ids.ukraine, &territory),
                Some(-1.0),
                false,
            ),
            (
                "NATO path: Ukraine's value of the nato option",
                terms(s, ids.ukraine, &nato),
                Some(-1.0),
                false,
            ),
            (
                "security guarantee: Ukraine's value of peacekeepers",
                terms(s, ids.ukraine, &pk),
                Some(-1.0),
                false,
            ),
            ("army cap", number(ids.army_cap), Some(-1.0), false),
            ("deal probability", deal(), None, false),
        ];
        let mut measures = Vec::new();
        let mut series = Vec::new();
        for (name, m, expected, headline) in &metrics {
            let e = paired(&col(&sw, rows(steps - 1, n), m), &col(&sw, rows(0, n), m));
            let label = format!("{name}, us_support 1 -> 0");
            measures.push(match expected {
                Some(sign) => Measure::judged(label, e, *sign, *headline, US_SUPPORT.size),
                None => Measure::info(label, e),
            });
            let points = xs
                .iter()
                .enumerate()
                .map(|(g, x)| {
                    let e = estimate(&col(&sw, rows(g, n), m));
                    (*x, e.mean, e.se)
                })
                .collect();
            series.push(Series {
                name: name.split(':').next().unwrap_or(name).trim().to_string(),
                points,
                connect: true,
            });
        }
        let terms_series: Vec<Series> = series.drain(4..8).collect();
        series.truncate(4);
        Ok(Claim::new(
            "us_support",
            "As US support for Ukraine falls, Ukraine's agreement worsens (territory, NATO path, security guarantees, army cap; its utility) and Russia's gain rises",
            "'The ally gets along with the enemy and abandons the role of protector to adopt that of partial referee and potential plunderer of natural resources.'",
            format!(
                "nash sweep, us_support on a grid 0, 0.25, ..., 1 with the same {n} draws of the other five variables at each (seed {}{}); effect = value at 0 minus value at 1, draw by draw",
                self.config.seed,
                self.noise_text()
            ),
            measures,
            Plot {
                x_desc: "us_support (falling to the right, as the claim runs)".into(),
                x_labels: None,
                x_reversed: true,
                panels: vec![
                    Panel { title: "utility and gain (mean, 95 % interval)".into(), y_desc: "utility / gain".into(), series },
                    Panel { title: "Ukraine's value of the agreed terms (deals)".into(), y_desc: "value (army cap: share kept)".into(), series: terms_series },
                ],
            },
            US_SUPPORT,
        )
        .by_construction(US_SUPPORT_BUILT))
    }
}
