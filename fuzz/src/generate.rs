//! A small valid scenario (contract §1) built from fuzz bytes: 1-3 issues (at most 2
//! continuous, at most 4 options each), 1-3 actors, red lines, 0-2 leverage variables.
//!
//! Numbers come mostly from small palettes, so that ties, zero weights, degenerate
//! surpluses and disagreement points on the frontier are common, sometimes from a
//! wide range, and with `DETENTE_FUZZ_EXTREME` set rarely extreme (up to 1e15).
//! Curve breakpoints sit on a grid of the range, which bounds the slopes: the axioms'
//! tolerance for continuous issues relies on that.

use arbitrary::{Result, Unstructured};
use serde_json::{json, Map, Value};

const VALUES: [f64; 14] = [
    0.0, 1.0, 0.5, 0.25, 0.75, 0.2, 0.4, 0.6, 0.8, -0.5, 2.0, 0.1, 1e-9, 0.3,
];
const WEIGHTS: [f64; 7] = [0.0, 1.0, 1.0, 2.0, 3.0, 0.5, 1e-3];
const DISAGREEMENT: [f64; 8] = [0.0, 0.0, 0.1, 0.2, 0.3, 0.5, -0.2, 1.0];
const POWER: [f64; 7] = [1.0, 1.0, 0.5, 2.0, 3.0, 0.1, 10.0];
const PATIENCE: [f64; 6] = [0.95, 0.9, 0.5, 0.99, 0.1, 0.999];
const COEFFICIENT: [f64; 6] = [0.0, 0.2, -0.5, 0.5, 1.0, -1.0];

/// JSON text of a small valid scenario.
///
/// # Errors
/// A failed draw (running out of bytes is not one: `arbitrary` then draws zeros).
pub fn generate(u: &mut Unstructured<'_>) -> Result<String> {
    let issues = issues(u)?;
    let n = u.int_in_range(1..=3usize)?;
    let mut actors: Vec<Value> = (0..n)
        .map(|i| actor(u, i, &issues))
        .collect::<Result<_>>()?;
    if !actors.iter().any(|a| a["seated"] != json!(false)) {
        actors[0]["seated"] = json!(true);
    }
    let leverage: Vec<Value> = (0..u.int_in_range(0..=2usize)?)
        .map(|l| leverage(u, l, n))
        .collect::<Result<_>>()?;
    let mut s = Map::new();
    s.insert("name".into(), json!("generated"));
    let issue_list = issues
        .iter()
        .enumerate()
        .map(|(k, i)| i.to_json(k))
        .collect();
    s.insert("issues".into(), Value::Array(issue_list));
    s.insert("actors".into(), Value::Array(actors));
    if !leverage.is_empty() {
        s.insert("leverage".into(), Value::Array(leverage));
    }
    Ok(Value::Object(s).to_string())
}

enum Issue {
    Discrete(usize),
    Continuous(f64, f64),
}

impl Issue {
    fn id(k: usize) -> String {
        format!("i{k}")
    }

    fn to_json(&self, k: usize) -> Value {
        match self {
            Issue::Discrete(m) => {
                let options: Vec<String> = (0..*m).map(|o| format!("o{o}")).collect();
                json!({ "id": Issue::id(k), "options": options })
            }
            Issue::Continuous(lo, hi) => json!({ "id": Issue::id(k), "range": [lo, hi] }),
        }
    }
}

fn issues(u: &mut Unstructured<'_>) -> Result<Vec<Issue>> {
    let n = u.int_in_range(1..=3usize)?;
    let mut out = Vec::with_capacity(n);
    let mut continuous = 0;
    for _ in 0..n {
        if continuous < 2 && u.ratio(1, 3)? {
            continuous += 1;
            let lo = f64::from(u.int_in_range(-2..=1i8)?);
            let width = *u.choose(&[1.0, 1.0, 2.0, 0.5, 10.0, 1e-3])?;
            out.push(Issue::Continuous(lo, lo + width));
        } else {
            out.push(Issue::Discrete(u.int_in_range(1..=4usize)?));
        }
    }
    Ok(out)
}

/// Extreme magnitudes: the utility limit (1e9) and the magnitude limit (1e15).
const EXTREME: [f64; 6] = [1e6, -1e6, 1e9, -1e9, 1e-12, 1e15];

/// Whether to draw [`EXTREME`] numbers: only with `DETENTE_FUZZ_EXTREME` set, since
/// the checks' single tolerance scale is blunt at mixed magnitudes (see README.md).
fn extreme() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("DETENTE_FUZZ_EXTREME").is_some())
}

fn number(u: &mut Unstructured<'_>, palette: &[f64]) -> Result<f64> {
    match u.int_in_range(0..=31u8)? {
        0 if extreme() => Ok(*u.choose(&EXTREME)?),
        1..=4 => Ok(f64::from(u.int_in_range(-300..=300i16)?) / 100.0),
        _ => Ok(*u.choose(palette)?),
    }
}

/// A utility (option value, curve value, disagreement point): a number within the
/// crate's utility limit.
fn utility(u: &mut Unstructured<'_>) -> Result<f64> {
    let limit = detente::scenario::limits::MAX_UTILITY;
    Ok(number(u, &VALUES)?.clamp(-limit, limit))
}

fn actor(u: &mut Unstructured<'_>, i: usize, issues: &[Issue]) -> Result<Value> {
    let mut weights = Map::new();
    let mut values = Map::new();
    for (k, issue) in issues.iter().enumerate() {
        let w = number(u, &WEIGHTS)?.abs();
        let id = Issue::id(k);
        if w > 0.0 || u.ratio(1, 2)? {
            weights.insert(id.clone(), json!(w));
        }
        if w == 0.0 && u.ratio(1, 2)? {
            continue; // a value for an issue of weight 0 may be omitted
        }
        values.insert(id, value_table(u, issue)?);
    }
    if !weights
        .values()
        .any(|w| w.as_f64().is_some_and(|w| w > 0.0))
    {
        // Weights may not all be zero: the first issue gets weight 1 (and a value).
        let id = Issue::id(0);
        weights.insert(id.clone(), json!(1.0));
        if !values.contains_key(&id) {
            values.insert(id, value_table(u, &issues[0])?);
        }
    }
    let mut a = Map::new();
    a.insert("id".into(), json!(format!("a{i}")));
    if u.ratio(1, 5)? {
        a.insert("seated".into(), json!(false));
    }
    for (key, palette) in [
        ("power", &POWER[..]),
        ("patience", &PATIENCE[..]),
        ("disagreement", &DISAGREEMENT[..]),
    ] {
        if u.ratio(1, 2)? {
            let mut x = *u.choose(palette)?;
            if key == "disagreement" && u.ratio(1, 8)? {
                x = utility(u)?;
            }
            a.insert(key.into(), json!(x));
        }
    }
    a.insert("weights".into(), Value::Object(weights));
    a.insert("values".into(), Value::Object(values));
    let red_lines: Vec<Value> = (0..u.int_in_range(0..=2usize)?)
        .map(|_| red_line(u, issues))
        .collect::<Result<_>>()?;
    if !red_lines.is_empty() {
        a.insert("red_lines".into(), Value::Array(red_lines));
    }
    Ok(Value::Object(a))
}

fn value_table(u: &mut Unstructured<'_>, issue: &Issue) -> Result<Value> {
    match issue {
        Issue::Discrete(m) => {
            let mut t = Map::new();
            for o in 0..*m {
                t.insert(format!("o{o}"), json!(utility(u)?));
            }
            Ok(Value::Object(t))
        }
        Issue::Continuous(lo, hi) => {
            let pieces = u.int_in_range(1..=4u8)?;
            let step = (hi - lo) / f64::from(pieces);
            let mut points = Vec::with_capacity(usize::from(pieces) + 1);
            for p in 0..=pieces {
                let x = match p {
                    0 => *lo,
                    p if p == pieces => *hi,
                    p => lo + step * f64::from(p),
                };
                points.push(json!([x, utility(u)?]));
            }
            Ok(json!({ "points": points }))
        }
    }
}

fn red_line(u: &mut Unstructured<'_>, issues: &[Issue]) -> Result<Value> {
    let k = u.choose_index(issues.len())?;
    let id = Issue::id(k);
    let issue = &issues[k];
    match issue {
        Issue::Discrete(m) => {
            let mut vetoed: Vec<String> = (0..*m)
                .filter_map(|o| match u.ratio(1, 3) {
                    Ok(true) => Some(format!("o{o}")),
                    _ => None,
                })
                .collect();
            if vetoed.is_empty() {
                vetoed.push(format!("o{}", u.int_in_range(0..=*m - 1)?));
            }
            Ok(json!({ "issue": id, "options": vetoed }))
        }
        Issue::Continuous(lo, hi) => {
            let at = |u: &mut Unstructured<'_>| -> Result<f64> {
                let t = f64::from(u.int_in_range(0..=8u8)?) / 8.0;
                Ok(lo + (hi - lo) * t)
            };
            Ok(match u.int_in_range(0..=2u8)? {
                0 => json!({ "issue": id, "below": at(u)? }),
                1 => json!({ "issue": id, "above": at(u)? }),
                _ => json!({ "issue": id, "below": at(u)?, "above": at(u)? }),
            })
        }
    }
}

fn leverage(u: &mut Unstructured<'_>, l: usize, actors: usize) -> Result<Value> {
    let distribution = match u.int_in_range(0..=4u8)? {
        0 => json!({ "fixed": number(u, &VALUES)? }),
        1 => {
            let lo = number(u, &VALUES)?;
            json!({ "uniform": [lo, lo + *u.choose(&[1.0, 0.5, 2.0, 1e-6])?] })
        }
        2 => json!({ "normal": [number(u, &VALUES)?, *u.choose(&[0.1, 1.0, 0.5, 3.0])?] }),
        3 => {
            json!({ "beta": [*u.choose(&[0.5, 1.0, 2.0, 5.0])?, *u.choose(&[0.5, 1.0, 2.0, 5.0])?] })
        }
        _ => json!({ "bernoulli": *u.choose(&[0.0, 0.5, 1.0, 0.1, 0.9])? }),
    };
    let mut v = Map::new();
    v.insert("id".into(), json!(format!("l{l}")));
    if u.ratio(1, 3)? {
        v.insert("value".into(), json!(number(u, &VALUES)?));
    }
    if u.ratio(7, 8)? {
        v.insert("distribution".into(), distribution);
    } else if !v.contains_key("value") {
        v.insert("value".into(), json!(0.5));
    }
    let mut effects = Vec::new();
    for _ in 0..u.int_in_range(0..=2usize)? {
        let mut e = Map::new();
        e.insert(
            "actor".into(),
            json!(format!("a{}", u.int_in_range(0..=actors - 1)?)),
        );
        for key in ["disagreement", "power", "patience"] {
            if u.ratio(1, 2)? {
                e.insert(key.into(), json!(*u.choose(&COEFFICIENT)?));
            }
        }
        effects.push(Value::Object(e));
    }
    if !effects.is_empty() {
        v.insert("effects".into(), Value::Array(effects));
    }
    Ok(Value::Object(v))
}
