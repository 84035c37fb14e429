//! The stated ranges of the judged numbers: the one place that says how far each number
//! of a scenario file could reasonably be off.
//!
//! Every number in the file is a judgement. Rather than a range per number, typed by
//! hand for one scenario and forgotten for the next, a rule per *kind* of number gives
//! the range of every number of that kind, in any scenario the study runs on ([`RULES`]
//! lists them, with their reasons; the study prints the list). Each range is a uniform
//! distribution of the library's sensitivity module, and each number is a
//! [`Param`] named by its field path, so any row of the study's flip table can be fed
//! to `detente sensitivity --params` as it stands.

use detente::sensitivity::{Dist, Param};
use detente::Scenario;
use serde_json::Value as Json;

use crate::experiments::Res;

/// The rules, in words: (kind of number, range, reason).
pub const RULES: [(&str, &str, &str); 8] = [
    ("weight", "stated x [0.5, 1.5]", "weights are orderings put into numbers ('the heaviest', 'second only to'); half again either way keeps most orderings and breaks some"),
    ("option value strictly inside (0, 1)", "stated ± 0.15, within [0, 1]", "the file's values step by 0.1 to 0.3 between options; 0.15 reaches halfway to the next typical step"),
    ("option value 0 or 1", "fixed", "the ends anchor each issue's scale (worst and best option); moving them rescales, which the weights already do"),
    ("interaction value and weight", "as option values and weights", "an interaction is a value with a weight"),
    ("disagreement point", "stated ± 0.1", "no-deal utilities are the least anchored numbers; 0.1 is a tenth of the scale either way"),
    ("power", "stated x [2/3, 1.5]", "the text says who is stronger, not by how much"),
    ("patience", "1 - (1 - stated) x [0.5, 2]", "halves or doubles the cost of a round of delay"),
    ("leverage effect size (d, power, patience)", "stated x [0, 3]", "each effect's sign rests on a sentence, its size on judgement: from none to three times the stated size (Kursk's +0.06 on Ukraine's d reaches 0.18)"),
];

/// The rule for the status-quo level of each leverage variable (also judged).
pub const LEVEL_RULE: (&str, &str, &str) = (
    "leverage level at the status quo",
    "its own distribution in the file",
    "the file already states how uncertain each lever is",
);

/// The judged numbers of one scenario: parameters (field paths with ranges) and the
/// values the file states.
pub struct Judged {
    /// Field paths with their ranges, in file order.
    pub params: Vec<Param>,
    /// The value the file states for each.
    pub stated: Vec<f64>,
}

impl Judged {
    /// Every judged number of `scenario` with its range by [`RULES`], then every
    /// leverage level with its distribution.
    ///
    /// # Errors
    /// A scenario without a file form, or a path the library does not resolve.
    pub fn of(scenario: &Scenario) -> Res<Judged> {
        let form = serde_json::to_value(scenario)?;
        let mut out = Judged {
            params: Vec::new(),
            stated: Vec::new(),
        };
        for actor in form["actors"].as_array().ok_or("no actors")? {
            let id = actor["id"].as_str().ok_or("an actor without id")?;
            out.actor(scenario, id, actor)?;
        }
        for lever in form["leverage"].as_array().into_iter().flatten() {
            let id = lever["id"].as_str().ok_or("a lever without id")?;
            let effects = lever["effects"].as_array().into_iter().flatten();
            for (e, effect) in effects.enumerate() {
                for field in ["disagreement", "power", "patience"] {
                    if let Some(x) = effect[field].as_f64().filter(|x| *x != 0.0) {
                        let (a, b) = (0.0_f64, 3.0 * x);
                        let path = format!("leverage[{id}].effects[{e}].{field}");
                        out.push(scenario, &path, x, a.min(b), a.max(b))?;
                    }
                }
            }
        }
        let levels = scenario.status_quo();
        for param in Param::leverage_defaults(scenario) {
            let id = param
                .path()
                .trim_start_matches("leverage[")
                .trim_end_matches(']');
            let l = scenario.leverage_index(id).ok_or("a lever without index")?;
            out.params.push(param);
            out.stated.push(levels[l]);
        }
        Ok(out)
    }

    fn actor(&mut self, scenario: &Scenario, id: &str, actor: &Json) -> Res<()> {
        let at = |field: &str| format!("actors[{id}].{field}");
        for (issue, w) in actor["weights"].as_object().into_iter().flatten() {
            if let Some(w) = w.as_f64().filter(|w| *w > 0.0) {
                self.push(
                    scenario,
                    &at(&format!("weights.{issue}")),
                    w,
                    0.5 * w,
                    1.5 * w,
                )?;
            }
        }
        for (issue, values) in actor["values"].as_object().into_iter().flatten() {
            if let Some(points) = values["points"].as_array() {
                for (p, point) in points.iter().enumerate() {
                    let path = at(&format!("values.{issue}.points[{p}][1]"));
                    self.value(scenario, &path, point[1].as_f64())?;
                }
            } else {
                for (option, v) in values.as_object().into_iter().flatten() {
                    let path = at(&format!("values.{issue}.{option}"));
                    self.value(scenario, &path, v.as_f64())?;
                }
            }
        }
        for (j, term) in actor["interactions"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            self.value(
                scenario,
                &at(&format!("interactions[{j}].value")),
                term["value"].as_f64(),
            )?;
            if let Some(w) = term["weight"].as_f64().filter(|w| *w > 0.0) {
                self.push(
                    scenario,
                    &at(&format!("interactions[{j}].weight")),
                    w,
                    0.5 * w,
                    1.5 * w,
                )?;
            }
        }
        if let Some(d) = actor["disagreement"].as_f64() {
            self.push(scenario, &at("disagreement"), d, d - 0.1, d + 0.1)?;
        }
        if let Some(p) = actor["power"].as_f64() {
            self.push(scenario, &at("power"), p, p / 1.5, p * 1.5)?;
        }
        if let Some(q) = actor["patience"].as_f64() {
            let rate = 1.0 - q;
            self.push(
                scenario,
                &at("patience"),
                q,
                1.0 - 2.0 * rate,
                1.0 - 0.5 * rate,
            )?;
        }
        Ok(())
    }

    /// An option value: ± 0.15 within [0, 1], the ends of the scale fixed.
    fn value(&mut self, scenario: &Scenario, path: &str, v: Option<f64>) -> Res<()> {
        match v {
            Some(v) if v > 0.0 && v < 1.0 => {
                self.push(scenario, path, v, (v - 0.15).max(0.0), (v + 0.15).min(1.0))
            }
            _ => Ok(()),
        }
    }

    fn push(&mut self, scenario: &Scenario, path: &str, stated: f64, lo: f64, hi: f64) -> Res<()> {
        self.params
            .push(Param::new(scenario, path, Dist::uniform(lo, hi)?)?);
        self.stated.push(stated);
        Ok(())
    }

    /// The index of the parameter at `path`.
    pub fn index(&self, path: &str) -> Option<usize> {
        self.params.iter().position(|p| p.path() == path)
    }
}
