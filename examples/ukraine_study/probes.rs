//! Each claim's exact probe (see [`crate::exact`]): its headline effect by exact solves
//! at the status quo, against the minimum its own file states.

use detente::{Concept, Scenario};

use crate::exact::{Arm, MarginFn, Outs, Probe};
use crate::experiments::{quartiles, Res, Study};
use crate::stats::{margin, Expect, Minimum};
use crate::{claims, levers, skipped, table};

fn sign(s: f64, m: Minimum) -> impl Fn(f64) -> f64 {
    move |e| margin(e, Expect::Sign(s), m.size)
}

fn probe(concept: Concept, arms: Vec<Arm>, f: MarginFn) -> Option<Probe> {
    Some(Probe {
        concept,
        arms,
        margin: f,
    })
}

/// 1 when the agreement crosses one of Russia's standing red lines (read from the
/// file: its one-issue lines without a gate).
fn crossing(scenario: &Scenario) -> Res<Vec<String>> {
    let form = serde_json::to_value(scenario)?;
    let russia = form["actors"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["id"] == "russia"))
        .ok_or("no actor russia")?;
    let mut names = Vec::new();
    for line in russia["red_lines"].as_array().into_iter().flatten() {
        if line.get("if").is_some() {
            continue;
        }
        let issue = line["issue"].as_str().unwrap_or("");
        for o in line["options"].as_array().into_iter().flatten() {
            names.push(format!("{issue}={}", o.as_str().unwrap_or("")));
        }
    }
    Ok(names)
}

impl Study {
    /// The probe of every claim, in the order of [`Study::run_all`] (`None`: a claim
    /// whose effect no exact solve gives, the protocol's).
    ///
    /// # Errors
    /// A counterfactual variant that cannot be built.
    pub fn probes(&self) -> Res<Vec<Option<Probe>>> {
        let s = &self.scenario;
        let base = |pins: &[(&str, f64)]| Arm::new(s, pins);
        let lines = crossing(s)?;
        let red: MarginFn = Box::new(move |o: &[Outs<'_>]| {
            let crossed = lines.iter().map(|n| o[0].get(n)).fold(0.0, f64::max);
            margin(crossed, Expect::Negligible, claims::RED_LINES.size)
        });
        let us = sign(1.0, claims::US_SUPPORT);
        let support: MarginFn = Box::new(move |o| {
            // Arm 0 has us_support at 1, arm 1 at 0: the claim is Ukraine's utility
            // falling and Russia's gain rising as support falls.
            let ukraine = us(o[0].get("utility.ukraine") - o[1].get("utility.ukraine"));
            let russia = us(o[1].get("gain.russia") - o[0].get("gain.russia"));
            ukraine.min(russia)
        });
        let free = self.without_russian_vetoes()?;
        let nato: MarginFn = Box::new(|o| {
            margin(
                o[0].get("nato=member"),
                Expect::Negligible,
                claims::NATO.size,
            )
        });
        let tr = sign(1.0, claims::TROOPS);
        let troops: MarginFn = Box::new(move |o| {
            tr(o[0].get("peacekeepers=european") - o[0].get("peacekeepers=european_us_backstop"))
        });
        let t = sign(1.0, levers::TEMPO);
        let tempo: MarginFn = Box::new(move |o| {
            let r = t(o[1].get("utility.russia") - o[0].get("utility.russia"));
            r.min(t(o[0].get("utility.ukraine") - o[1].get("utility.ukraine")))
        });
        let patient = |x: f64| {
            base(&[
                ("actors[russia].patience", x),
                ("leverage[us_impatience]", 1.0),
            ])
        };
        let june = sign(1.0, skipped::JUNE);
        let eager = sign(1.0, skipped::EAGER);
        Ok(vec![
            probe(Concept::Nash, vec![base(&[])], red),
            probe(
                Concept::Nash,
                vec![
                    base(&[("leverage[us_support]", 1.0)]),
                    base(&[("leverage[us_support]", 0.0)]),
                ],
                support,
            ),
            self.kursk_probe()?,
            probe(Concept::Offers, vec![patient(0.90), patient(0.99)], tempo),
            self.resources_probe()?,
            self.eu_probe()?,
            probe(Concept::Nash, vec![Arm::new(&free, &[])], nato),
            probe(Concept::Nash, vec![Arm::new(&free, &[])], troops),
            probe(
                Concept::Nash,
                vec![Arm::new(&self.nato_troops_only()?, &[])],
                Box::new(move |o| june(o[0].get("peacekeepers=un_non_nato"))),
            ),
            probe(
                Concept::Nash,
                vec![base(&[])],
                Box::new(|o| {
                    margin(
                        1.0 - o[0].get("utility.russia"),
                        Expect::Negligible,
                        skipped::NOTHING.size,
                    )
                }),
            ),
            probe(
                Concept::Offers,
                vec![
                    base(&[("leverage[us_impatience]", -1.0)]),
                    base(&[("leverage[us_impatience]", 1.0)]),
                ],
                Box::new(move |o| eager(o[1].get("utility.russia") - o[0].get("utility.russia"))),
            ),
            None,
        ])
    }

    /// Claim 3: Kursk's loss against each other lever's, each between its quartiles.
    fn kursk_probe(&self) -> Res<Option<Probe>> {
        let s = &self.scenario;
        let mut arms = Vec::new();
        let mut kursk = None;
        for lever in s.leverage() {
            let (lo, hi) = quartiles(lever.distribution());
            if (hi - lo).abs() < 1e-12 {
                continue;
            }
            let path = format!("leverage[{}]", lever.id());
            if lever.id() == "kursk_held" {
                kursk = Some(arms.len() / 2);
            }
            arms.push(Arm::new(s, &[(&path, lo)]));
            arms.push(Arm::new(s, &[(&path, hi)]));
        }
        let k = kursk.ok_or("no kursk_held lever")?;
        let m = sign(1.0, levers::KURSK);
        let f: MarginFn = Box::new(move |o| {
            let loss = |l: usize| {
                (o[2 * l + 1].get("utility.ukraine") - o[2 * l].get("utility.ukraine")).abs()
            };
            (0..o.len() / 2)
                .filter(|&l| l != k)
                .map(|l| m(loss(k) - loss(l)))
                .fold(f64::INFINITY, f64::min)
        });
        Ok(probe(Concept::Nash, arms, f))
    }

    /// Claim 5: the US's gain from resources deals, its utility from the joint
    /// venture, and whether withdrawing the venture changes the rest of the deal.
    fn resources_probe(&self) -> Res<Option<Probe>> {
        let no_joint = self.without_resources(&["joint_us_russia", "both"])?;
        let none = self.without_resources(&["us_ukraine_deal", "joint_us_russia", "both"])?;
        let others: Vec<String> = self
            .scenario
            .issues()
            .iter()
            .map(|i| i.id().to_string())
            .filter(|id| id != "resources")
            .collect();
        let m = sign(1.0, table::RESOURCES);
        let f: MarginFn = Box::new(move |o| {
            let keys: Vec<&str> = others.iter().map(String::as_str).collect();
            let changed = f64::from(u8::from(o[0].differs_on(&o[1], &keys)));
            m(o[0].get("gain.us") - o[2].get("gain.us"))
                .min(m(o[0].get("utility.us") - o[1].get("utility.us")))
                .min(changed - table::CHANGED)
        });
        let arms = vec![
            Arm::new(&self.scenario, &[]),
            Arm::new(&no_joint, &[]),
            Arm::new(&none, &[]),
        ];
        Ok(probe(Concept::Nash, arms, f))
    }

    /// Claim 6: the EU's utility and the peacekeepers option, unseated vs seated.
    fn eu_probe(&self) -> Res<Option<Probe>> {
        let unseated = self.scenario.with_seated("eu", false)?;
        let seated = self.scenario.with_seated("eu", true)?;
        let m = sign(1.0, table::EU_SEAT);
        // An unseated actor has no output of its own, so the EU's utility in both arms
        // is read from the agreement with the EU's stated values (its d without a
        // deal): the EU's own value judgements move this probe only through the deal.
        let stated = self.scenario.clone();
        let eu = self.ids.eu;
        let d = stated.status_quo_situation().disagreement()[eu];
        let f: MarginFn = Box::new(move |o| {
            let u = |arm: &Outs<'_>| {
                arm.outcome(&stated)
                    .map_or(d, |x| stated.actors()[eu].utility(&x))
            };
            let changed = f64::from(u8::from(o[0].differs_on(&o[1], &["peacekeepers"])));
            m(u(&o[1]) - u(&o[0])).min(changed - table::CHANGED)
        });
        Ok(probe(
            Concept::Nash,
            vec![Arm::new(&unseated, &[]), Arm::new(&seated, &[])],
            f,
        ))
    }
}
