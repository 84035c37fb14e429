//! Claims 5 and 6: what is on the table (the resources deals) and who sits at it (the EU).

use detente::sweep::Sweep;
use detente::{Concept, Value};

use crate::experiments::{
    column, deal, gain, is_option, number, terms, utility, Claim, Metric, Panel, Plot, Res, Series,
    Study,
};
use crate::stats::{estimate, paired, Estimate, Measure, Minimum};

/// Claim 5: a resources effect on the US counts from 0.05 of gain or utility.
pub(crate) const RESOURCES: Minimum = Minimum {
    size: 0.05,
    reason: "a twentieth of the scale: less than the US's weight on resources times the smallest step between its resource values",
};
/// Claim 6: seating the EU must move its utility by 0.02.
pub(crate) const EU_SEAT: Minimum = Minimum {
    size: 0.02,
    reason: "a fifth of the 0.1 step between neighbouring option values: the least a seat must buy to matter",
};
/// Claims 5 and 6: a share of draws whose agreement changes counts from 5 %.
pub(crate) const CHANGED: f64 = 0.05;
/// Why claim 5 holds whatever the judged numbers.
pub(crate) const RESOURCES_BUILT: &str = "with every resources deal vetoed the US loses exactly its weight on resources times its value of the deal it would get: the gain measured is the weight the file puts on resources";

fn all(sw: &Sweep, m: &Metric<'_>) -> Vec<Option<f64>> {
    column(sw.samples(), 0..sw.samples().len(), m)
}

/// `b - a` of one metric, draw by draw.
fn diff(a: &Sweep, b: &Sweep, m: &Metric<'_>) -> Estimate {
    paired(&all(a, m), &all(b, m))
}

/// A series with one point per arm (x = 0, 1, ...).
fn per_arm(name: &str, arms: &[&Sweep], m: &Metric<'_>) -> Series {
    let points = arms
        .iter()
        .enumerate()
        .map(|(x, sw)| {
            let e = estimate(&all(sw, m));
            (x as f64, e.mean, e.se)
        })
        .collect();
    Series {
        name: name.into(),
        points,
        connect: true,
    }
}

/// Per draw with a deal in both arms: 1 when the agreements differ on any issue in
/// `issues` (a continuous value by more than 1e-6), else 0.
fn changed(a: &Sweep, b: &Sweep, issues: &[usize]) -> Estimate {
    let differs = |x: &[Value], y: &[Value]| {
        issues.iter().any(|&k| match (x[k], y[k]) {
            (Value::Option(p), Value::Option(q)) => p != q,
            (Value::Number(p), Value::Number(q)) => (p - q).abs() > 1e-6,
            _ => true,
        })
    };
    let v: Vec<Option<f64>> = (0..a.samples().len().min(b.samples().len()))
        .map(|j| {
            let (x, y) = (a.samples().outcome(j)?, b.samples().outcome(j)?);
            Some(if differs(x, y) { 1.0 } else { 0.0 })
        })
        .collect();
    estimate(&v)
}

const SHARE: &str = "share of the draws with a deal in both arms, s.e. = sd/sqrt(n)";

impl Study {
    /// Claim 5: the resources deals and Putin's counter-offer.
    pub fn resources(&self) -> Res<Claim> {
        let ids = &self.ids;
        let n = self.config.draws;
        let base = self.base()?;
        let no_joint = self.without_resources(&["joint_us_russia", "both"])?;
        let none = self.without_resources(&["us_ukraine_deal", "joint_us_russia", "both"])?;
        let nj = self.sweep(&no_joint, Concept::Nash, n, None, &[])?;
        let nr = self.sweep(&none, Concept::Nash, n, None, &[])?;
        let others: Vec<usize> = (0..self.scenario.issues().len())
            .filter(|&k| k != ids.resources)
            .collect();
        let measures = vec![
            Measure::judged("US gain: resources deals on the table minus none", diff(&nr, base, &gain(ids.us)), 1.0, true, RESOURCES.size),
            Measure::info("deal probability: resources deals on the table minus none", diff(&nr, base, &deal())),
            Measure::judged("US utility: with Putin's joint-venture offer minus without", diff(&nj, base, &utility(ids.us)), 1.0, true, RESOURCES.size),
            Measure::judged("share of draws whose agreement on the other issues changes when the offer is withdrawn", changed(&nj, base, &others), 1.0, true, CHANGED)
                .with_method(SHARE),
            Measure::info("Russia's gain: with the joint-venture offer minus without", diff(&nj, base, &gain(ids.russia))),
            Measure::info("Ukraine's utility: with the joint-venture offer minus without", diff(&nj, base, &utility(ids.ukraine))),
            Measure::info("sanctions relief (deals): with the joint-venture offer minus without", diff(&nj, base, &number(ids.sanctions))),
        ];
        let arms = [base, &nj, &nr];
        let shares = self.option_series(ids.resources, &arms)?;
        let gains = vec![
            per_arm("US gain", &arms, &gain(ids.us)),
            per_arm("Russia's gain", &arms, &gain(ids.russia)),
            per_arm("Ukraine's gain", &arms, &gain(ids.ukraine)),
        ];
        Ok(Claim::new(
            "resources",
            "The resources deal buys US engagement, and Putin's joint-exploitation counter-offer changes what the US accepts",
            "'The United States wants to cash in on its support for Zelensky' ... 'Putin ... has decided to tempt the American president with a counteroffer ... to jointly exploit Russia's rare metal deposits'",
            format!(
                "nash, {n} draws per arm, the same in every arm (seed {}{}): the scenario as written; with joint_us_russia and both vetoed (the counter-offer withdrawn); with every resources deal vetoed (resources = none). The vetoes are red lines added to the US in a copy of the JSON",
                self.config.seed,
                self.noise_text()
            ),
            measures,
            Plot {
                x_desc: "what is on the table".into(),
                x_labels: Some(vec!["as written".into(), "no joint venture".into(), "no resources deal".into()]),
                x_reversed: false,
                panels: vec![
                    Panel { title: "resources: option shares (deals)".into(), y_desc: "share of deals".into(), series: shares },
                    Panel { title: "mean gain (no deal = 0), 95 % interval".into(), y_desc: "gain".into(), series: gains },
                ],
            },
            RESOURCES,
        )
        .by_construction(RESOURCES_BUILT))
    }

    /// Claim 6: the EU at the table.
    pub fn eu_seat(&self) -> Res<Claim> {
        let ids = &self.ids;
        let n = self.config.draws;
        // Both arms are built, so the claim reads the same whether the file seats the EU.
        let unseated = self.scenario.with_seated("eu", false)?;
        let seated = self.scenario.with_seated("eu", true)?;
        let base = &self.sweep(&unseated, Concept::Nash, n, None, &[])?;
        let with = self.sweep(&seated, Concept::Nash, n, None, &[])?;
        let security = [ids.peacekeepers, ids.nato];
        let s = &self.scenario;
        let unresolved = [ids.unresolved];
        let un = [ids.un_non_nato];
        let measures = vec![
            Measure::judged("EU utility: seated minus unseated", diff(base, &with, &utility(ids.eu)), 1.0, true, EU_SEAT.size),
            Measure::judged(
                "share of draws whose peacekeepers option changes (deals in both arms)",
                changed(base, &with, &[ids.peacekeepers]),
                1.0,
                true,
                CHANGED,
            )
            .with_method(SHARE),
            Measure::judged(
                "direction: Ukraine's value of peacekeepers + nato (security guarantees, deals), seated minus unseated",
                diff(base, &with, &terms(s, ids.ukraine, &security)),
                1.0,
                false,
                EU_SEAT.size,
            ),
            Measure::info("share of draws whose nato option changes", changed(base, &with, &[ids.nato])).with_method(SHARE),
            Measure::info("army cap (deals), seated minus unseated", diff(base, &with, &number(ids.army_cap))),
            Measure::info("share of deals with crimea unresolved, seated minus unseated", diff(base, &with, &is_option(ids.crimea, &unresolved))),
            Measure::judged("Russia's utility, seated minus unseated", diff(base, &with, &utility(ids.russia)), -1.0, false, EU_SEAT.size),
            Measure::judged("US utility, seated minus unseated", diff(base, &with, &utility(ids.us)), -1.0, false, EU_SEAT.size),
            Measure::info("Ukraine's utility, seated minus unseated", diff(base, &with, &utility(ids.ukraine))),
            Measure::info("deal probability, seated minus unseated", diff(base, &with, &deal())),
        ];
        let arms = [base, &with];
        let utilities = vec![
            per_arm("EU", &arms, &utility(ids.eu)),
            per_arm("Russia", &arms, &utility(ids.russia)),
            per_arm("Ukraine", &arms, &utility(ids.ukraine)),
            per_arm("US", &arms, &utility(ids.us)),
        ];
        let pk_none = [ids.pk_none];
        let terms_series = vec![
            per_arm(
                "peacekeepers: none",
                &arms,
                &is_option(ids.peacekeepers, &pk_none),
            ),
            per_arm(
                "peacekeepers: un_non_nato",
                &arms,
                &is_option(ids.peacekeepers, &un),
            ),
            per_arm(
                "crimea: unresolved",
                &arms,
                &is_option(ids.crimea, &unresolved),
            ),
            per_arm("army cap", &arms, &number(ids.army_cap)),
        ];
        Ok(Claim::new(
            "eu_seat",
            "Keeping the EU from the table costs the EU: seating it changes the agreement on peacekeeping troops and security guarantees, and raises its utility",
            "'the impotence of a European Union which is trying to defend its own interests and those of Ukraine while noting that the United States and Russia have little interest in inviting it to the negotiating table.'",
            format!(
                "nash, {n} draws per arm, the same in both (seed {}{}): the EU unseated (as written) vs seated with Scenario::with_seated (it then bargains with its power and vetoes with its red lines)",
                self.config.seed,
                self.noise_text()
            ),
            measures,
            Plot {
                x_desc: "the EU".into(),
                x_labels: Some(vec!["unseated".into(), "seated".into()]),
                x_reversed: false,
                panels: vec![
                    Panel { title: "mean utility, 95 % interval".into(), y_desc: "utility".into(), series: utilities },
                    Panel { title: "terms (shares of deals; army cap: mean)".into(), y_desc: "share / army cap".into(), series: terms_series },
                ],
            },
            EU_SEAT,
        ))
    }
}
