//! Hand-built cases for the SAOP reference: the unit tests (`saop_tests.rs`) and the
//! CLI's hand-computed runs (`tests/negotiate_reference.rs`) share them.

use super::super::linked_gen::{Act, Case, Dist, Iss, Val};
use super::Setup;

/// A seated actor with weight 1 on every issue, discrete values as given.
pub fn act(values: Vec<Vec<f64>>, disagreement: f64, power: f64) -> Act {
    Act {
        seated: true,
        power,
        patience: 0.9,
        disagreement,
        weights: values.iter().map(|_| 1.0).collect(),
        values: values.into_iter().map(Val::Options).collect(),
        red: Vec::new(),
        inter: Vec::new(),
    }
}

/// A case without leverage effects (status quo 0.5).
pub fn case_of(issues: Vec<Iss>, actors: Vec<Act>) -> Case {
    Case {
        effect: vec![0.0; actors.len()],
        issues,
        actors,
        dist: Dist::Uniform(0.0, 1.0),
        value: None,
    }
}

/// A pie of 11 options: option k gives a0 k/10 and a1 (10 - k)/10; a0 has power `p0`.
pub fn pie(d0: f64, d1: f64, p0: f64) -> Case {
    let share = |k: usize| k as f64 / 10.0;
    case_of(
        vec![Iss::Disc(11)],
        vec![
            act(vec![(0..11).map(share).collect()], d0, p0),
            act(vec![(0..11).map(|k| share(10 - k)).collect()], d1, 1.0),
        ],
    )
}

/// Two actors on one discrete issue (d0 = 0, powers 1): option k gives a0 `a0[k]`, a1
/// `a1[k]`.
pub fn two(a0: Vec<f64>, a1: Vec<f64>, d1: f64) -> Case {
    case_of(
        vec![Iss::Disc(a0.len())],
        vec![act(vec![a0], 0.0, 1.0), act(vec![a1], d1, 1.0)],
    )
}

/// A run worked out by hand on a two-actor case, a0 first, at the status quo.
pub struct HandRun {
    pub name: &'static str,
    pub case: Case,
    pub setup: Setup,
    /// The agreed option of issue 0 and the step; `None` for no deal.
    pub deal: Option<(usize, usize)>,
}

fn hand(
    name: &'static str,
    case: Case,
    agents: [&str; 2],
    deadline: usize,
    deal: Option<(usize, usize)>,
) -> HandRun {
    let setup = Setup {
        agents: agents.iter().map(|s| s.to_string()).collect(),
        deadline,
        first: 0,
        resolution: 11,
        level: case.status_quo(),
        power_effect: Vec::new(),
    };
    HandRun {
        name,
        case,
        setup,
        deal,
    }
}

/// The 1e-12 rules of §4 at their edges, where a sequential scan ("replace the best
/// when better by more than 1e-12") and the contract's "within 1e-12 of the extreme,
/// then the first" part ways.
pub fn tolerance_runs() -> Vec<HandRun> {
    let (c8, c16) = (0.8e-12, 1.6e-12);
    vec![
        // a0's best: the maximum is 1 (o2), and o1 lies within 1e-12 of it, o0 does
        // not: the first of {o1, o2} is o1 (a scan from o0 would end on o2). a1
        // (t = 1, tau = d = 0) accepts .5 at step 1.
        hand(
            "hardliner's best within 1e-12 of the maximum",
            two(vec![1.0 - c16, 1.0 - c8, 1.0, 0.0], vec![0.5; 4], 0.0),
            ["hardliner", "linear"],
            2,
            Some((1, 1)),
        ),
        // s0: a0 proposes o0 (its only 1). s1: a1 (tau = .5) rejects o0 (.2); of the
        // outcomes with u1 >= .5 the minimum is .5 (o4) and o3 (.5 + .8e-12) ties with
        // it, o2 (.5 + 1.6e-12) does not: a1 proposes o3. s2: a0 (tau 0) accepts .3.
        hand(
            "time agent's lowest offer within 1e-12 of the minimum",
            two(
                vec![1.0, 0.3, 0.3, 0.3, 0.3],
                vec![0.2, 1.0, 0.5 + c16, 0.5 + c8, 0.5],
                0.0,
            ),
            ["linear", "linear"],
            3,
            Some((3, 2)),
        ),
        // a1 (hardliner, M = 1) gets 1 - .5e-12 from a0's o0: >= M within 1e-12.
        hand(
            "accepts 0.5e-12 below its target",
            two(vec![1.0, 0.0], vec![1.0 - 0.5e-12, 1.0], 0.0),
            ["hardliner", "hardliner"],
            5,
            Some((0, 1)),
        ),
        // ... but not 2e-12 below: the hardliners then trade o0 and o1 to the deadline.
        hand(
            "rejects 2e-12 below its target",
            two(vec![1.0, 0.0], vec![1.0 - 2e-12, 1.0], 0.0),
            ["hardliner", "hardliner"],
            5,
            None,
        ),
        // a1 (linear, d1 = .3, T = 2) at t = 1 has tau = .3; o0 gives .3 + .5e-12, not
        // above d1 by more than 1e-12: it rejects and proposes the lowest u1 >= .3,
        // o0 itself. No deal.
        hand(
            "0.5e-12 above d is not above d",
            two(vec![1.0, 0.0], vec![0.3 + 0.5e-12, 1.0], 0.3),
            ["hardliner", "linear"],
            2,
            None,
        ),
        // .3 + 2e-12 is above d1: accepted at step 1.
        hand(
            "2e-12 above d is above d",
            two(vec![1.0, 0.0], vec![0.3 + 2e-12, 1.0], 0.3),
            ["hardliner", "linear"],
            2,
            Some((0, 1)),
        ),
    ]
}
