//! The reference checked on runs worked out by hand (the arithmetic is in the comments).

use super::super::linked_gen::{case, Cond, Gate, Red, RedBody, Shape, Val};
use super::*;

/// Hand-computed values are exact tenths: compare with a margin above their rounding.
const TOL: f64 = 1e-12;

fn setup(agents: &[&str], deadline: usize, first: usize) -> Setup {
    Setup {
        agents: agents.iter().map(|s| s.to_string()).collect(),
        deadline,
        first,
        resolution: 11,
        level: 0.5,
        power_effect: Vec::new(),
    }
}

fn option_of(x: &[Value]) -> usize {
    x[0].as_option().expect("a discrete issue")
}

/// The trace as (actor, 'p' or 'a', option of the first issue).
fn moves(run: &Run) -> Vec<(usize, char, usize)> {
    run.trace
        .iter()
        .enumerate()
        .map(|(s, m)| {
            assert_eq!(m.step, s, "one entry per step");
            let a = if m.action == Action::Propose {
                'p'
            } else {
                'a'
            };
            (m.actor, a, option_of(&m.offer))
        })
        .collect()
}

fn close(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= TOL)
}

fn opt_close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() <= TOL,
        (None, None) => true,
        _ => false,
    }
}

fn assert_deal(run: &Run, option: usize, step: usize, utilities: &[f64], d: &[f64]) {
    assert_eq!(
        run.agreement.as_deref().map(option_of),
        Some(option),
        "{run:?}"
    );
    assert_eq!(run.step, Some(step), "{run:?}");
    assert!(close(&run.utilities, utilities), "{run:?}");
    let gains: Vec<f64> = utilities.iter().zip(d).map(|(u, d)| u - d).collect();
    assert!(close(&run.gains, &gains), "{run:?}");
}

/// linear vs linear on the pie, T = 11 (t_s = s/10, tau = 1 - s/10), a0 first:
/// s0 a0 tau 1: proposes o10 (u0 = 1).
/// s1 a1 tau .9: o10 gives it 0, rejects; smallest u1 >= .9 is o1 (.9).
/// s2 a0 tau .8: o1 gives .1, rejects; proposes o8.   s3 a1 tau .7: rejects, o3.
/// s4 a0 tau .6: rejects o3, proposes o6.             s5 a1 tau .5: o6 gives .4, o5.
/// s6 a0 tau .4: o5 gives .5 >= .4 and > 0: accepts; agreed at step 6 on o5.
/// Nash point o5, every option Pareto-optimal: both distances 0, welfare 1.
#[test]
fn linear_against_linear_meets_in_the_middle() {
    let c = pie(0.0, 0.0, 1.0);
    let run = negotiate(&c, &setup(&["linear", "linear"], 11, 0));
    assert_deal(&run, 5, 6, &[0.5, 0.5], &[0.0, 0.0]);
    assert_eq!(
        moves(&run),
        vec![
            (0, 'p', 10),
            (1, 'p', 1),
            (0, 'p', 8),
            (1, 'p', 3),
            (0, 'p', 6),
            (1, 'p', 5),
            (0, 'a', 5)
        ]
    );
    assert!(opt_close(run.nash_distance, Some(0.0)));
    assert!(opt_close(run.pareto_distance, Some(0.0)));
    assert!((run.welfare - 1.0).abs() <= TOL);

    // a1 first: the mirror image, o0, o9, o2, o7, o4, o5, then a1 accepts o5 at step 6.
    let run = negotiate(&c, &setup(&["linear", "linear"], 11, 1));
    assert_deal(&run, 5, 6, &[0.5, 0.5], &[0.0, 0.0]);
    let offered: Vec<usize> = moves(&run).iter().map(|m| m.2).collect();
    assert_eq!(offered, vec![0, 9, 2, 7, 4, 5, 5]);
    assert_eq!(run.trace[6].actor, 1);
}

/// linear vs linear, T = 6 (t_s = s/5): s0 a0 proposes o10; s1 a1 (tau .8) proposes o2;
/// s2 a0 (tau .6) rejects o2 (.2) and proposes o6; s3 a1 (tau 1 - 3/5 = .4): o6 gives it
/// exactly .4, which is >= tau within 1e-12: accepts, agreed at step 3 on o6.
/// Gains (.6, .4) against the Nash point's (.5, .5): nash_distance sqrt(.02) = 0.1414.
#[test]
fn linear_against_linear_with_a_short_deadline_accepts_at_the_target() {
    let c = pie(0.0, 0.0, 1.0);
    let run = negotiate(&c, &setup(&["linear", "linear"], 6, 0));
    assert_deal(&run, 6, 3, &[0.6, 0.4], &[0.0, 0.0]);
    let offered: Vec<usize> = moves(&run).iter().map(|m| m.2).collect();
    assert_eq!(offered, vec![10, 2, 6, 6]);
    assert!(opt_close(run.nash_distance, Some(0.02f64.sqrt())));
    assert!(opt_close(run.pareto_distance, Some(0.0)));
}

/// hardliner vs hardliner, d = (.1, 0), T = 10: a0 proposes o10, a1 (M = 1) rejects it
/// (u1 = 0) and proposes o0, a0 rejects (u0 = 0), ... ten proposals, no deal.
/// Utilities = d, gains 0, welfare = .1 + 0, step and distances null.
#[test]
fn hardliners_with_opposed_interests_make_no_deal() {
    let c = pie(0.1, 0.0, 1.0);
    let run = negotiate(&c, &setup(&["hardliner", "hardliner"], 10, 0));
    assert!(run.agreement.is_none() && run.step.is_none(), "{run:?}");
    assert!(close(&run.utilities, &[0.1, 0.0]) && close(&run.gains, &[0.0, 0.0]));
    assert!(run.nash_distance.is_none() && run.pareto_distance.is_none());
    assert!((run.welfare - 0.1).abs() <= TOL);
    let want: Vec<(usize, char, usize)> = (0..10)
        .map(|s| {
            if s % 2 == 0 {
                (0, 'p', 10)
            } else {
                (1, 'p', 0)
            }
        })
        .collect();
    assert_eq!(moves(&run), want);
}

/// nash vs nash with powers (2, 1), d = 0: 2 ln u + ln(1 - u) over the tenths:
/// u = .6: -1.938, u = .7: -1.917, u = .8: -2.056, so the Nash point is o7.
/// a0 proposes o7 at step 0; a1 gets .3 = u1(o7) >= .3 and > 0: accepts at step 1.
#[test]
fn nash_agents_agree_on_the_nash_point_at_step_1() {
    let c = pie(0.0, 0.0, 2.0);
    for first in [0, 1] {
        let run = negotiate(&c, &setup(&["nash", "nash"], 100, first));
        assert_deal(&run, 7, 1, &[0.7, 0.3], &[0.0, 0.0]);
        assert_eq!(moves(&run), vec![(first, 'p', 7), (1 - first, 'a', 7)]);
        assert!(opt_close(run.nash_distance, Some(0.0)));
        assert!(opt_close(run.pareto_distance, Some(0.0)));
    }
    // The same powers from leverage: power 1 and p0 = ln 2 at level 1 give alpha0 = 2.
    let s = Setup {
        level: 1.0,
        power_effect: vec![2f64.ln(), 0.0],
        ..setup(&["nash", "nash"], 100, 0)
    };
    let run = negotiate(&pie(0.0, 0.0, 1.0), &s);
    assert_deal(&run, 7, 1, &[0.7, 0.3], &[0.0, 0.0]);
}

/// One seated actor (a0, d = .3) and an unseated a1 (d = .2) whose red line on o10 is
/// no veto: a0 proposes its best, o10, at step 0 and that is the agreement (no one
/// has to accept). Utilities (1, 0), gains (.7, -.2), welfare 1 (seated only).
#[test]
fn one_seated_actor_agrees_at_step_0() {
    let mut c = pie(0.3, 0.2, 1.0);
    c.actors[1].seated = false;
    c.actors[1].red.push(Red {
        body: RedBody::One(Cond::Opts(0, vec![10])),
        gate: None,
    });
    let s = Setup {
        agents: vec!["boulware".into()],
        ..setup(&[], 40, 0)
    };
    let run = negotiate(&c, &s);
    assert_deal(&run, 10, 0, &[1.0, 0.0], &[0.3, 0.2]);
    assert_eq!(moves(&run), vec![(0, 'p', 10)]);
    assert!(opt_close(run.nash_distance, Some(0.0)));
    assert!(opt_close(run.pareto_distance, Some(0.0)));
    assert!((run.welfare - 1.0).abs() <= TOL);
}

/// T = 1: t_0 = 0 (no division by T - 1 = 0); a0 proposes o10 and the deadline has
/// passed: no deal. A lone seated actor still agrees at step 0.
#[test]
fn deadline_1_leaves_only_the_opening_offer() {
    let c = pie(0.0, 0.0, 1.0);
    let run = negotiate(&c, &setup(&["linear", "linear"], 1, 0));
    assert!(run.agreement.is_none(), "{run:?}");
    assert_eq!(moves(&run), vec![(0, 'p', 10)]);

    let mut lone = pie(0.0, 0.0, 1.0);
    lone.actors[0].seated = false;
    let run = negotiate(&lone, &setup(&["hardliner"], 1, 1));
    assert_deal(&run, 0, 0, &[0.0, 1.0], &[0.0, 0.0]);
}

/// T = 2: at s1, t = 1 and a1's target is d1 = 0, but o10 gives it exactly 0, not more
/// than d1: it rejects and proposes the smallest u1 >= 0, which is o10 again (a new
/// standing offer equal to the old). No deal.
#[test]
fn an_offer_at_the_disagreement_utility_is_never_accepted() {
    let c = pie(0.0, 0.0, 1.0);
    let run = negotiate(&c, &setup(&["linear", "linear"], 2, 0));
    assert!(run.agreement.is_none(), "{run:?}");
    assert_eq!(moves(&run), vec![(0, 'p', 10), (1, 'p', 10)]);
}

/// Three actors, one issue of 3 options: a0 (1, .5, 0), a1 (0, .5, 1), a2 (.5, 1, .5),
/// all linear, T = 6 (tau = 1 - s/5):
/// s0 a0 proposes o0. s1 a1 (tau .8) rejects (0), proposes o2. s2 a2 (tau .6): o2 gives
/// .5 < .6, rejects; smallest u2 >= .6 is o1 (1): proposes o1. s3 a0 (tau .4): o1
/// gives .5: accepts. s4 a1 (tau .2): .5: accepts, the second of the n - 1 = 2
/// acceptances after the proposal at step 2: agreed at step 4 = 2 + n - 1 on o1.
/// Nash product .25 at o1 (0 elsewhere); all three options Pareto-optimal.
#[test]
fn three_actors_need_two_acceptances_in_turn() {
    let c = case_of(
        vec![Iss::Disc(3)],
        vec![
            act(vec![vec![1.0, 0.5, 0.0]], 0.0, 1.0),
            act(vec![vec![0.0, 0.5, 1.0]], 0.0, 1.0),
            act(vec![vec![0.5, 1.0, 0.5]], 0.0, 1.0),
        ],
    );
    let run = negotiate(&c, &setup(&["linear", "linear", "linear"], 6, 0));
    assert_deal(&run, 1, 4, &[0.5, 0.5, 1.0], &[0.0; 3]);
    assert_eq!(
        moves(&run),
        vec![
            (0, 'p', 0),
            (1, 'p', 2),
            (2, 'p', 1),
            (0, 'a', 1),
            (1, 'a', 1)
        ]
    );
    assert!(opt_close(run.nash_distance, Some(0.0)));
    assert!((run.welfare - 2.0).abs() <= TOL);

    // Deadline 4: the run stops after a0's acceptance at step 3, one short.
    let run = negotiate(&c, &setup(&["linear", "linear", "linear"], 4, 0));
    assert!(run.agreement.is_none() && run.trace.len() == 4, "{run:?}");
}

/// Options o0 (1, 0), o1 (0, 1), o2 (.45, .55), o3 (.5, .6); linear vs linear, T = 3:
/// s0 a0 proposes o0; s1 a1 (tau .5): the smallest u1 >= .5 is o2 (.55), dominated by
/// o3; s2 a0 (tau 0): .45 > 0, accepts. Agreement o2 at step 2.
/// Pareto set {o0, o1, o3}: nearest o3 at sqrt(.05^2 + .05^2) = 0.0707; the Nash point
/// is o3 (.30 > .2475), so nash_distance is the same.
#[test]
fn time_agents_can_settle_on_a_dominated_outcome() {
    let c = case_of(
        vec![Iss::Disc(4)],
        vec![
            act(vec![vec![1.0, 0.0, 0.45, 0.5]], 0.0, 1.0),
            act(vec![vec![0.0, 1.0, 0.55, 0.6]], 0.0, 1.0),
        ],
    );
    let table = Table::new(&c, 11, 0.5, &[1.0, 1.0]);
    assert_eq!(table.pareto(), vec![0, 1, 3]);
    assert_eq!(table.nash, Some(3));
    let run = negotiate(&c, &setup(&["linear", "linear"], 3, 0));
    assert_deal(&run, 2, 2, &[0.45, 0.55], &[0.0, 0.0]);
    let half = 0.005f64.sqrt();
    assert!(opt_close(run.pareto_distance, Some(half)), "{run:?}");
    assert!(opt_close(run.nash_distance, Some(half)), "{run:?}");
}

/// d0 = 1.5 > M0 = 1: after t = 0 no outcome reaches a0's target 1 + .5 t^(1/5), so it
/// always proposes its best (o10), and it accepts nothing (u0 > d0 never holds): a1
/// (time:0.5, tau = 1 - t^2, T = 5) proposes o0 at s1 and o5 at s3, both rejected. No deal.
#[test]
fn an_actor_above_its_best_proposes_its_best_and_accepts_nothing() {
    let c = pie(1.5, 0.0, 1.0);
    let run = negotiate(&c, &setup(&["conceder", "time:0.5"], 5, 0));
    assert!(run.agreement.is_none(), "{run:?}");
    for m in moves(&run).iter().filter(|m| m.0 == 0) {
        assert_eq!(*m, (0, 'p', 10));
    }
}

/// Outcomes that tie for a time agent's proposal go to the first in enumeration order:
/// a second issue nobody weighs doubles every option, and a0 always picks its first copy.
#[test]
fn ties_go_to_the_first_outcome_in_enumeration_order() {
    let mut c = pie(0.0, 0.0, 1.0);
    c.issues.push(Iss::Disc(2));
    for a in &mut c.actors {
        a.weights.push(0.0);
        a.values.push(Val::Options(vec![0.0, 0.0]));
    }
    let run = negotiate(&c, &setup(&["linear", "hardliner"], 11, 0));
    for m in &run.trace {
        assert_eq!(m.offer[1], Value::Option(0), "{run:?}");
    }
    // Within 1e-12 counts as a tie, beyond it does not.
    let values = [0.5, 0.3 + 1e-13, 0.3, 0.7];
    assert_eq!(extreme(0..4, |j| values[j], true), Some(1));
    let values = [0.5, 0.3 + 1e-11, 0.3, 0.7];
    assert_eq!(extreme(0..4, |j| values[j], true), Some(2));
    assert_eq!(extreme(0..4, |j| -values[j], false), Some(2));
}

/// R = 5 on [2, 12]: 2, 4.5, 7, 9.5, 12, after a discrete issue (slowest); a red line
/// below 4.5 gated above lever .5 removes the value 2 at lever 1 but not at lever 0.
#[test]
fn the_grid_is_evenly_spaced_with_the_ends_and_gates_judged_at_the_level() {
    assert_eq!(grid_values(2.0, 12.0, 5), vec![2.0, 4.5, 7.0, 9.5, 12.0]);
    assert_eq!(grid_values(-1.0, 0.0, 3), vec![-1.0, -0.5, 0.0]);
    let mut a = act(vec![vec![0.0, 1.0]], 0.0, 1.0);
    a.weights.push(1.0);
    a.values.push(Val::Curve(vec![(0, 0.0), (8, 1.0)]));
    a.red.push(Red {
        body: RedBody::One(Cond::Below(1, 4.5)),
        gate: Some(Gate::Above(0.5)),
    });
    let c = case_of(
        vec![
            Iss::Disc(2),
            Iss::Cont {
                lo: 2.0,
                width: 10.0,
            },
        ],
        vec![a],
    );
    let all = gridded_outcomes(&c, 5);
    assert_eq!(all.len(), 10);
    assert_eq!(all[1], vec![Value::Option(0), Value::Number(4.5)]);
    assert_eq!(all[5], vec![Value::Option(1), Value::Number(2.0)]);
    assert_eq!(Table::new(&c, 5, 0.0, &[1.0]).outcomes.len(), 10);
    let open = Table::new(&c, 5, 1.0, &[1.0]);
    assert_eq!(open.outcomes.len(), 8);
    assert_eq!(open.outcomes[0], vec![Value::Option(0), Value::Number(4.5)]);
    // M = 1 at (o1, 12): the curve gives 1 at 12 and o1 is worth 1.
    assert!((open.best[0] - 1.0).abs() <= TOL);
    assert_eq!(open.favourite(0), 7);
}

#[test]
fn strategies_parse_as_the_contract_spells_them() {
    assert_eq!(Strategy::parse("boulware"), Some(Strategy::Time(0.2)));
    assert_eq!(Strategy::parse("linear"), Some(Strategy::Time(1.0)));
    assert_eq!(Strategy::parse("conceder"), Some(Strategy::Time(5.0)));
    assert_eq!(Strategy::parse("time:2.5"), Some(Strategy::Time(2.5)));
    assert_eq!(Strategy::parse("time:0"), None);
    assert_eq!(Strategy::parse("time:-1"), None);
    assert_eq!(Strategy::parse("tit-for-tat"), None);
}

#[test]
fn the_tolerance_edges_go_the_contracts_way() {
    for r in tolerance_runs() {
        let run = negotiate(&r.case, &r.setup);
        let deal = run.agreement.as_deref().map(option_of).zip(run.step);
        assert_eq!(deal, r.deal, "{}: {run:?}", r.name);
    }
}

/// The skyline pass keeps exactly the points the definition keeps, on random linked
/// cases of 1 to 4 seated actors.
#[test]
fn the_skyline_pass_agrees_with_the_definition() {
    let shape = Shape {
        actors: (1, 4),
        discrete: (2, 4),
        options: (2, 4),
        continuous: 1,
        dummy: 0.3,
    };
    let mut compared = 0;
    for seed in 0..200u64 {
        let c = case(seed, shape);
        let alpha = vec![1.0; c.seated().len()];
        let table = Table::new(&c, 9, c.status_quo(), &alpha);
        let points = table.distinct_points();
        assert_eq!(skyline(&points), undominated(&points), "seed {seed}");
        compared += points.len();
    }
    assert!(compared > 10_000, "{compared} points compared");
}
