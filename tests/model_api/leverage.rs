//! Situations refuse invalid parameters, distributions refuse bad ones, and a custom
//! effect changes the answer (or is an error, never "no deal").

use approx::assert_abs_diff_eq;
use detente::error::ScenarioError;
use detente::scenario::{ActorSpec, Effect, IssueSpec, LeverageDist, LeverageSpec, Shift};
use detente::sweep::{self, SweepOptions};
use detente::{Concept, Engine, Error, Problem, Scenario, Situation};
use serde_json::json;

use super::{base_json, edited, load, scratch_path};

const TOL: f64 = 1e-9;

#[test]
fn situations_refuse_invalid_parameters() -> Result<(), Error> {
    assert!(Situation::new(vec![0.0, 0.0], vec![1.0, -1.0], vec![0.9, 0.9]).is_err());
    assert!(Situation::new(vec![f64::NAN, 0.0], vec![1.0, 1.0], vec![0.9, 0.9]).is_err());
    assert!(Situation::new(vec![0.0, 0.0], vec![1.0, 1.0], vec![0.9, 1.0]).is_err());
    let s = load(&base_json())?;
    let mut sit = s.status_quo_situation();
    let before = sit.clone();
    match sit.set_power(1, -1.0) {
        Err(e) => assert!(e.to_string().contains("power of actor 1"), "{e}"),
        Ok(()) => panic!("a power of -1 is refused"),
    }
    assert!(sit.set_disagreement(0, f64::NAN).is_err());
    assert!(sit.set_power(0, f64::NAN).is_err());
    assert!(sit.set_patience(0, 0.0).is_err());
    assert_eq!(sit, before, "refused values change nothing");
    // A solve never sees an invalid situation, so it cannot turn one into "no deal".
    assert!(Engine::new(&s)
        .solve(Concept::Nash, &sit)?
        .agreement()
        .is_some());
    Ok(())
}

#[test]
fn an_overflowing_level_is_an_error_naming_actor_and_level() -> Result<(), Error> {
    let s = load(&base_json())?;
    let e = s.situation(&[1e308 * 10.0]).expect_err("an infinite level");
    let text = e.to_string();
    assert!(
        text.contains("actor a") && text.contains("support = inf"),
        "{text}"
    );
    let e = s.situation(&[-1e4]).expect_err("power exp(3000) overflows");
    assert!(e.to_string().contains("power of actor a"), "{e}");
    let mut sit = s.situation(&[0.5])?;
    assert!(sit.update(&s, &[f64::NAN]).is_err());
    assert_eq!(sit, s.status_quo_situation(), "reset to the status quo");
    assert!(sit.update(&s, &[]).is_err(), "one level per variable");
    Ok(())
}

#[test]
fn an_invalid_status_quo_is_refused_when_the_scenario_is_read() {
    let v = edited(|v| v["leverage"][0]["value"] = json!(-1e4));
    match load(&v) {
        Err(Error::Scenario(ScenarioError::Invalid { field, problem, .. })) => {
            assert_eq!(field.to_string(), "leverage");
            assert!(
                problem.to_string().contains("power of actor a"),
                "{problem}"
            );
        }
        other => panic!("expected an invalid scenario, got {other:?}"),
    }
}

#[test]
fn distributions_refuse_bad_parameters() {
    assert!(LeverageDist::normal(0.0, -1.0).is_err());
    assert!(LeverageDist::normal(0.0, 0.0).is_err());
    assert!(LeverageDist::normal(f64::NAN, 1.0).is_err());
    assert!(LeverageDist::uniform(1.0, 0.0).is_err());
    assert!(LeverageDist::uniform(0.0, f64::INFINITY).is_err());
    assert!(LeverageDist::beta(0.0, 1.0).is_err());
    assert!(LeverageDist::beta(1.0, f64::NAN).is_err());
    assert!(LeverageDist::bernoulli(1.5).is_err());
    assert!(LeverageDist::bernoulli(f64::NAN).is_err());
    assert!(LeverageDist::fixed(f64::INFINITY).is_err());
    assert_eq!(
        LeverageDist::normal(0.0, -1.0),
        Err(Problem::OutOfRange {
            value: -1.0,
            allowed: "(0, inf)"
        })
    );
}

/// d of one actor jumps by `jump` once the level reaches `at`.
#[derive(Debug)]
struct Threshold {
    at: f64,
    jump: f64,
}

impl Effect for Threshold {
    fn shift(&self, level: f64) -> Shift {
        if level >= self.at {
            Shift::disagreement(self.jump)
        } else {
            Shift::ZERO
        }
    }
}

/// Split a unit surplus; b's outside option jumps to 0.4 once `talks` reaches 0.5.
fn split(effect: impl Effect + 'static) -> Result<Scenario, Error> {
    Scenario::builder("split")
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
            LeverageSpec::new("talks")
                .distribution(LeverageDist::uniform(0.0, 1.0).expect("a range"))
                .custom_effect("b", effect),
        )
        .build()
}

#[test]
fn a_custom_effect_changes_the_solve() -> Result<(), Error> {
    let s = split(Threshold { at: 0.5, jump: 0.4 })?;
    let engine = Engine::new(&s);
    let share = |level: f64| -> Result<f64, Error> {
        let v = engine.solve(Concept::Nash, &s.situation(&[level])?)?;
        Ok(v.value(0).and_then(|x| x.as_number()).unwrap_or(f64::NAN))
    };
    assert_abs_diff_eq!(share(0.4)?, 0.5, epsilon = TOL);
    // Above the threshold b's d is 0.4: a gets half of what is left, 0.3.
    assert_abs_diff_eq!(share(0.6)?, 0.3, epsilon = TOL);
    assert_eq!(s.leverage()[0].effects()[0].actor(), 1);
    assert!(s.leverage()[0].effects()[0].as_linear().is_none());
    Ok(())
}

#[derive(Debug)]
struct Broken;

impl Effect for Broken {
    fn shift(&self, level: f64) -> Shift {
        Shift::disagreement(if level > 0.5 { f64::NAN } else { 0.0 })
    }
}

#[test]
fn a_custom_effect_that_yields_nan_is_an_error_not_no_deal() -> Result<(), Error> {
    let s = split(Broken)?;
    assert!(s.situation(&[0.25]).is_ok());
    let e = s.situation(&[0.75]).expect_err("NaN d");
    assert!(
        e.to_string()
            .contains("disagreement of actor b at talks = 0.75"),
        "{e}"
    );
    let options = SweepOptions {
        samples: 64,
        seed: 1,
        ..SweepOptions::default()
    };
    assert!(sweep::run(&s, &options).is_err(), "the sweep reports it");
    Ok(())
}

#[test]
fn a_custom_effect_has_no_file_form() -> Result<(), Error> {
    let s = split(Threshold { at: 0.5, jump: 0.4 })?;
    match s.to_json() {
        Err(Error::Scenario(ScenarioError::Invalid { field, .. })) => {
            assert_eq!(field.to_string(), "leverage[0].effects[0]")
        }
        other => panic!("expected an error, got {other:?}"),
    }
    let e = serde_json::to_string(&s).expect_err("custom effects do not serialise");
    assert!(e.to_string().contains("'talks'"), "{e}");
    assert!(s.save(scratch_path("json")).is_err());
    // Clones share the effect, so they are equal; another instance is not.
    assert_eq!(s.clone(), s);
    assert_ne!(split(Threshold { at: 0.5, jump: 0.4 })?, s);
    Ok(())
}

#[test]
fn scenarios_stay_shareable_values() {
    fn check<T: Clone + std::fmt::Debug + PartialEq + Send + Sync>() {}
    check::<Scenario>();
    check::<Situation>();
    check::<LeverageDist>();
}
