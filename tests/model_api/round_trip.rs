//! `load(save(s)) == s`, bit for bit, as JSON and TOML: data files and random
//! scenarios.

use std::path::{Path, PathBuf};

use detente::scenario::limits::{MAX_MAGNITUDE, MAX_UTILITY};
use detente::scenario::{ActorSpec, IssueSpec, LeverageDist, LeverageSpec, Linear, RedLineSpec};
use detente::{Error, Scenario};
use proptest::prelude::*;
use serde_json::{json, Value};

use super::{base_json, load, scratch_path};

/// `load(save(s)) == s` as JSON and as TOML, and the written text is a fixed point.
fn round_trips(s: &Scenario) -> Result<(), Error> {
    for ext in ["json", "toml"] {
        let path = scratch_path(ext);
        s.save(&path)?;
        let back = Scenario::load(&path);
        let _ = std::fs::remove_file(&path);
        let back = back?;
        assert_eq!(&back, s, "{ext}");
        assert_eq!(back.to_json()?, s.to_json()?, "{ext}: the same bits");
        assert_eq!(back.source(), path.display().to_string());
    }
    Ok(())
}

fn scenario_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the data folder exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_data_file_round_trips() -> Result<(), Error> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for dir in ["tests/data/contract", "tests/data/sweep", "examples/data"] {
        for file in scenario_files(&root.join(dir)) {
            // Data folders also hold expected outputs and deliberately bad files.
            let Ok(s) = Scenario::load(&file) else {
                continue;
            };
            round_trips(&s)?;
            checked += 1;
        }
    }
    assert!(checked >= 9, "only {checked} files");
    Ok(())
}

#[test]
fn the_written_form_keeps_stated_weights_and_file_order() -> Result<(), Error> {
    let s = load(&base_json())?;
    let text = s.to_json()?;
    let v: Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(
        v["actors"][0]["weights"],
        json!({ "nato": 1.0, "share": 3.0 })
    );
    let labels: Vec<&String> = v["actors"][0]["values"]["nato"]
        .as_object()
        .expect("an object")
        .keys()
        .collect();
    assert_eq!(labels, ["member", "deferred", "neutral"]);
    // Defaults are left out; what differs from them is written.
    assert!(v["actors"][1].get("power").is_none());
    assert_eq!(v["actors"][0]["power"], json!(1.5));
    assert_eq!(serde_json::to_value(&s).expect("serialises"), v);
    Ok(())
}

/// Any finite number the loader accepts: every bit pattern, folded into the
/// utility limit (the strictest the loader applies to a number).
fn finite() -> impl Strategy<Value = f64> {
    prop_oneof![
        -10.0..10.0f64,
        (proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO)
            .prop_map(|x| x % MAX_UTILITY),
    ]
}

fn weight() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), Just(-0.0), 0.0..5.0f64, 1e-300..MAX_MAGNITUDE]
}

#[derive(Debug, Clone)]
enum Kind {
    Discrete(Vec<f64>),
    Continuous(f64, f64, Vec<(f64, f64)>),
}

/// One issue and one actor's values for it: option values, or a curve whose knots
/// cover the range.
fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        prop::collection::vec(finite(), 1..4).prop_map(Kind::Discrete),
        (
            -1e6..1e6f64,
            1e-3..1e6f64,
            prop::collection::vec((0.0..1.0f64, finite()), 0..4)
        )
            .prop_map(|(lo, width, inner)| {
                let hi = lo + width;
                let mut xs: Vec<f64> = inner.iter().map(|(t, _)| lo + t * width).collect();
                xs.push(lo - 1.0);
                xs.push(hi + 1.0);
                xs.sort_by(f64::total_cmp);
                xs.dedup();
                let ys = inner.iter().map(|(_, y)| *y).chain([0.5, -0.25]);
                Kind::Continuous(lo, hi, xs.into_iter().zip(ys).collect())
            }),
    ]
}

#[derive(Debug, Clone)]
struct Person {
    seated: bool,
    power: f64,
    patience: f64,
    disagreement: f64,
    weights: Vec<f64>,
}

fn person(n: usize) -> impl Strategy<Value = Person> {
    (
        any::<bool>(),
        prop_oneof![Just(1.0), 1e-3..1e3f64],
        prop_oneof![Just(0.95), 1e-6..0.999_999f64],
        finite(),
        prop::collection::vec(weight(), n),
    )
        .prop_map(|(seated, power, patience, disagreement, mut weights)| {
            if weights.iter().sum::<f64>() <= 0.0 {
                weights[0] = 1.0;
            }
            Person {
                seated,
                power,
                patience,
                disagreement,
                weights,
            }
        })
}

fn distribution() -> impl Strategy<Value = LeverageDist> {
    prop_oneof![
        (-5.0..5.0f64).prop_map(LeverageDist::fixed),
        (-5.0..0.0f64, 0.1..5.0f64).prop_map(|(lo, w)| LeverageDist::uniform(lo, lo + w)),
        (-5.0..5.0f64, 0.01..3.0f64).prop_map(|(m, sd)| LeverageDist::normal(m, sd)),
        (0.1..5.0f64, 0.1..5.0f64).prop_map(|(a, b)| LeverageDist::beta(a, b)),
        (0.0..=1.0f64).prop_map(LeverageDist::bernoulli),
    ]
    .prop_map(|d| d.expect("parameters drawn inside the rules"))
}

type Lever = (LeverageDist, Option<f64>, Vec<(usize, f64, f64, f64)>);

fn lever(actors: usize) -> impl Strategy<Value = Lever> {
    let coefficient = || prop_oneof![Just(0.0), -2.0..2.0f64];
    (
        distribution(),
        prop::option::of(-3.0..3.0f64),
        prop::collection::vec(
            (0..actors, coefficient(), coefficient(), coefficient()),
            0..3,
        ),
    )
}

fn random_scenario() -> impl Strategy<Value = Scenario> {
    prop::collection::vec(kind(), 1..4).prop_flat_map(|kinds| {
        let n = kinds.len();
        prop::collection::vec(person(n), 1..4).prop_flat_map(move |people| {
            let m = people.len();
            let kinds = kinds.clone();
            prop::collection::vec(lever(m), 0..3)
                .prop_map(move |levers| assemble(&kinds, &people, &levers))
        })
    })
}

fn assemble(kinds: &[Kind], people: &[Person], levers: &[Lever]) -> Scenario {
    let mut b = Scenario::builder("random").description("drawn by proptest");
    for (k, kind) in kinds.iter().enumerate() {
        b = b.issue(match kind {
            Kind::Discrete(v) => {
                IssueSpec::discrete(format!("i{k}"), (0..v.len()).map(|o| format!("o{o}")))
            }
            Kind::Continuous(lo, hi, _) => {
                IssueSpec::continuous(format!("i{k}"), *lo, *hi).description("a range")
            }
        });
    }
    for (i, p) in people.iter().enumerate() {
        let mut a = ActorSpec::new(format!("a{i}"))
            .seated(p.seated || i == 0)
            .power(p.power)
            .patience(p.patience)
            .disagreement(p.disagreement);
        for (k, (kind, &w)) in kinds.iter().zip(&p.weights).enumerate() {
            a = a.weight(format!("i{k}"), w);
            a = match kind {
                Kind::Discrete(v) => a.values(
                    format!("i{k}"),
                    v.iter().enumerate().map(|(o, &x)| (format!("o{o}"), x)),
                ),
                Kind::Continuous(lo, hi, points) => {
                    let a = a.curve(format!("i{k}"), points.iter().copied());
                    if i % 2 == 0 {
                        a.red_line(RedLineSpec::outside(format!("i{k}"), *lo, *hi))
                    } else {
                        a
                    }
                }
            };
        }
        if let Some(Kind::Discrete(v)) = kinds.first() {
            if v.len() > 1 && i > 0 {
                a = a.red_line(RedLineSpec::options("i0", ["o1"]));
            }
        }
        b = b.actor(a);
    }
    for (l, (dist, value, effects)) in levers.iter().enumerate() {
        let mut spec = LeverageSpec::new(format!("l{l}")).distribution(*dist);
        if let Some(v) = value {
            spec = spec.value(*v);
        }
        for &(actor, d, p, q) in effects {
            spec = spec.effect(
                format!("a{actor}"),
                Linear {
                    disagreement: d,
                    power: p,
                    patience: q,
                },
            );
        }
        b = b.leverage(spec);
    }
    b.build().expect("the strategies draw valid scenarios")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn random_scenarios_round_trip(s in random_scenario()) {
        prop_assert!(round_trips(&s).is_ok());
        let back = Scenario::from_json(&s.to_json().expect("writes"), "copy").expect("reads");
        prop_assert_eq!(back, s);
    }
}
