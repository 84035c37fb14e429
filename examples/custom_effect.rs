//! A leverage effect of one's own: a threshold.
//!
//! `cargo run --release --example custom_effect` splits a unit surplus between two
//! parties. `mood` (uniform on [0, 1]) raises a's outside option by 0.8 per unit, as a
//! built-in effect; `sanctions` acts through a threshold effect written here: b's
//! outside option jumps by 0.5 once sanctions reach 0.5. A sweep varies `sanctions`
//! over 0, 0.1, ..., 1 with 400 draws of `mood` at each (seed 7) and prints the deal
//! probability and both mean gains per grid value, then below and above the threshold.
//!
//! Below it every draw ends in a deal, each side gaining (1 - 0.8 mood) / 2, 0.3 on
//! average; above it a deal needs 0.8 mood + 0.5 < 1, so only 62.5 % of the draws reach
//! one, and each side's mean gain falls to about 0.078.

use detente::scenario::{ActorSpec, Effect, IssueSpec, LeverageDist, LeverageSpec, Linear, Shift};
use detente::sweep::{self, Grid, Stats, SweepOptions};
use detente::Scenario;

/// The actor's disagreement utility jumps by `jump` once the level reaches `at`.
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

const THRESHOLD: f64 = 0.5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let scenario = Scenario::builder("threshold")
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
            LeverageSpec::new("mood")
                .distribution(LeverageDist::uniform(0.0, 1.0)?)
                .effect(
                    "a",
                    Linear {
                        disagreement: 0.8,
                        ..Linear::ZERO
                    },
                ),
        )
        .leverage(LeverageSpec::new("sanctions").value(0.0).custom_effect(
            "b",
            Threshold {
                at: THRESHOLD,
                jump: 0.5,
            },
        ))
        .build()?;
    let options = SweepOptions {
        samples: 400,
        seed: 7,
        vary: Some(Grid {
            id: "sanctions".into(),
            lo: 0.0,
            hi: 1.0,
            steps: 11,
        }),
        ..SweepOptions::default()
    };
    let result = sweep::run(&scenario, &options)?;
    let Some((_, grid)) = &result.summary().grid else {
        return Err("a sweep with vary has a grid".into());
    };

    println!(
        "{:>10} {:>6} {:>8} {:>8}",
        "sanctions", "deal", "gain a", "gain b"
    );
    for (value, stats) in grid {
        let [p, a, b] = figures(stats);
        println!("{value:>10.1} {p:>6.3} {a:>8.3} {b:>8.3}");
    }
    let below = average(grid.iter().filter(|(v, _)| *v < THRESHOLD));
    let above = average(grid.iter().filter(|(v, _)| *v >= THRESHOLD));
    println!(
        "below {THRESHOLD}: deal {:.3}, gains {:.3} {:.3}",
        below[0], below[1], below[2]
    );
    println!(
        "above {THRESHOLD}: deal {:.3}, gains {:.3} {:.3}",
        above[0], above[1], above[2]
    );

    assert!(
        (below[0] - 1.0).abs() < 1e-12,
        "every draw below the threshold is a deal"
    );
    assert!((above[0] - 0.625).abs() < 0.06, "62.5 % above it");
    assert!((below[1] - 0.3).abs() < 0.03 && (above[1] - 0.078).abs() < 0.03);
    assert!(below[2] - above[2] > 0.15, "the jump shows in b's gain too");
    Ok(())
}

/// Deal probability and the two mean gains.
fn figures(stats: &Stats) -> [f64; 3] {
    [
        stats.deal_probability,
        stats.actors[0].mean_gain,
        stats.actors[1].mean_gain,
    ]
}

/// The mean of [`figures`] over grid values.
fn average<'a>(entries: impl Iterator<Item = &'a (f64, Stats)>) -> [f64; 3] {
    let mut sum = [0.0; 3];
    let mut n = 0.0;
    for (_, stats) in entries {
        for (s, x) in sum.iter_mut().zip(figures(stats)) {
            *s += x;
        }
        n += 1.0;
    }
    sum.map(|s| s / n)
}
