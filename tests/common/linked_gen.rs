//! Random scenarios with linked issues (CONTRACT §7) for `tests/linked.rs`, and an
//! evaluator of utilities and red lines written from the contract alone, so that the
//! brute forces do not lean on the library's own `Actor::utility` or `vetoes`.
//!
//! A case is drawn from a `u64` seed (proptest supplies the seeds, so a failing seed is
//! kept in the regressions file); every threshold sits on a multiple of 1/8 of its range,
//! so that grids of 8m + 1 points hit every breakpoint exactly.

use detente::Value;
use serde_json::{json, Map, Value as Json};

/// splitmix64: small, portable, enough for drawing test cases.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5851_f42d_4c95_7f2d)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    /// A non-empty subset of `0..n` (at most `max` elements), sorted.
    pub fn subset(&mut self, n: usize, max: usize) -> Vec<usize> {
        let k = self.range(1, max.min(n));
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..n {
            let j = i + self.below(n - i);
            all.swap(i, j);
        }
        let mut s = all[..k].to_vec();
        s.sort_unstable();
        s
    }
}

#[derive(Debug, Clone)]
pub enum Iss {
    Disc(usize),
    Cont { lo: f64, width: f64 },
}

impl Iss {
    /// The point at `k` eighths of the range.
    pub fn at8(&self, k: usize) -> f64 {
        match *self {
            Iss::Cont { lo, width } => {
                if k == 8 {
                    lo + width
                } else {
                    lo + width * k as f64 / 8.0
                }
            }
            Iss::Disc(_) => f64::NAN,
        }
    }
}

/// A condition (or a one-issue red line, which never uses `Between`).
#[derive(Debug, Clone)]
pub enum Cond {
    Opts(usize, Vec<usize>),
    Below(usize, f64),
    Above(usize, f64),
    Between(usize, f64, f64),
}

impl Cond {
    pub fn holds(&self, x: &[Value]) -> bool {
        match self {
            Cond::Opts(k, set) => set.contains(&x[*k].as_option().expect("discrete")),
            Cond::Below(k, b) => x[*k].as_number().expect("continuous") < *b,
            Cond::Above(k, b) => x[*k].as_number().expect("continuous") > *b,
            Cond::Between(k, lo, hi) => {
                let v = x[*k].as_number().expect("continuous");
                *lo <= v && v <= *hi
            }
        }
    }

    pub fn to_json(&self) -> Json {
        match self {
            Cond::Opts(k, set) => {
                json!({"issue": issue_id(*k), "options": set.iter().map(|&o| option_label(o)).collect::<Vec<_>>()})
            }
            Cond::Below(k, b) => json!({"issue": issue_id(*k), "below": b}),
            Cond::Above(k, b) => json!({"issue": issue_id(*k), "above": b}),
            Cond::Between(k, lo, hi) => json!({"issue": issue_id(*k), "between": [lo, hi]}),
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub enum Gate {
    Below(f64),
    Above(f64),
    Between(f64, f64),
}

impl Gate {
    pub fn open(self, level: f64) -> bool {
        match self {
            Gate::Below(t) => level < t,
            Gate::Above(t) => level > t,
            Gate::Between(a, b) => a <= level && level <= b,
        }
    }
    fn to_json(self) -> Json {
        match self {
            Gate::Below(t) => json!({"leverage": "lever", "below": t}),
            Gate::Above(t) => json!({"leverage": "lever", "above": t}),
            Gate::Between(a, b) => json!({"leverage": "lever", "between": [a, b]}),
        }
    }
}

#[derive(Debug, Clone)]
pub enum RedBody {
    One(Cond),
    All(Vec<Cond>),
}

#[derive(Debug, Clone)]
pub struct Red {
    pub body: RedBody,
    pub gate: Option<Gate>,
}

impl Red {
    pub fn crossed(&self, x: &[Value], level: f64) -> bool {
        if self.gate.is_some_and(|g| !g.open(level)) {
            return false;
        }
        match &self.body {
            RedBody::One(c) => c.holds(x),
            RedBody::All(cs) => cs.iter().all(|c| c.holds(x)),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Inter {
    pub when: Vec<Cond>,
    pub value: f64,
    pub weight: f64,
}

#[derive(Debug, Clone)]
pub enum Val {
    Options(Vec<f64>),
    /// (eighths of the range, value), from 0 to 8.
    Curve(Vec<(usize, f64)>),
}

#[derive(Debug, Clone)]
pub struct Act {
    pub seated: bool,
    pub power: f64,
    pub patience: f64,
    pub disagreement: f64,
    pub weights: Vec<f64>,
    pub values: Vec<Val>,
    pub red: Vec<Red>,
    pub inter: Vec<Inter>,
}

#[derive(Debug, Clone)]
pub enum Dist {
    Bernoulli(f64),
    Uniform(f64, f64),
}

#[derive(Debug, Clone)]
pub struct Case {
    pub issues: Vec<Iss>,
    pub actors: Vec<Act>,
    pub dist: Dist,
    /// Status-quo value as written (`None`: the distribution's mean).
    pub value: Option<f64>,
    /// Effect of the lever on each actor's disagreement point.
    pub effect: Vec<f64>,
}

/// Shape of the drawn cases.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub actors: (usize, usize),
    pub discrete: (usize, usize),
    pub options: (usize, usize),
    /// Number of continuous issues (0 or 1).
    pub continuous: usize,
    /// Chance of an extra discrete issue that nobody weighs (ties across links).
    pub dummy: f64,
}

pub fn issue_id(k: usize) -> String {
    format!("i{k}")
}

pub fn option_label(o: usize) -> String {
    format!("o{o}")
}

const VALUES: [f64; 6] = [-0.25, 0.0, 0.25, 0.5, 0.75, 1.0];
const TERM_VALUES: [f64; 5] = [-1.0, -0.5, 0.0, 0.5, 1.0];
const THRESHOLDS: [f64; 3] = [0.25, 0.5, 0.75];

fn cond(rng: &mut Rng, issues: &[Iss]) -> Cond {
    let k = rng.below(issues.len());
    match issues[k] {
        Iss::Disc(n) => Cond::Opts(k, rng.subset(n, n)),
        Iss::Cont { .. } => {
            let a = issues[k].at8(rng.range(0, 8));
            match rng.below(3) {
                0 => Cond::Below(k, a),
                1 => Cond::Above(k, a),
                _ => {
                    let b = issues[k].at8(rng.range(0, 8));
                    Cond::Between(k, a.min(b), a.max(b))
                }
            }
        }
    }
}

fn one_issue_red(rng: &mut Rng, issues: &[Iss]) -> Cond {
    let k = rng.below(issues.len());
    match issues[k] {
        Iss::Disc(n) => Cond::Opts(k, rng.subset(n, n - 1)),
        Iss::Cont { .. } => {
            if rng.chance(0.5) {
                Cond::Below(k, issues[k].at8(rng.range(1, 4)))
            } else {
                Cond::Above(k, issues[k].at8(rng.range(4, 7)))
            }
        }
    }
}

fn gate(rng: &mut Rng) -> Gate {
    match rng.below(3) {
        0 => Gate::Below(rng.pick(&THRESHOLDS)),
        1 => Gate::Above(rng.pick(&THRESHOLDS)),
        _ => Gate::Between(0.25, rng.pick(&[0.5, 0.75])),
    }
}

fn actor(rng: &mut Rng, issues: &[Iss], dummy: Option<usize>) -> Act {
    let mut weights: Vec<f64> = issues
        .iter()
        .enumerate()
        .map(|(k, _)| {
            if Some(k) == dummy {
                0.0
            } else {
                rng.range(0, 3) as f64
            }
        })
        .collect();
    let values = issues
        .iter()
        .map(|i| match *i {
            Iss::Disc(n) => Val::Options((0..n).map(|_| rng.pick(&VALUES)).collect()),
            Iss::Cont { .. } => {
                let mut xs = vec![0, rng.range(1, 7), 8];
                xs.dedup();
                Val::Curve(xs.into_iter().map(|x| (x, rng.pick(&VALUES))).collect())
            }
        })
        .collect();
    let mut red = Vec::new();
    for _ in 0..rng.range(0, 2) {
        let body = if rng.chance(0.5) {
            RedBody::One(one_issue_red(rng, issues))
        } else {
            RedBody::All((0..rng.range(1, 3)).map(|_| cond(rng, issues)).collect())
        };
        let gate = rng.chance(0.4).then(|| gate(rng));
        red.push(Red { body, gate });
    }
    let inter: Vec<Inter> = (0..rng.range(0, 3))
        .map(|_| Inter {
            when: (0..rng.range(0, 3)).map(|_| cond(rng, issues)).collect(),
            value: rng.pick(&TERM_VALUES),
            weight: rng.range(0, 3) as f64,
        })
        .collect();
    let total: f64 = weights.iter().sum::<f64>() + inter.iter().map(|t| t.weight).sum::<f64>();
    if total <= 0.0 {
        let k = (0..issues.len())
            .find(|&k| Some(k) != dummy)
            .expect("an issue");
        weights[k] = 1.0;
    }
    Act {
        seated: rng.chance(0.8),
        power: rng.pick(&[1.0, 1.0, 1.0, 0.5, 2.0]),
        patience: rng.pick(&[0.5, 0.8, 0.9, 0.95]),
        disagreement: rng.pick(&[-0.1, 0.0, 0.0, 0.1, 0.2, 0.3]),
        weights,
        values,
        red,
        inter,
    }
}

/// Draw a case of this shape from a seed.
pub fn case(seed: u64, shape: Shape) -> Case {
    let mut rng = Rng::new(seed);
    let mut issues: Vec<Iss> = (0..rng.range(shape.discrete.0, shape.discrete.1))
        .map(|_| Iss::Disc(rng.range(shape.options.0, shape.options.1)))
        .collect();
    for _ in 0..shape.continuous {
        let lo = rng.pick(&[-1.0, 0.0, 2.0]);
        let width = rng.pick(&[1.0, 2.0, 10.0]);
        let at = rng.range(0, issues.len());
        issues.insert(at, Iss::Cont { lo, width });
    }
    let dummy = rng.chance(shape.dummy).then(|| {
        let at = rng.range(0, issues.len());
        issues.insert(at, Iss::Disc(rng.range(2, 3)));
        at
    });
    let mut actors: Vec<Act> = (0..rng.range(shape.actors.0, shape.actors.1))
        .map(|_| actor(&mut rng, &issues, dummy))
        .collect();
    if actors.iter().all(|a| !a.seated) {
        actors[0].seated = true;
    }
    let dist = if rng.chance(0.5) {
        Dist::Bernoulli(rng.pick(&[0.3, 0.5]))
    } else {
        Dist::Uniform(0.0, 1.0)
    };
    let value = if rng.chance(0.5) {
        Some(rng.pick(&[0.0, 0.5, 1.0]))
    } else {
        None
    };
    let effect = actors
        .iter()
        .map(|_| {
            if rng.chance(0.3) {
                rng.pick(&[-0.1, 0.1])
            } else {
                0.0
            }
        })
        .collect();
    Case {
        issues,
        actors,
        dist,
        value,
        effect,
    }
}

impl Case {
    pub fn status_quo(&self) -> f64 {
        self.value.unwrap_or(match self.dist {
            Dist::Bernoulli(p) => p,
            Dist::Uniform(lo, hi) => (lo + hi) / 2.0,
        })
    }

    pub fn seated(&self) -> Vec<usize> {
        (0..self.actors.len())
            .filter(|&i| self.actors[i].seated)
            .collect()
    }

    #[allow(dead_code)]
    pub fn has_gates(&self) -> bool {
        self.actors
            .iter()
            .any(|a| a.red.iter().any(|r| r.gate.is_some()))
    }

    /// u_i(x), straight from CONTRACT §1 and §7.
    pub fn utility(&self, i: usize, x: &[Value]) -> f64 {
        let a = &self.actors[i];
        let mut num = 0.0;
        let mut den = 0.0;
        for (k, issue) in self.issues.iter().enumerate() {
            let w = a.weights[k];
            den += w;
            if w == 0.0 {
                continue;
            }
            num += w * match (&a.values[k], x[k]) {
                (Val::Options(v), Value::Option(o)) => v[o],
                (Val::Curve(pts), Value::Number(v)) => curve(issue, pts, v),
                _ => panic!("value kind matches issue kind"),
            };
        }
        for t in &a.inter {
            den += t.weight;
            if t.when.iter().all(|c| c.holds(x)) {
                num += t.weight * t.value;
            }
        }
        num / den
    }

    pub fn disagreement(&self, i: usize, level: f64) -> f64 {
        self.actors[i].disagreement + self.effect[i] * level
    }

    /// Whether a seated actor vetoes x at this lever level.
    pub fn feasible(&self, x: &[Value], level: f64) -> bool {
        self.actors
            .iter()
            .all(|a| !a.seated || !a.red.iter().any(|r| r.crossed(x, level)))
    }

    /// Seated gains u_i - d_i.
    pub fn gains(&self, x: &[Value], level: f64) -> Vec<f64> {
        self.seated()
            .iter()
            .map(|&i| self.utility(i, x) - self.disagreement(i, level))
            .collect()
    }

    pub fn powers(&self) -> Vec<f64> {
        self.seated()
            .iter()
            .map(|&i| self.actors[i].power)
            .collect()
    }

    /// Every discrete outcome in enumeration order (first issue slowest); continuous
    /// issues take each of `points` (numbers per continuous issue, at most one).
    pub fn outcomes(&self, points: &[f64]) -> Vec<Vec<Value>> {
        let mut out = vec![Vec::new()];
        for issue in &self.issues {
            let vals: Vec<Value> = match *issue {
                Iss::Disc(n) => (0..n).map(Value::Option).collect(),
                Iss::Cont { .. } => points.iter().map(|&p| Value::Number(p)).collect(),
            };
            out = out
                .into_iter()
                .flat_map(|o: Vec<Value>| {
                    vals.iter().map(move |v| {
                        let mut o = o.clone();
                        o.push(*v);
                        o
                    })
                })
                .collect();
        }
        out
    }

    pub fn to_json(&self) -> Json {
        let issues: Vec<Json> = self
            .issues
            .iter()
            .enumerate()
            .map(|(k, i)| match *i {
                Iss::Disc(n) => {
                    json!({"id": issue_id(k), "options": (0..n).map(option_label).collect::<Vec<_>>()})
                }
                Iss::Cont { lo, width } => json!({"id": issue_id(k), "range": [lo, lo + width]}),
            })
            .collect();
        let actors: Vec<Json> = self
            .actors
            .iter()
            .enumerate()
            .map(|(j, a)| self.actor_json(j, a))
            .collect();
        let mut lever = Map::new();
        lever.insert("id".into(), json!("lever"));
        if let Some(v) = self.value {
            lever.insert("value".into(), json!(v));
        }
        lever.insert(
            "distribution".into(),
            match self.dist {
                Dist::Bernoulli(p) => json!({ "bernoulli": p }),
                Dist::Uniform(lo, hi) => json!({ "uniform": [lo, hi] }),
            },
        );
        let effects: Vec<Json> = self
            .effect
            .iter()
            .enumerate()
            .filter(|(_, e)| **e != 0.0)
            .map(|(i, e)| json!({"actor": format!("a{i}"), "disagreement": e}))
            .collect();
        lever.insert("effects".into(), json!(effects));
        json!({"name": "linked-prop", "issues": issues, "actors": actors, "leverage": [lever]})
    }

    fn actor_json(&self, j: usize, a: &Act) -> Json {
        let mut weights = Map::new();
        let mut values = Map::new();
        for (k, issue) in self.issues.iter().enumerate() {
            weights.insert(issue_id(k), json!(a.weights[k]));
            let v = match &a.values[k] {
                Val::Options(v) => Json::Object(
                    v.iter()
                        .enumerate()
                        .map(|(o, x)| (option_label(o), json!(x)))
                        .collect(),
                ),
                Val::Curve(pts) => {
                    json!({"points": pts.iter().map(|&(f, y)| json!([issue.at8(f), y])).collect::<Vec<_>>()})
                }
            };
            values.insert(issue_id(k), v);
        }
        let red: Vec<Json> = a
            .red
            .iter()
            .map(|r| {
                let mut o = match &r.body {
                    RedBody::One(c) => c.to_json(),
                    RedBody::All(cs) => {
                        json!({"all": cs.iter().map(Cond::to_json).collect::<Vec<_>>()})
                    }
                };
                if let Some(g) = r.gate {
                    o["if"] = g.to_json();
                }
                o
            })
            .collect();
        let inter: Vec<Json> = a
            .inter
            .iter()
            .map(|t| {
                json!({"when": t.when.iter().map(Cond::to_json).collect::<Vec<_>>(),
                       "value": t.value, "weight": t.weight})
            })
            .collect();
        json!({
            "id": format!("a{j}"), "seated": a.seated, "power": a.power,
            "patience": a.patience, "disagreement": a.disagreement,
            "weights": weights, "values": values, "red_lines": red, "interactions": inter,
        })
    }
}

fn curve(issue: &Iss, pts: &[(usize, f64)], v: f64) -> f64 {
    for w in pts.windows(2) {
        let (x0, x1) = (issue.at8(w[0].0), issue.at8(w[1].0));
        if v <= x1 {
            return w[0].1 + (w[1].1 - w[0].1) * (v - x0) / (x1 - x0);
        }
    }
    pts.last().expect("a curve has points").1
}
