//! Claims 9 to 11: what the text says and the first study did not vary: Russia's June
//! condition of no foreign troops at all, "Russia gives in on nothing", and a US
//! eager for a quick deal under alternating offers.

use detente::sweep::Sweep;
use detente::{Concept, Scenario, Verdict};
use serde_json::Value as Json;

use crate::experiments::{
    column, is_option, utility, Claim, Metric, Panel, Plot, Res, Series, Study,
};
use crate::stats::{estimate, paired, Measure, Minimum};

/// Claim 9: the June condition binds when a non-NATO force would enter 5 % of deals.
pub(crate) const JUNE: Minimum = Minimum {
    size: 0.05,
    reason: "one deal in twenty: a condition that changes fewer deals than that is a formality",
};
/// Claim 10: "nothing" is less than a tenth of Russia's utility scale.
pub(crate) const NOTHING: Minimum = Minimum {
    size: 0.1,
    reason: "about two of Russia's lightest issues (weight 1 of 23 each) given up in full: less than that is giving in on nothing that matters",
};
/// Claim 11: the US's haste must move Russia's utility by 0.02.
pub(crate) const EAGER: Minimum = Minimum {
    size: 0.02,
    reason: "as the tempo claim: a fifth of the 0.1 step between neighbouring option values",
};

fn all(sw: &Sweep, m: &Metric<'_>) -> Vec<Option<f64>> {
    column(sw.samples(), 0..sw.samples().len(), m)
}

/// 1 - u_i among the deals: the distance from an ideal of 1 (every actor values its
/// best option on each issue at 1, in both Ukraine files).
fn distance<'a>(i: usize) -> Metric<'a> {
    Box::new(move |s, j| s.outcome(j).map(|_| 1.0 - s.utilities(j)[i]))
}

impl Study {
    /// Russia vetoing NATO-country troops only: its red lines that veto a non-NATO
    /// force (and no NATO-country option) removed.
    pub(crate) fn nato_troops_only(&self) -> Res<Scenario> {
        let nato_flag = ["european", "european_us_backstop"];
        self.variant("russia", |a| {
            let lines = a
                .get_mut("red_lines")
                .and_then(Json::as_array_mut)
                .ok_or("russia has no red_lines")?;
            lines.retain(|r| {
                let on_troops = r.get("issue").and_then(Json::as_str) == Some("peacekeepers");
                let options = r.get("options").and_then(Json::as_array);
                let non_nato_only = options.is_some_and(|o| {
                    o.iter()
                        .all(|x| !nato_flag.contains(&x.as_str().unwrap_or("")))
                });
                !(on_troops && non_nato_only)
            });
            Ok(())
        })
    }

    /// Claim 9: Russia's June condition, no foreign troops of any flag.
    pub fn foreign_troops(&self) -> Res<Claim> {
        let ids = &self.ids;
        let n = self.config.draws;
        let base = self.base()?;
        let narrow = self.sweep(&self.nato_troops_only()?, Concept::Nash, n, None, &[])?;
        let un = [ids.un_non_nato];
        let m_un = is_option(ids.peacekeepers, &un);
        let share = estimate(&all(&narrow, &m_un));
        let (u, r) = (utility(ids.ukraine), utility(ids.russia));
        let measures = vec![
            Measure::judged(
                "share of deals with a non-NATO force when Russia vetoes NATO-country troops only",
                share,
                1.0,
                true,
                JUNE.size,
            )
            .with_method("share of the deals, s.e. sqrt(p(1-p)/n)"),
            Measure::info(
                "Ukraine's utility: June condition minus NATO-only veto",
                paired(&all(&narrow, &u), &all(base, &u)),
            ),
            Measure::info(
                "Russia's utility: June condition minus NATO-only veto",
                paired(&all(&narrow, &r), &all(base, &r)),
            ),
        ];
        let arms = [base, &narrow];
        Ok(Claim::new(
            "foreign_troops",
            "Russia's June condition of no foreign troops at all binds: without it the table would deploy a non-NATO force",
            "'he has kept the main conditions he set last June to stop the invasion almost intact: ... that it is demilitarized and no foreign troops are deployed to guarantee its security.'",
            format!(
                "nash, {n} draws per arm, the same in both (seed {}{}): the scenario as written (Russia vetoes foreign troops of any flag) vs Russia vetoing NATO-country troops only (its red line on a non-NATO force removed in a copy of the JSON)",
                self.config.seed,
                self.noise_text()
            ),
            measures,
            Plot {
                x_desc: "Russia's veto on troops".into(),
                x_labels: Some(vec!["any flag (June)".into(), "NATO countries only".into()]),
                x_reversed: false,
                panels: vec![Panel {
                    title: "peacekeepers: option shares (deals)".into(),
                    y_desc: "share of deals".into(),
                    series: self.option_series(ids.peacekeepers, &arms)?,
                }],
            },
            JUNE,
        ))
    }

    /// Claim 10: "Russia has no intention of giving in on anything".
    pub fn russia_concedes(&self) -> Res<Claim> {
        let ids = &self.ids;
        let base = self.base()?;
        let (dr, du, dus) = (
            distance(ids.russia),
            distance(ids.ukraine),
            distance(ids.us),
        );
        let gap: Metric<'_> = Box::new(move |s, j| Some(du(s, j)? - dr(s, j)?));
        let dr = distance(ids.russia);
        let measures = vec![
            Measure::negligible(
                "Russia's distance from its ideal, 1 - u (deals)",
                estimate(&all(base, &dr)),
                true,
                NOTHING.size,
            )
            .with_method("mean over the deals, s.e. = sd/sqrt(n)"),
            Measure::judged(
                "Ukraine's distance from its ideal minus Russia's (deals)",
                estimate(&all(base, &gap)),
                1.0,
                false,
                NOTHING.size,
            )
            .with_method("mean over the deals, s.e. = sd/sqrt(n)"),
            Measure::info(
                "the US's distance from its ideal (deals)",
                estimate(&all(base, &dus)),
            ),
        ];
        let who = [
            (ids.russia, "Russia"),
            (ids.ukraine, "Ukraine"),
            (ids.us, "US"),
        ];
        let series = who
            .iter()
            .enumerate()
            .map(|(x, &(i, name))| {
                let e = estimate(&all(base, &distance(i)));
                Series {
                    name: name.into(),
                    points: vec![(x as f64, e.mean, e.se)],
                    connect: false,
                }
            })
            .collect();
        Ok(Claim::new(
            "russia_concedes",
            "Russia gives in on nothing: the agreement sits at Russia's ideal",
            "'On the score, Russia has no intention of giving in on anything'",
            format!(
                "nash, {} draws (seed {}{}): each side's distance from its ideal (1 - u, its best option on every issue) in the deals",
                self.config.draws,
                self.config.seed,
                self.noise_text()
            ),
            measures,
            Plot {
                x_desc: "side".into(),
                x_labels: Some(vec!["Russia".into(), "Ukraine".into(), "US".into()]),
                x_reversed: false,
                panels: vec![Panel {
                    title: "distance from its ideal, 1 - u (deals; mean, 95 % interval)".into(),
                    y_desc: "1 - utility".into(),
                    series,
                }],
            },
            NOTHING,
        ))
    }

    /// Claim 11: a US eager for a quick deal, under alternating offers.
    pub fn us_eager(&self) -> Res<Claim> {
        let ids = &self.ids;
        let n = self.config.offers;
        let calm = self.draws(n, &[("us_impatience", -1.0)])?;
        let eager = self.draws(n, &[("us_impatience", 1.0)])?;
        let (a, b) = (
            self.offers(&self.scenario, &calm)?,
            self.offers(&self.scenario, &eager)?,
        );
        let col = |arm: &[Option<Verdict>], i: usize| -> Vec<Option<f64>> {
            arm.iter()
                .map(|v| v.as_ref().map(|v| v.utilities()[i]))
                .collect()
        };
        let mut measures = Vec::new();
        let mut series = Vec::new();
        for (i, name, headline) in [
            (ids.russia, "Russia's utility", true),
            (ids.us, "US utility", false),
            (ids.ukraine, "Ukraine's utility", false),
        ] {
            let e = paired(&col(&a, i), &col(&b, i));
            let label = format!("{name}, us_impatience -1 -> +1 sd");
            measures.push(if headline {
                Measure::judged(label, e, 1.0, true, EAGER.size)
            } else {
                Measure::info(label, e)
            });
            series.push(Series {
                name: format!("{name}: change"),
                points: vec![(-1.0, 0.0, 0.0), (1.0, e.mean, e.se)],
                connect: true,
            });
        }
        let unsolved = |arm: &[Option<Verdict>]| {
            estimate(
                &arm.iter()
                    .map(|v| Some(f64::from(u8::from(v.is_none()))))
                    .collect::<Vec<_>>(),
            )
        };
        measures.push(
            Measure::info(
                "share of draws without a stationary agreement, US eager",
                unsolved(&b),
            )
            .with_method("share of the draws"),
        );
        Ok(Claim::new(
            "us_eager",
            "A US eager for a quick deal gives ground to Russia: as the US grows impatient, the alternating-offers agreement moves toward Russia",
            "'it is in no hurry to conclude the negotiations in the face of a Trump eager to take credit'",
            format!(
                "alternating offers, Russia proposing first; us_impatience at -1 sd vs +1 sd (the US's patience falls, its d and power too), the other variables drawn; {n} draws per arm, the same in both (seed {}{})",
                self.config.seed,
                self.noise_text()
            ),
            measures,
            Plot {
                x_desc: "us_impatience (sd; right = more eager)".into(),
                x_labels: None,
                x_reversed: false,
                panels: vec![Panel { title: "paired change from a calm US, 95 % interval".into(), y_desc: "utility change".into(), series }],
            },
            EAGER,
        ))
    }
}
