//! Solving from many threads at once: one `Scenario`, and one prepared `Engine` (both
//! `Sync`), shared by eight threads that solve every concept, list the frontier and
//! run a sweep, give the same answers bit for bit as one thread alone; and a sweep's
//! summary JSON is the same bytes on rayon pools of 1, 2 and 4 threads.

use std::thread;

use detente::scenario::{ActorSpec, IssueSpec, LeverageSpec, Linear, RedLineSpec};
use detente::sweep::{self, Grid, SweepOptions};
use detente::{
    report, Concept, Engine, FrontierPoint, LeverageDist, Scenario, SearchOptions, Situation,
    Value, Verdict,
};

/// Threads that solve at once.
const THREADS: usize = 8;

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn shared_types_are_send_and_sync() {
    assert_send_sync::<Scenario>();
    assert_send_sync::<Engine<'static>>();
    assert_send_sync::<Situation>();
    assert_send_sync::<Verdict>();
    assert_send_sync::<FrontierPoint>();
    assert_send_sync::<sweep::SweepSummary>();
}

fn effect(disagreement: f64, power: f64, patience: f64) -> Linear {
    Linear {
        disagreement,
        power,
        patience,
    }
}

/// Three seated actors and an unseated one over three discrete issues and a
/// continuous one, with red lines and two leverage variables.
fn scenario() -> Scenario {
    let opts = ["o0", "o1", "o2", "o3"];
    let v = |xs: [f64; 4]| opts.into_iter().zip(xs);
    let actor = |id: &str, a: [f64; 4], b: [f64; 4], c: [f64; 4], curve: [(f64, f64); 3]| {
        ActorSpec::new(id)
            .weight("x", 2.0)
            .weight("y", 1.0)
            .weight("z", 1.0)
            .weight("share", 3.0)
            .values("x", v(a))
            .values("y", v(b))
            .values("z", v(c))
            .curve("share", curve)
    };
    Scenario::builder("shared")
        .issue(IssueSpec::discrete("x", opts))
        .issue(IssueSpec::discrete("y", opts))
        .issue(IssueSpec::continuous("share", 0.0, 1.0))
        .issue(IssueSpec::discrete("z", opts))
        .actor(
            actor(
                "a",
                [1.0, 0.7, 0.2, 0.0],
                [0.0, 0.5, 0.9, 1.0],
                [0.3, 0.3, 1.0, 0.0],
                [(0.0, 0.0), (0.4, 0.6), (1.0, 1.0)],
            )
            .power(2.0)
            .patience(0.9)
            .disagreement(0.1),
        )
        .actor(
            actor(
                "b",
                [0.0, 0.4, 0.8, 1.0],
                [1.0, 0.6, 0.1, 0.0],
                [0.5, 1.0, 0.0, 0.2],
                [(0.0, 1.0), (0.5, 0.8), (1.0, 0.0)],
            )
            .patience(0.8)
            .disagreement(0.15)
            .red_line(RedLineSpec::options("x", ["o3"])),
        )
        .actor(
            actor(
                "c",
                [0.5, 1.0, 0.0, 0.5],
                [0.2, 0.2, 1.0, 0.6],
                [1.0, 0.0, 0.4, 0.8],
                [(0.0, 0.3), (0.7, 1.0), (1.0, 0.5)],
            )
            .power(0.5)
            .disagreement(0.05)
            .red_line(RedLineSpec::below("share", 0.1)),
        )
        .actor(
            actor(
                "watcher",
                [0.0, 0.0, 1.0, 1.0],
                [1.0, 0.0, 0.0, 1.0],
                [0.0, 1.0, 1.0, 0.0],
                [(0.0, 0.0), (0.5, 1.0), (1.0, 0.0)],
            )
            .seated(false)
            .red_line(RedLineSpec::options("y", ["o0", "o1", "o2"])),
        )
        .leverage(
            LeverageSpec::new("pressure")
                .distribution(LeverageDist::uniform(0.0, 1.0).expect("a distribution"))
                .effect("a", effect(0.3, 0.0, 0.0))
                .effect("b", effect(0.0, -1.0, 0.0)),
        )
        .leverage(
            LeverageSpec::new("time")
                .distribution(LeverageDist::normal(0.0, 0.5).expect("a distribution"))
                .effect("c", effect(0.1, 0.0, 1.0)),
        )
        .build()
        .expect("a valid scenario")
}

/// Every number of a verdict as bits: outcome, utilities, gains and the log product.
fn bits(v: &Verdict) -> Vec<u64> {
    let mut out = Vec::new();
    match v {
        Verdict::Agreement(a) => {
            out.extend(a.outcome.iter().map(|x| match *x {
                Value::Option(o) => o as u64,
                Value::Number(t) => t.to_bits(),
            }));
            out.extend(a.gains.iter().map(|g| g.to_bits()));
            out.push(a.log_nash.to_bits());
        }
        Verdict::NoDeal { .. } => out.push(u64::MAX),
    }
    out.extend(v.utilities().iter().map(|u| u.to_bits()));
    out
}

fn frontier_bits(points: &[FrontierPoint]) -> Vec<u64> {
    points
        .iter()
        .flat_map(|p| {
            p.outcome
                .iter()
                .map(|x| match *x {
                    Value::Option(o) => o as u64,
                    Value::Number(t) => t.to_bits(),
                })
                .chain(p.utilities.iter().map(|u| u.to_bits()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn sweep_options(concept: Concept) -> SweepOptions {
    SweepOptions {
        samples: 200,
        seed: 11,
        concept,
        vary: Some(Grid {
            id: "pressure".into(),
            lo: 0.0,
            hi: 1.0,
            steps: 3,
        }),
        ..SweepOptions::default()
    }
}

fn sweep_json(s: &Scenario, options: &SweepOptions) -> String {
    let result = sweep::run(s, options).expect("the sweep runs");
    serde_json::to_string(&report::Labelled::new(s, result.summary())).expect("serialisable")
}

/// Situations to solve: the status quo and two other leverage levels.
fn situations(s: &Scenario) -> Vec<Situation> {
    [[0.5, 0.0], [0.0, -1.0], [1.0, 1.5]]
        .iter()
        .map(|levels| {
            let mut sit = s.status_quo_situation();
            sit.update(s, levels).expect("levels fit");
            sit
        })
        .collect()
}

/// What one thread computes from a shared scenario: every concept in every situation
/// (a fresh engine), the frontier, and a sweep.
fn everything(s: &Scenario) -> (Vec<Vec<u64>>, Vec<u64>, String) {
    let engine = Engine::new(s);
    let verdicts = situations(s)
        .iter()
        .flat_map(|sit| Concept::ALL.map(|c| engine.solve(c, sit).expect("solves")))
        .map(|v| bits(&v))
        .collect();
    let points = Engine::frontier(s, 21, SearchOptions::default()).expect("frontier");
    let sweep = sweep_json(s, &sweep_options(Concept::Nash));
    (verdicts, frontier_bits(&points), sweep)
}

fn in_pool<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a rayon pool")
        .install(f)
}

#[test]
fn one_scenario_solved_from_eight_threads_matches_one_thread() {
    let s = scenario();
    let alone = in_pool(1, || everything(&s));
    assert!(
        alone.0.iter().any(|v| v[0] != u64::MAX),
        "some situation has a deal"
    );
    let together: Vec<_> = thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|_| scope.spawn(|| everything(&s)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("no thread panics"))
            .collect()
    });
    for (t, got) in together.iter().enumerate() {
        assert_eq!(got.0, alone.0, "thread {t}: verdicts");
        assert_eq!(got.1, alone.1, "thread {t}: frontier");
        assert_eq!(got.2, alone.2, "thread {t}: sweep");
    }
}

/// One prepared engine (its discrete frontier computed once) shared by eight threads,
/// each solving every concept in every situation, in a different order.
#[test]
fn one_prepared_engine_shared_by_eight_threads_matches_one_thread() {
    let s = scenario();
    let mut engine = Engine::new(&s);
    engine.prepare().expect("prepares");
    let sits = situations(&s);
    let jobs: Vec<(usize, Concept)> = (0..sits.len())
        .flat_map(|k| Concept::ALL.map(|c| (k, c)))
        .collect();
    let solve = |&(k, c): &(usize, Concept)| bits(&engine.solve(c, &sits[k]).expect("solves"));
    let alone: Vec<Vec<u64>> = in_pool(1, || jobs.iter().map(solve).collect());
    let together: Vec<Vec<Vec<u64>>> = thread::scope(|scope| {
        let handles: Vec<_> = (0..THREADS)
            .map(|t| {
                let (jobs, solve) = (&jobs, &solve);
                scope.spawn(move || {
                    // Thread t starts at job t, so different jobs overlap in time.
                    let mut got = vec![Vec::new(); jobs.len()];
                    for r in 0..jobs.len() {
                        let j = (t + r) % jobs.len();
                        got[j] = solve(&jobs[j]);
                    }
                    got
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("no thread panics"))
            .collect()
    });
    for (t, got) in together.iter().enumerate() {
        assert_eq!(got, &alone, "thread {t}");
    }
}

#[test]
fn sweep_summary_bytes_do_not_depend_on_the_pool_size() {
    let s = scenario();
    for concept in [Concept::Nash, Concept::Kalai, Concept::Utilitarian] {
        let options = sweep_options(concept);
        let one = in_pool(1, || sweep_json(&s, &options));
        for threads in [2, 4] {
            assert_eq!(
                in_pool(threads, || sweep_json(&s, &options)),
                one,
                "{concept} on {threads} threads"
            );
        }
    }
}

#[test]
fn weight_noise_sweep_bytes_do_not_depend_on_the_pool_size() {
    let s = scenario();
    let options = SweepOptions {
        samples: 60,
        weight_noise: Some(20.0),
        vary: None,
        ..sweep_options(Concept::Egalitarian)
    };
    let one = in_pool(1, || sweep_json(&s, &options));
    for threads in [2, 4] {
        assert_eq!(in_pool(threads, || sweep_json(&s, &options)), one);
    }
}
