//! Models in code through the public API only: the builder reports exactly the file
//! loader's errors, scenarios survive being written and read back bit for bit,
//! situations refuse invalid parameters, distributions refuse bad parameters, and a
//! researcher's own leverage effect changes the answer.
//!
//! One file per part: `errors` (the builder's errors are the loader's), `round_trip`
//! (writing and reading back), `leverage` (situations, distributions, effects).

mod errors;
mod leverage;
mod round_trip;

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use detente::error::ScenarioError;
use detente::scenario::{ActorSpec, IssueSpec, LeverageDist, LeverageSpec, Linear, RedLineSpec};
use detente::{Error, Scenario};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------
// One scenario, as a file and as code
// ---------------------------------------------------------------------------------

fn base_json() -> Value {
    json!({
        "name": "base",
        "issues": [
            { "id": "nato", "options": ["member", "deferred", "neutral"] },
            { "id": "share", "range": [0.0, 1.0] }
        ],
        "actors": [
            { "id": "a", "power": 1.5, "patience": 0.9, "disagreement": 0.1,
              "weights": { "nato": 1.0, "share": 3.0 },
              "values": { "nato": { "member": 0.0, "deferred": 0.4, "neutral": 1.0 },
                          "share": { "points": [[0.0, 0.0], [1.0, 1.0]] } },
              "red_lines": [ { "issue": "nato", "options": ["member"] },
                             { "issue": "share", "below": 0.2 } ] },
            { "id": "b",
              "weights": { "nato": 1.0, "share": 1.0 },
              "values": { "nato": { "member": 1.0, "deferred": 0.5, "neutral": 0.0 },
                          "share": { "points": [[0.0, 1.0], [1.0, 0.0]] } } }
        ],
        "leverage": [
            { "id": "support", "distribution": { "uniform": [0.0, 1.0] },
              "effects": [ { "actor": "a", "disagreement": 0.2, "power": -0.3 } ] }
        ]
    })
}

fn actor_a() -> ActorSpec {
    ActorSpec::new("a")
        .power(1.5)
        .patience(0.9)
        .disagreement(0.1)
        .weight("nato", 1.0)
        .weight("share", 3.0)
        .values(
            "nato",
            [("member", 0.0), ("deferred", 0.4), ("neutral", 1.0)],
        )
        .curve("share", [(0.0, 0.0), (1.0, 1.0)])
        .red_line(RedLineSpec::options("nato", ["member"]))
        .red_line(RedLineSpec::below("share", 0.2))
}

fn actor_b() -> ActorSpec {
    ActorSpec::new("b")
        .weight("nato", 1.0)
        .weight("share", 1.0)
        .values(
            "nato",
            [("member", 1.0), ("deferred", 0.5), ("neutral", 0.0)],
        )
        .curve("share", [(0.0, 1.0), (1.0, 0.0)])
}

fn support() -> LeverageSpec {
    LeverageSpec::new("support")
        .distribution(LeverageDist::uniform(0.0, 1.0).expect("a range"))
        .effect(
            "a",
            Linear {
                disagreement: 0.2,
                power: -0.3,
                ..Linear::ZERO
            },
        )
}

fn issues() -> [IssueSpec; 2] {
    [
        IssueSpec::discrete("nato", ["member", "deferred", "neutral"]),
        IssueSpec::continuous("share", 0.0, 1.0),
    ]
}

fn build(
    issues: [IssueSpec; 2],
    a: ActorSpec,
    b: ActorSpec,
    l: LeverageSpec,
) -> Result<Scenario, Error> {
    let [x, y] = issues;
    Scenario::builder("base")
        .source("case.json")
        .issue(x)
        .issue(y)
        .actor(a)
        .actor(b)
        .leverage(l)
        .build()
}

fn load(v: &Value) -> Result<Scenario, Error> {
    Scenario::from_json(&v.to_string(), "case.json")
}

/// Both ways must fail with the same message: same file, field path and problem.
fn same_error(built: Result<Scenario, Error>, loaded: Result<Scenario, Error>, field: &str) {
    let (Err(b), Err(l)) = (built, loaded) else {
        panic!("both must fail");
    };
    assert_eq!(b.to_string(), l.to_string());
    match b {
        Error::Scenario(ScenarioError::Invalid { field: f, .. }) => {
            assert_eq!(f.to_string(), field)
        }
        other => panic!("expected an invalid scenario, got {other:?}"),
    }
}

fn edited(edit: impl FnOnce(&mut Value)) -> Value {
    let mut v = base_json();
    edit(&mut v);
    v
}

/// A fresh file name in the temporary folder.
fn scratch_path(ext: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!(
        "detente-model-api-{}-{n}.{ext}",
        std::process::id()
    ))
}
