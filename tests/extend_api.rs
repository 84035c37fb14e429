//! Extending the crate from outside, through its public traits only: objectives and
//! concepts of one's own, checked against the built-ins, brute force and closed forms.

#[path = "../benches/common/mod.rs"]
mod common;

use detente::concept::{maximiser, SolutionConcept};
use detente::error::{Input, SearchError};
use detente::search::{log_product, Context, Shape};
use detente::sweep::{self, Grid, SweepOptions};
use detente::{
    Concept, Egalitarian, Engine, Error, Nash, Objective, Scenario, SearchOptions, Situation,
    Utilitarian, Value, Verdict,
};

const TOL: f64 = 1e-9;

/// An objective given by its shape's coefficients, or a closure for the general search.
struct Own {
    name: &'static str,
    kind: Kind,
}

enum Kind {
    PowerLogProduct,
    MinRatio(Vec<f64>),
    Linear(Vec<f64>),
    Monotone(fn(&[f64]) -> f64),
}

impl Objective for Own {
    fn score(&self, g: &[f64], context: &Context<'_>) -> f64 {
        match &self.kind {
            Kind::PowerLogProduct => log_product(g, context.power()),
            Kind::MinRatio(s) => g
                .iter()
                .zip(s)
                .map(|(g, s)| g / s)
                .fold(f64::INFINITY, f64::min),
            Kind::Linear(c) => g.iter().zip(c).map(|(g, c)| g * c).sum(),
            Kind::Monotone(f) => f(g),
        }
    }

    fn shape<'a>(&'a self, context: &'a Context<'a>) -> Shape<'a> {
        match &self.kind {
            Kind::PowerLogProduct => Shape::LogProduct(context.power()),
            Kind::MinRatio(s) => Shape::MinRatio(s),
            Kind::Linear(c) => Shape::Linear(c),
            Kind::Monotone(_) => Shape::Monotone,
        }
    }
}

impl SolutionConcept for Own {
    fn name(&self) -> &str {
        self.name
    }

    fn solve(&self, engine: &Engine<'_>, situation: &Situation) -> detente::Result<Verdict> {
        maximiser(engine, situation, self)
    }

    fn objective(&self) -> Option<&dyn Objective> {
        Some(self)
    }
}

fn own(name: &'static str, kind: Kind) -> Own {
    Own { name, kind }
}

fn split(extra: &str) -> Scenario {
    let json = format!(
        r#"{{"name": "split", "issues": [{{"id": "share", "range": [0, 1]}}],
        "actors": [
          {{"id": "a", "weights": {{"share": 1}}, "values": {{"share": {{"points": [[0, 0], [1, 1]]}}}}}},
          {{"id": "b", "weights": {{"share": 1}}, "values": {{"share": {{"points": [[0, 1], [1, 0]]}}}}}}]
        {extra}}}"#
    );
    Scenario::from_json(&json, "split").expect("valid split")
}

#[test]
fn shaped_objectives_of_ones_own_give_the_built_in_answers() {
    for seed in 0..16u64 {
        let actors = 2 + (seed % 3) as usize;
        let json = common::random_scenario(actors, 3 + (seed % 3) as usize, 3, seed);
        let scenario = Scenario::from_json(&json, "random").expect("valid");
        let engine = Engine::new(&scenario);
        let situation = scenario.status_quo_situation();
        let ones = vec![1.0; actors];
        let pairs: [(&dyn SolutionConcept, Own); 3] = [
            (&Nash, own("nash-again", Kind::PowerLogProduct)),
            (&Egalitarian, own("min", Kind::MinRatio(ones.clone()))),
            (&Utilitarian, own("sum", Kind::Linear(ones.clone()))),
        ];
        for (builtin, mine) in &pairs {
            let a = builtin.solve(&engine, &situation).expect("built-in");
            let b = mine.solve(&engine, &situation).expect("own");
            assert_eq!(a, b, "seed {seed}: {} vs {}", builtin.name(), mine.name());
        }
    }
}

/// Every outcome of a small discrete space, ranked by the contract's rule.
fn brute_force(
    scenario: &Scenario,
    situation: &Situation,
    f: fn(&[f64]) -> f64,
) -> Option<Vec<Value>> {
    let seated = scenario.seated();
    let power: Vec<f64> = seated.iter().map(|&i| situation.power()[i]).collect();
    let mut best: Option<(f64, f64, Vec<Value>)> = None;
    for x in detente::space::outcomes(scenario.issues(), 2) {
        let g: Vec<f64> = seated
            .iter()
            .map(|&i| scenario.actors()[i].utility(&x) - situation.disagreement()[i])
            .collect();
        if g.iter().any(|&g| g <= 1e-12) {
            continue;
        }
        let (score, nash) = (f(&g), log_product(&g, &power));
        let tie = |a: f64, b: f64| (a - b).abs() <= 1e-10 * (1.0 + a.abs().max(b.abs()));
        let better = match &best {
            None => true,
            Some((s, _, _)) if !tie(score, *s) => score > *s,
            Some((_, n, _)) => !tie(nash, *n) && nash > *n,
        };
        if better {
            best = Some((score, nash, x));
        }
    }
    best.map(|(_, _, x)| x)
}

#[test]
fn a_monotone_objective_is_exact_on_discrete_spaces() {
    let objectives: [fn(&[f64]) -> f64; 3] = [
        |g| g.iter().map(|x| x.sqrt()).sum(),
        |g| g.iter().copied().fold(f64::INFINITY, f64::min) + 0.1 * g.iter().sum::<f64>(),
        |g| g.iter().map(|x| x * x).product(),
    ];
    for seed in 0..12u64 {
        let json = common::random_scenario(2 + (seed % 3) as usize, 4, 3, 100 + seed);
        let scenario = Scenario::from_json(&json, "random").expect("valid");
        let situation = scenario.status_quo_situation();
        let engine = Engine::new(&scenario);
        let mut prepared = Engine::new(&scenario);
        prepared.prepare().expect("no budget");
        for f in objectives {
            let expect = brute_force(&scenario, &situation, f);
            let objective = own("f", Kind::Monotone(f));
            let n = engine.seated().len();
            for e in [&engine, &prepared] {
                let got = e
                    .maximise(&situation, &objective, &vec![0.0; n])
                    .expect("no budget")
                    .map(|o| o.outcome);
                assert_eq!(got, expect, "seed {seed}");
            }
        }
    }
}

#[test]
fn a_monotone_objective_finds_a_concave_optimum_on_a_continuous_issue() {
    // sqrt(g_a) + 2 sqrt(g_b) with g_a = x, g_b = 1 - x peaks where 1 - x = 4x.
    let scenario = split("");
    let objective = own("sqrt", Kind::Monotone(|g| g[0].sqrt() + 2.0 * g[1].sqrt()));
    let best = Engine::new(&scenario)
        .maximise(&scenario.status_quo_situation(), &objective, &[0.0, 0.0])
        .expect("no budget")
        .expect("a deal");
    let x = best.outcome[0].as_number().expect("a number");
    assert!((x - 0.2).abs() < 1e-6, "x = {x}");
}

#[test]
fn floors_bind_the_maximisation() {
    let scenario = split("");
    let engine = Engine::new(&scenario);
    let situation = scenario.status_quo_situation();
    let for_a = own("a", Kind::Linear(vec![1.0, 0.0]));
    let best = engine
        .maximise(&situation, &for_a, &[0.0, 0.3])
        .expect("no budget")
        .expect("a deal");
    assert!((best.gains[0] - 0.7).abs() < TOL && (best.gains[1] - 0.3).abs() < TOL);
    let none = engine
        .maximise(&situation, &for_a, &[0.6, 0.6])
        .expect("no budget");
    assert!(
        none.is_none(),
        "floors summing above the surplus leave nothing"
    );
}

#[test]
fn an_objective_that_does_not_fit_is_an_error_not_no_deal() {
    let scenario = split("");
    let engine = Engine::new(&scenario);
    let situation = scenario.status_quo_situation();
    for bad in [vec![1.0, -1.0], vec![1.0], vec![f64::NAN, 1.0]] {
        let objective = own("bad", Kind::MinRatio(bad.clone()));
        let e = engine.maximise(&situation, &objective, &[0.0, 0.0]);
        assert!(
            matches!(&e, Err(Error::Input(i)) if i.input == Input::Objective),
            "{bad:?}: {e:?}"
        );
        assert!(objective.solve(&engine, &situation).is_err());
    }
    let fine = own("fine", Kind::Linear(vec![1.0, 1.0]));
    for floors in [vec![0.0], vec![-0.1, 0.0], vec![f64::NAN, 0.0]] {
        let e = engine.maximise(&situation, &fine, &floors);
        assert!(
            matches!(&e, Err(Error::Input(i)) if i.input == Input::Floors),
            "{floors:?}"
        );
    }
}

#[test]
fn the_general_search_obeys_the_node_budget() {
    let scenario = split("");
    let engine = Engine::with_options(
        &scenario,
        SearchOptions {
            max_nodes: Some(100),
            ..SearchOptions::default()
        },
    );
    let objective = own("sqrt", Kind::Monotone(|g| g[0].sqrt() + g[1].sqrt()));
    let e = engine.maximise(&scenario.status_quo_situation(), &objective, &[0.0, 0.0]);
    assert!(
        matches!(e, Err(Error::Search(SearchError::Budget { .. }))),
        "{e:?}"
    );
}

fn summary_text(scenario: &Scenario, mut s: sweep::SweepSummary) -> String {
    s.concept = String::new();
    serde_json::to_string(&detente::report::Labelled::new(scenario, &s)).expect("json")
}

#[test]
fn any_concept_sweeps_and_shapes_choose_the_search() {
    let scenario = split(
        r#", "leverage": [{"id": "pull", "distribution": {"uniform": [0, 1]},
             "effects": [{"actor": "a", "disagreement": 0.3, "power": 0.5}]}]"#,
    );
    let options = SweepOptions {
        samples: 600,
        seed: 5,
        vary: Some(Grid {
            id: "pull".into(),
            lo: 0.0,
            hi: 1.0,
            steps: 3,
        }),
        ..SweepOptions::default()
    };
    let pairs: [(Concept, Own); 3] = [
        (Concept::Nash, own("nash-again", Kind::PowerLogProduct)),
        (
            Concept::Egalitarian,
            own("min", Kind::MinRatio(vec![1.0, 1.0])),
        ),
        (
            Concept::Utilitarian,
            own("sum", Kind::Linear(vec![1.0, 1.0])),
        ),
    ];
    for (builtin, mine) in &pairs {
        let a = sweep::run(
            &scenario,
            &SweepOptions {
                concept: *builtin,
                ..options.clone()
            },
        )
        .expect("built-in sweep");
        let b = sweep::run_concept(&scenario, mine, &options, &|_| {}).expect("own sweep");
        assert_eq!(b.summary().concept, mine.name());
        assert_eq!(
            summary_text(&scenario, a.summary().clone()),
            summary_text(&scenario, b.summary().clone()),
            "{builtin}"
        );
        assert_eq!(a.samples(), b.samples(), "{builtin}");
    }
}

#[test]
fn a_concept_without_an_objective_sweeps_through_its_own_solve() {
    /// Nash, but solved without telling the sweep its objective.
    struct Opaque;
    impl SolutionConcept for Opaque {
        fn name(&self) -> &str {
            "opaque"
        }
        fn solve(&self, engine: &Engine<'_>, situation: &Situation) -> detente::Result<Verdict> {
            Nash.solve(engine, situation)
        }
    }
    let scenario = Scenario::load(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/ukraine_2025.json"
    ))
    .expect("the Ukraine file");
    let options = SweepOptions {
        samples: 300,
        seed: 3,
        ..SweepOptions::default()
    };
    let fast = sweep::run(&scenario, &options).expect("nash");
    let slow = sweep::run_concept(&scenario, &Opaque, &options, &|_| {}).expect("opaque");
    let outcomes = |s: &sweep::Sweep| -> Vec<Option<Vec<Value>>> {
        (0..s.samples().len())
            .map(|j| s.samples().outcome(j).map(<[Value]>::to_vec))
            .collect()
    };
    let (a, b) = (outcomes(&fast), outcomes(&slow));
    let same = a.iter().zip(&b).all(|(x, y)| match (x, y) {
        (Some(x), Some(y)) => x.iter().zip(y).all(|(p, q)| match (p, q) {
            (Value::Number(p), Value::Number(q)) => (p - q).abs() <= 1e-6,
            _ => p == q,
        }),
        (None, None) => true,
        _ => false,
    });
    assert!(same, "the fast scan and the concept's own solve disagree");
}

#[test]
fn a_nan_objective_never_wins() {
    let json = r#"{"name": "pick", "issues": [{"id": "deal", "options": ["a", "b", "c"]}],
      "actors": [
        {"id": "x", "weights": {"deal": 1}, "values": {"deal": {"a": 1, "b": 0.6, "c": 0.2}}},
        {"id": "y", "weights": {"deal": 1}, "values": {"deal": {"a": 0.1, "b": 0.5, "c": 0.9}}}]}"#;
    let scenario = Scenario::from_json(json, "pick").expect("valid");
    // NaN where x gains less than 0.3 (option c), else the product: b wins.
    let f = own(
        "partial",
        Kind::Monotone(|g| if g[0] < 0.3 { f64::NAN } else { g[0] * g[1] }),
    );
    let best = Engine::new(&scenario)
        .maximise(&scenario.status_quo_situation(), &f, &[0.0, 0.0])
        .expect("no budget")
        .expect("a deal");
    assert_eq!(best.outcome, vec![Value::Option(1)]);
    assert!(best.score.is_finite());
    let nowhere = own("nan", Kind::Monotone(|_| f64::NAN));
    let none = Engine::new(&scenario)
        .maximise(&scenario.status_quo_situation(), &nowhere, &[0.0, 0.0])
        .expect("no budget");
    assert!(
        none.is_none(),
        "an objective that is NaN everywhere picks nothing"
    );
}

#[test]
fn the_general_search_obeys_the_time_limit_inside_a_cell() {
    let scenario = split("");
    let engine = Engine::with_options(
        &scenario,
        SearchOptions {
            max_seconds: Some(0.05),
            ..SearchOptions::default()
        },
    );
    // 50 µs per evaluation: the grid of a cell alone takes a fifth of a second.
    let slow = own(
        "slow",
        Kind::Monotone(|g| {
            let start = std::time::Instant::now();
            while start.elapsed().as_micros() < 50 {
                std::hint::spin_loop();
            }
            g[0].sqrt() + g[1].sqrt()
        }),
    );
    let start = std::time::Instant::now();
    let e = engine.maximise(&scenario.status_quo_situation(), &slow, &[0.0, 0.0]);
    assert!(
        matches!(e, Err(Error::Search(SearchError::Budget { .. }))),
        "{e:?}"
    );
    assert!(start.elapsed().as_secs_f64() < 0.2, "{:?}", start.elapsed());
}

#[test]
fn an_agreement_of_the_wrong_size_is_an_error() {
    let scenario = split("");
    let short = Situation::new(vec![0.0], vec![1.0], vec![0.9]).expect("a valid situation");
    let outcome = vec![Value::Number(0.5)];
    assert!(detente::Agreement::from_outcome(&scenario, &short, outcome.clone()).is_err());
    let fine = scenario.status_quo_situation();
    assert!(detente::Agreement::from_outcome(&scenario, &fine, vec![]).is_err());
    let a = detente::Agreement::from_outcome(&scenario, &fine, outcome).expect("sizes fit");
    assert!((a.gains[0] - 0.5).abs() < TOL && (a.gains[1] - 0.5).abs() < TOL);
    for concept in Concept::ALL {
        let e = Engine::new(&scenario).solve(concept, &short);
        assert!(matches!(e, Err(Error::Input(_))), "{concept}: {e:?}");
    }
}

#[test]
fn an_infinite_patience_shift_is_an_error_not_a_clamp() {
    use detente::scenario::{ActorSpec, Effect, IssueSpec, LeverageSpec, Shift};
    #[derive(Debug)]
    struct Runaway;
    impl Effect for Runaway {
        fn shift(&self, level: f64) -> Shift {
            Shift {
                patience: if level > 0.5 { f64::INFINITY } else { 0.0 },
                ..Shift::ZERO
            }
        }
    }
    let scenario = Scenario::builder("runaway")
        .issue(IssueSpec::continuous("share", 0.0, 1.0))
        .actor(
            ActorSpec::new("a")
                .weight("share", 1.0)
                .curve("share", [(0.0, 0.0), (1.0, 1.0)]),
        )
        .actor(
            ActorSpec::new("b")
                .weight("share", 1.0)
                .curve("share", [(0.0, 1.0), (1.0, 0.0)]),
        )
        .leverage(
            LeverageSpec::new("x")
                .value(0.0)
                .custom_effect("a", Runaway),
        )
        .build()
        .expect("valid at the status quo");
    assert!(scenario.situation(&[0.0]).is_ok());
    let e = scenario.situation(&[1.0]);
    assert!(matches!(e, Err(Error::Input(_))), "{e:?}");
}
