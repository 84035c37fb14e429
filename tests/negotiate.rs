//! Agents under stacked alternating offers (CONTRACT §4) through the library API.
//!
//! - runs computed by hand, each derivation in the comment above its test: a pie of
//!   eleven shares (discrete, and continuous gridded at resolution 11) under linear,
//!   conceder, boulware, hardliner and nash agents; one seated actor; T = 1; an unseated
//!   observer; leverage moving a disagreement point; a proposer worse off than without a
//!   deal; agents of one's own that propose what they may not;
//! - properties on random scenarios with linked issues (`common/linked_gen.rs`, whose
//!   utilities and vetoes are written from the contract, not taken from the library):
//!   agreements are feasible and every accepting actor gains; the same inputs give the
//!   same run on any thread count; swapping the roles of a symmetric pie mirrors the
//!   split; `pareto_distance` is 0 exactly on the frontier; nash agents agree at once.

use approx::assert_abs_diff_eq;
use detente::error::Input;
use detente::negotiate::{Action, Agent, Negotiation, NegotiationOptions, Run, Strategy, View};
use detente::{Error, Scenario, Value};
use proptest::prelude::*;
use serde_json::{json, Value as Json};

#[path = "common/linked_gen.rs"]
#[allow(dead_code)]
mod linked_gen;
use linked_gen::{case, Case, Iss, Shape};

/// Utilities against hand-computed decimals.
const TOL: f64 = 1e-12;

const LINEAR: Strategy = Strategy::Time(1.0);
const BOULWARE: Strategy = Strategy::Time(0.2);
const CONCEDER: Strategy = Strategy::Time(5.0);

/// Two actors split eleven shares: option `s{k}` gives `a` k/10 and `b` (10 - k)/10
/// (continuous: the share x in [0, 1], `a` values x and `b` 1 - x). `lever` moves a's
/// disagreement point one for one (status quo 0); `c`, unseated, values what `a` gets.
fn pie(d: [f64; 2], continuous: bool, observer: bool) -> Scenario {
    let (issue, value_a, value_b) = if continuous {
        (
            json!({"id": "share", "range": [0, 1]}),
            json!({"points": [[0, 0], [1, 1]]}),
            json!({"points": [[0, 1], [1, 0]]}),
        )
    } else {
        let label = |k: usize| format!("s{k}");
        let table = |f: &dyn Fn(usize) -> usize| -> Json {
            (0..=10)
                .map(|k| (label(k), json!(f(k) as f64 / 10.0)))
                .collect::<serde_json::Map<_, _>>()
                .into()
        };
        (
            json!({"id": "share", "options": (0..=10).map(label).collect::<Vec<_>>()}),
            table(&|k| k),
            table(&|k| 10 - k),
        )
    };
    let actor = |id: &str, d: f64, values: &Json| json!({"id": id, "disagreement": d, "weights": {"share": 1}, "values": {"share": values}});
    let mut actors = vec![actor("a", d[0], &value_a), actor("b", d[1], &value_b)];
    if observer {
        let mut c = actor("c", 0.05, &value_a);
        c["seated"] = json!(false);
        actors.push(c);
    }
    let text = json!({"name": "pie", "issues": [issue], "actors": actors,
        "leverage": [{"id": "lever", "value": 0,
                      "effects": [{"actor": "a", "disagreement": 1}]}]});
    Scenario::from_json(&text.to_string(), "pie.json").expect("a valid pie")
}

fn options(deadline: usize) -> NegotiationOptions {
    NegotiationOptions {
        deadline,
        ..NegotiationOptions::default()
    }
}

fn play(s: &Scenario, deadline: usize, strategies: &[Strategy], first: Option<usize>) -> Run {
    let negotiation =
        Negotiation::new(s, &s.status_quo(), options(deadline)).expect("a negotiation");
    negotiation
        .run_strategies(strategies, first)
        .expect("a run")
}

/// The share of the pie the outcome gives `a`, in tenths (discrete option index, or
/// the continuous share times 10, which a resolution of 11 keeps whole).
fn tenths(x: &[Value]) -> usize {
    match x[0] {
        Value::Option(k) => k,
        Value::Number(v) => {
            let k = (v * 10.0).round();
            assert_abs_diff_eq!(v, k / 10.0, epsilon = TOL);
            k as usize
        }
    }
}

/// The agreement as a's tenths, and the step.
fn deal(run: &Run) -> Option<(usize, usize)> {
    let a = run.agreement.as_ref()?;
    Some((tenths(&a.outcome), run.step.expect("a deal has a step")))
}

/// The trace as (action, a's tenths) per step.
fn moves(run: &Run) -> Vec<(char, usize)> {
    run.trace
        .iter()
        .enumerate()
        .map(|(s, m)| {
            assert_eq!(m.step, s, "one move per step, in order");
            let kind = match m.action {
                Action::Propose => 'P',
                Action::Accept => 'A',
            };
            (kind, tenths(&m.offer))
        })
        .collect()
}

fn assert_utilities(run: &Run, want: &[f64]) {
    assert_eq!(run.utilities.len(), want.len());
    for (u, w) in run.utilities.iter().zip(want) {
        assert_abs_diff_eq!(*u, *w, epsilon = TOL);
    }
}

// ---------------------------------------------------------------------------------
// Runs computed by hand
// ---------------------------------------------------------------------------------

/// Linear against linear, T = 11, d = 0: t_s = s/10 and both targets are
/// tau(t_s) = 1 - s/10, a tenth of the pie, so each proposal gives its proposer exactly
/// its target and the other actor s/10.
///
/// ```text
/// step  mover  target  standing offer (a, b)  action
///   0     a     1.0         -                 propose s10 (1.0, 0.0)
///   1     b     0.9     (1.0, 0.0): 0 <= d    propose s1  (0.1, 0.9)
///   2     a     0.8     0.1 < 0.8             propose s8  (0.8, 0.2)
///   3     b     0.7     0.2 < 0.7             propose s3  (0.3, 0.7)
///   4     a     0.6     0.3 < 0.6             propose s6  (0.6, 0.4)
///   5     b     0.5     0.4 < 0.5             propose s5  (0.5, 0.5)
///   6     a     0.4     0.5 >= 0.4, 0.5 > 0   accept: agreed at step 6
/// ```
/// In general the offer of step s is accepted at s + 1 iff s/10 >= 1 - (s + 1)/10,
/// i.e. s >= 4.5. The split (0.5, 0.5) is the Nash point (d = 0): nash_distance 0,
/// and every split of the pie is on the frontier: pareto_distance 0.
#[test]
fn linear_against_linear_meets_in_the_middle_at_step_6() {
    for continuous in [false, true] {
        let run = play(&pie([0.0, 0.0], continuous, false), 11, &[LINEAR; 2], None);
        let want = [
            ('P', 10),
            ('P', 1),
            ('P', 8),
            ('P', 3),
            ('P', 6),
            ('P', 5),
            ('A', 5),
        ];
        assert_eq!(moves(&run), want, "continuous: {continuous}");
        assert_eq!(deal(&run), Some((5, 6)));
        assert_eq!(run.first, 0);
        assert_utilities(&run, &[0.5, 0.5]);
        assert_abs_diff_eq!(run.welfare, 1.0, epsilon = TOL);
        assert_abs_diff_eq!(run.nash_distance.expect("a deal"), 0.0, epsilon = TOL);
        assert_abs_diff_eq!(run.pareto_distance.expect("a deal"), 0.0, epsilon = TOL);
    }
}

/// Linear against linear, T = 100: t_s = s/99, tau_s = 1 - s/99, no longer a tenth.
/// The proposer of step s takes the lowest tenth >= 1 - s/99, ceil(10 - 10 s/99)/10,
/// which leaves the other floor(10 s/99)/10 (10 s/99 is whole only at s = 0 and 99).
/// The next mover accepts iff floor(10 s/99)/10 >= 1 - (s + 1)/99:
///
/// ```text
/// s = 49  b offers a floor(4.95)/10 = 0.4 (b takes 0.6 >= 0.505); a needs 1 - 50/99 = 0.495: no
/// s = 50  a offers b floor(5.05)/10 = 0.5 (a takes 0.5 >= 0.495); b needs 1 - 51/99 = 0.485: yes
/// ```
/// and for s < 50 the offer is at most 0.4 < 1 - 50/99. Agreed at step 51 on s5.
#[test]
fn linear_against_linear_with_100_steps_agrees_at_step_51() {
    for continuous in [false, true] {
        let run = play(&pie([0.0, 0.0], continuous, false), 100, &[LINEAR; 2], None);
        assert_eq!(deal(&run), Some((5, 51)), "continuous: {continuous}");
        let m = moves(&run);
        assert_eq!(m.len(), 52);
        assert_eq!(&m[48..], [('P', 6), ('P', 4), ('P', 5), ('A', 5)]);
        assert!(m[..51].iter().all(|&(kind, _)| kind == 'P'));
        assert_utilities(&run, &[0.5, 0.5]);
    }
}

/// Linear (a) against conceder (b, E = 5: tau_b = 1 - t^(1/5)), T = 11.
///
/// ```text
/// step  mover  target                               action
///   0     a    1.0                                  propose s10 (1.0, 0.0)
///   1     b    1 - 0.1^0.2 = 1 - 0.6310 = 0.3690    0 <= d: propose the lowest u_b >= 0.369: s6 (0.6, 0.4)
///   2     a    0.8                                  0.6 < 0.8: propose s8 (0.8, 0.2)
///   3     b    1 - 0.3^0.2 = 1 - 0.7860 = 0.2140    0.2 < 0.214: propose s7 (0.7, 0.3)
///   4     a    0.6                                  0.7 >= 0.6: accept
/// ```
/// (0.7, 0.3): nash_distance = |(0.2, -0.2)| = 0.2 sqrt 2, pareto_distance 0.
#[test]
fn linear_against_a_conceder_takes_seven_tenths() {
    for continuous in [false, true] {
        let run = play(
            &pie([0.0, 0.0], continuous, false),
            11,
            &[LINEAR, CONCEDER],
            None,
        );
        let want = [('P', 10), ('P', 6), ('P', 8), ('P', 7), ('A', 7)];
        assert_eq!(moves(&run), want, "continuous: {continuous}");
        assert_eq!(deal(&run), Some((7, 4)));
        assert_utilities(&run, &[0.7, 0.3]);
        let nash = run.nash_distance.expect("a deal");
        assert_abs_diff_eq!(nash, 0.2 * 2f64.sqrt(), epsilon = TOL);
        assert_abs_diff_eq!(run.pareto_distance.expect("a deal"), 0.0, epsilon = TOL);
    }
}

/// Boulware (a, E = 0.2: tau_a = 1 - t^5) against linear (b), T = 11. a's target stays
/// above 0.9 until t = 0.6, so it asks for the whole pie while b concedes a tenth a step:
///
/// ```text
/// step  mover  target                    action
///   0     a    1                         propose s10
///   1     b    0.9                       propose s1 (0.1, 0.9)
///   2     a    1 - 0.2^5 = 0.99968       propose s10
///   3     b    0.7                       propose s3 (0.3, 0.7)
///   4     a    1 - 0.4^5 = 0.98976       propose s10
///   5     b    0.5                       propose s5 (0.5, 0.5)
///   6     a    1 - 0.6^5 = 0.92224       0.5 < 0.922: propose s10
///   7     b    0.3                       0 <= d: propose s7 (0.7, 0.3)
///   8     a    1 - 0.8^5 = 0.67232       0.7 >= 0.672: accept
/// ```
#[test]
fn boulware_against_linear_waits_until_step_8() {
    let run = play(
        &pie([0.0, 0.0], false, false),
        11,
        &[BOULWARE, LINEAR],
        None,
    );
    let want = [
        ('P', 10),
        ('P', 1),
        ('P', 10),
        ('P', 3),
        ('P', 10),
        ('P', 5),
        ('P', 10),
        ('P', 7),
        ('A', 7),
    ];
    assert_eq!(moves(&run), want);
    assert_eq!(deal(&run), Some((7, 8)));
    assert_utilities(&run, &[0.7, 0.3]);
}

/// Hardliner against hardliner, opposed interests, d = (0.2, 0.1), T = 11: each
/// proposes its best (s10 for a, s0 for b) and accepts only its best, so all 11 steps
/// are proposals and there is no deal: utilities = d, gains 0, welfare = 0.2 + 0.1,
/// no step and no distances.
#[test]
fn hardliners_with_opposed_interests_never_agree() {
    for continuous in [false, true] {
        let run = play(
            &pie([0.2, 0.1], continuous, false),
            11,
            &[Strategy::Hardliner; 2],
            None,
        );
        let want: Vec<(char, usize)> = (0..11)
            .map(|s| ('P', if s % 2 == 0 { 10 } else { 0 }))
            .collect();
        assert_eq!(moves(&run), want);
        assert_eq!(run.agreement, None);
        assert_eq!(
            (run.step, run.nash_distance, run.pareto_distance),
            (None, None, None)
        );
        assert_utilities(&run, &[0.2, 0.1]);
        assert_eq!(run.gains, [0.0, 0.0]);
        assert_abs_diff_eq!(run.welfare, 0.3, epsilon = TOL);
    }
}

/// Nash against nash, d = (0.2, 0): the Nash product (u_a - 0.2)(1 - u_a) over the
/// tenths is 0.3 * 0.5 = 0.15 at s5, 0.4 * 0.4 = 0.16 at s6, 0.5 * 0.3 = 0.15 at s7: the
/// Nash point is s6. a proposes it at step 0, b accepts it at step 1 (u_b = 0.4 >=
/// u_b(nash) and > 0): nash_distance 0, pareto_distance 0.
#[test]
fn nash_agents_agree_at_step_1_on_the_nash_point() {
    for continuous in [false, true] {
        let s = pie([0.2, 0.0], continuous, false);
        let negotiation = Negotiation::new(&s, &s.status_quo(), options(100)).expect("ready");
        let nash = negotiation.nash().expect("a Nash agreement");
        assert_eq!(tenths(&nash.outcome), 6);
        let run = negotiation
            .run_strategies(&[Strategy::Nash; 2], None)
            .expect("a run");
        assert_eq!(moves(&run), [('P', 6), ('A', 6)]);
        assert_eq!(deal(&run), Some((6, 1)));
        assert_utilities(&run, &[0.6, 0.4]);
        assert_eq!(run.nash_distance, Some(0.0));
        assert_eq!(run.pareto_distance, Some(0.0));
    }
}

/// The Nash point's tie-break is by enumeration order, not by who moves first: on a
/// four-option pie with a valuing (0, 0.4, 0.6, 1) and b the reverse, d = 0, the Nash
/// products are 0, 0.24, 0.24, 0; the tie goes to the first, option 1 (a gets 0.4),
/// whoever proposes. So swapping the first mover does not mirror nash agents' split,
/// and the mirror property below leaves them out.
#[test]
fn the_nash_tie_goes_to_the_first_outcome_whoever_moves_first() {
    let text = json!({"name": "tie", "issues": [{"id": "x", "options": ["o0", "o1", "o2", "o3"]}],
        "actors": [
          {"id": "a", "weights": {"x": 1}, "values": {"x": {"o0": 0, "o1": 0.4, "o2": 0.6, "o3": 1}}},
          {"id": "b", "weights": {"x": 1}, "values": {"x": {"o0": 1, "o1": 0.6, "o2": 0.4, "o3": 0}}}]});
    let s = Scenario::from_json(&text.to_string(), "tie").expect("valid");
    for first in [0, 1] {
        let run = play(&s, 10, &[Strategy::Nash; 2], Some(first));
        let a = run.agreement.as_ref().expect("a deal");
        assert_eq!(a.outcome, [Value::Option(1)], "first {first}");
        assert_eq!((run.first, run.step), (first, Some(1)));
    }
}

/// One seated actor (b unseated): its own proposal at step 0 is the agreement, with
/// nobody left to accept it. Every strategy opens with a's best, s10 (a linear agent's
/// target at t_0 = 0 is M). T = 1 changes nothing. b's utility (0) and gain
/// (0 - 0.1) are reported although b never moves.
#[test]
fn one_seated_actor_agrees_with_itself_at_step_0() {
    let s = pie([0.0, 0.1], false, false)
        .with_seated("b", false)
        .expect("b can be unseated");
    for strategy in [LINEAR, BOULWARE, Strategy::Hardliner, Strategy::Nash] {
        for deadline in [1, 100] {
            let run = play(&s, deadline, &[strategy], None);
            assert_eq!(moves(&run), [('P', 10)], "{strategy} T = {deadline}");
            assert_eq!(deal(&run), Some((10, 0)));
            assert_utilities(&run, &[1.0, 0.0]);
            assert_abs_diff_eq!(run.gains[1], -0.1, epsilon = TOL);
            assert_abs_diff_eq!(run.welfare, 1.0, epsilon = TOL);
        }
    }
}

/// T = 1 with two seated actors: step 0 is a's proposal and nobody is left to accept
/// it: no deal, whatever the strategies (even two nash agents who would agree at
/// step 1).
#[test]
fn a_deadline_of_one_step_leaves_two_actors_without_a_deal() {
    for strategies in [[LINEAR; 2], [Strategy::Nash; 2], [CONCEDER, BOULWARE]] {
        let run = play(&pie([0.0, 0.0], false, false), 1, &strategies, None);
        assert_eq!(run.trace.len(), 1);
        assert_eq!(run.trace[0].action, Action::Propose);
        assert_eq!(run.agreement, None);
        assert_eq!(run.step, None);
    }
}

/// An unseated observer c (values what a gets, d_c = 0.05) changes nothing: the run
/// of the linear-against-linear pie above (s5 at step 6), c's utility 0.5 and gain
/// 0.45 reported, c absent from the trace and from the welfare (0.5 + 0.5). It takes
/// no agent: giving one per actor is an error.
#[test]
fn an_unseated_actor_is_reported_but_never_moves() {
    let s = pie([0.0, 0.0], false, true);
    let run = play(&s, 11, &[LINEAR; 2], None);
    assert_eq!(deal(&run), Some((5, 6)));
    assert_utilities(&run, &[0.5, 0.5, 0.5]);
    assert_abs_diff_eq!(run.gains[2], 0.45, epsilon = TOL);
    assert_abs_diff_eq!(run.welfare, 1.0, epsilon = TOL);
    assert!(run.trace.iter().all(|m| m.actor != 2));
    let negotiation = Negotiation::new(&s, &s.status_quo(), options(11)).expect("ready");
    let err = negotiation
        .run_strategies(&[LINEAR; 3], None)
        .expect_err("three agents for two seats");
    assert!(
        matches!(&err, Error::Input(e) if e.input == Input::Agents),
        "{err}"
    );
    let err = negotiation
        .run_strategies(&[LINEAR; 2], Some(2))
        .expect_err("c cannot move first");
    assert!(matches!(&err, Error::Input(e) if matches!(e.input, Input::FirstProposer(_))));
}

/// Setting the lever to 0.4 moves d_a from 0 to 0.4, so a's target falls only from 1 to
/// 0.4: tau_a(t_s) = 1 - 0.6 s/10 (b's stays 1 - s/10), T = 11.
///
/// ```text
/// step  mover  target                  action
///   0     a    1                       propose s10
///   1     b    0.9                     propose s1 (0.1, 0.9)
///   2     a    1 - 0.12 = 0.88         0.1 < 0.88: propose the lowest tenth >= 0.88: s9
///   3     b    0.7                     0.1 < 0.7: propose s3 (0.3, 0.7)
///   4     a    1 - 0.24 = 0.76         propose s8
///   5     b    0.5                     0.2 < 0.5: propose s5 (0.5, 0.5)
///   6     a    1 - 0.36 = 0.64         0.5 < 0.64: propose s7
///   7     b    0.3                     0.3 >= 0.3: accept
/// ```
/// (0.7, 0.3) at step 7, against (0.5, 0.5) at step 6 at the status quo.
#[test]
fn a_lever_moving_a_disagreement_point_moves_its_targets() {
    let s = pie([0.0, 0.0], false, false);
    let levels = s
        .levels_with(&[("lever".into(), 0.4)])
        .expect("a known lever");
    let negotiation = Negotiation::new(&s, &levels, options(11)).expect("ready");
    assert_abs_diff_eq!(
        negotiation.situation().disagreement()[0],
        0.4,
        epsilon = TOL
    );
    let run = negotiation
        .run_strategies(&[LINEAR; 2], None)
        .expect("a run");
    let proposals: Vec<usize> = moves(&run).iter().map(|m| m.1).collect();
    assert_eq!(proposals, [10, 1, 9, 3, 8, 5, 7, 7]);
    assert_eq!(deal(&run), Some((7, 7)));
    assert_utilities(&run, &[0.7, 0.3]);
    assert_abs_diff_eq!(run.gains[0], 0.3, epsilon = TOL);
    assert_eq!(
        deal(&play(&s, 11, &[LINEAR; 2], None)),
        Some((5, 6)),
        "status quo"
    );
}

/// The proposer's own offer is not checked against its d: only acceptors must gain.
/// With d_a = 1.5 above M_a = 1 no outcome reaches a's target (it stays above 1), so a
/// linear a proposes its best, s10, at step 0; b (values 1 - k/20, so 0.5 at s10), at
/// t = 1 when T = 2, has the target 0 and accepts 0.5 > 0. The deal leaves a at 1,
/// below its d: a gain of -0.5. Hence the property test asks u > d only of acceptors.
#[test]
fn a_proposer_can_be_worse_off_than_without_a_deal() {
    let labels: Vec<String> = (0..=10).map(|k| format!("s{k}")).collect();
    let table = |f: &dyn Fn(f64) -> f64| -> Json {
        labels
            .iter()
            .enumerate()
            .map(|(k, l)| (l.clone(), json!(f(k as f64))))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let text = json!({"name": "stubborn", "issues": [{"id": "share", "options": labels}],
        "actors": [
          {"id": "a", "disagreement": 1.5, "weights": {"share": 1},
           "values": {"share": table(&|k| k / 10.0)}},
          {"id": "b", "weights": {"share": 1}, "values": {"share": table(&|k| 1.0 - k / 20.0)}}]});
    let s = Scenario::from_json(&text.to_string(), "stubborn").expect("valid");
    let run = play(&s, 2, &[LINEAR; 2], None);
    assert_eq!(moves(&run), [('P', 10), ('A', 10)]);
    assert_abs_diff_eq!(run.gains[0], -0.5, epsilon = TOL);
    assert_abs_diff_eq!(run.gains[1], 0.5, epsilon = TOL);
}

/// An agent of one's own that proposes a fixed outcome.
struct Stubborn(Vec<Value>);

impl Agent for Stubborn {
    fn propose(&mut self, _view: &View<'_>) -> Vec<Value> {
        self.0.clone()
    }
    fn accepts(&mut self, _view: &View<'_>, _offer: &[Value]) -> bool {
        false
    }
}

/// A proposal off the grid, of the wrong length, with an unknown option, NaN, or across
/// a seated actor's red line stops the run with `Input::Offer` naming the actor and
/// the file: an error, not a panic.
#[test]
fn an_agent_proposing_what_it_may_not_gets_an_offer_error() {
    let text = r#"{"name": "veto",
        "issues": [{"id": "nato", "options": ["member", "neutral"]}, {"id": "share", "range": [0, 1]}],
        "actors": [
          {"id": "kyiv", "weights": {"nato": 1, "share": 1},
           "values": {"nato": {"member": 1, "neutral": 0}, "share": {"points": [[0, 0], [1, 1]]}}},
          {"id": "moscow", "weights": {"nato": 1, "share": 1},
           "values": {"nato": {"member": 0, "neutral": 1}, "share": {"points": [[0, 1], [1, 0]]}},
           "red_lines": [{"issue": "nato", "options": ["member"]}]}]}"#;
    let s = Scenario::from_json(text, "veto.json").expect("valid");
    let negotiation = Negotiation::new(&s, &[], options(10)).expect("ready");
    let (o, x) = (Value::Option, Value::Number);
    for bad in [
        vec![o(1), x(0.55)],
        vec![o(1)],
        vec![o(1), x(0.5), o(0)],
        vec![o(7), x(0.5)],
        vec![x(0.5), x(0.5)],
        vec![o(1), x(f64::NAN)],
        vec![o(0), x(0.5)],
    ] {
        for (first, id) in [(0, "kyiv"), (1, "moscow")] {
            let mut agents: Vec<Box<dyn Agent>> = vec![
                Box::new(Stubborn(vec![o(1), x(0.5)])),
                Box::new(Stubborn(vec![o(1), x(0.5)])),
            ];
            agents[first] = Box::new(Stubborn(bad.clone()));
            let err = negotiation
                .run(&mut agents, Some(first))
                .expect_err("an infeasible proposal");
            let Error::Input(e) = &err else {
                panic!("an input error: {err}")
            };
            assert_eq!(e.input, Input::Offer(id.into()), "{bad:?}");
            let message = err.to_string();
            assert!(message.starts_with("veto.json: offer of "), "{message}");
            assert!(message.contains(id), "{message}");
        }
    }
    // The same outcome on the grid and allowed is a proposal like any other.
    let mut agents: Vec<Box<dyn Agent>> = vec![
        Box::new(Stubborn(vec![o(1), x(0.5)])),
        Box::new(Stubborn(vec![o(1), x(0.5)])),
    ];
    let run = negotiation.run(&mut agents, None).expect("a run");
    assert_eq!((run.agreement, run.trace.len()), (None, 10));
}

/// README's "Agents that negotiate" shows an agent's code; it is checked by being the
/// code of `examples/own_agent.rs`, which CI builds and runs, verbatim.
#[test]
fn the_readme_agent_is_the_example_s_code() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |f: &str| std::fs::read_to_string(root.join(f)).expect("readable");
    let readme = read("README.md");
    let begin = readme
        .find("<!-- agent-snippet:begin -->\n```rust\n")
        .expect("the snippet's start");
    let end = readme
        .find("```\n<!-- agent-snippet:end -->")
        .expect("the snippet's end");
    let snippet = &readme[begin + "<!-- agent-snippet:begin -->\n```rust\n".len()..end];
    assert!(snippet.contains("impl Agent for"), "{snippet}");
    assert!(read("examples/own_agent.rs").contains(snippet), "{snippet}");
}

// ---------------------------------------------------------------------------------
// Properties on random scenarios
// ---------------------------------------------------------------------------------

/// Case counts scale with `DETENTE_PROP_SCALE` (default 1), as in `tests/linked.rs`.
fn cases(n: u32) -> u32 {
    let scale = std::env::var("DETENTE_PROP_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(1);
    n.saturating_mul(scale.max(1))
}

/// Small discrete spaces with package red lines, interaction terms and gates.
const DISCRETE: Shape = Shape {
    actors: (2, 4),
    discrete: (2, 4),
    options: (2, 4),
    continuous: 0,
    dummy: 0.3,
};

/// One continuous issue, negotiated on a grid of 9 values: its thresholds sit on
/// eighths of the range, so the grid hits them exactly.
const MIXED: Shape = Shape {
    actors: (2, 3),
    discrete: (1, 3),
    options: (2, 3),
    continuous: 1,
    dummy: 0.2,
};
const RESOLUTION: usize = 9;

/// Agreement between the library's utilities and the contract's formulas.
const EVAL: f64 = 1e-12;

/// A built-in strategy drawn from a seed.
fn strategy(rng: &mut linked_gen::Rng) -> Strategy {
    match rng.below(7) {
        0 => BOULWARE,
        1 => LINEAR,
        2 => CONCEDER,
        3 => Strategy::Time([0.5, 2.0, 10.0][rng.below(3)]),
        4 => Strategy::Hardliner,
        _ => Strategy::Nash,
    }
}

/// A drawn negotiation: the case, its scenario, the strategies, T and the first mover.
struct Draw {
    case: Case,
    scenario: Scenario,
    strategies: Vec<Strategy>,
    deadline: usize,
    first: usize,
}

fn draw(seed: u64, shape: Shape) -> Draw {
    let case = case(seed, shape);
    let scenario = Scenario::from_json(&case.to_json().to_string(), "prop").expect("valid case");
    let mut rng = linked_gen::Rng::new(seed.rotate_left(17));
    let seated = case.seated();
    let strategies = seated.iter().map(|_| strategy(&mut rng)).collect();
    let deadline = rng.range(1, 40);
    let first = seated[rng.below(seated.len())];
    Draw {
        case,
        scenario,
        strategies,
        deadline,
        first,
    }
}

fn negotiation(d: &Draw) -> Negotiation<'_> {
    let options = NegotiationOptions {
        deadline: d.deadline,
        resolution: RESOLUTION,
        ..NegotiationOptions::default()
    };
    Negotiation::new(&d.scenario, &d.scenario.status_quo(), options).expect("a negotiation")
}

/// Every outcome of the gridded set, feasible or not, in enumeration order.
fn grid_outcomes(c: &Case) -> Vec<Vec<Value>> {
    let points: Vec<f64> = c
        .issues
        .iter()
        .find_map(|i| match i {
            Iss::Cont { .. } => Some((0..RESOLUTION).map(|j| i.at8(j)).collect()),
            Iss::Disc(_) => None,
        })
        .unwrap_or_default();
    c.outcomes(&points)
}

/// Whether some feasible outcome of the grid is at least as good for every seated
/// actor and better for one (margins far below the cases' utility steps of 1/100).
fn dominated(c: &Case, x: &[Value], level: f64) -> bool {
    let seated = c.seated();
    grid_outcomes(c)
        .iter()
        .filter(|y| c.feasible(y, level))
        .any(|y| {
            let diff: Vec<f64> = seated
                .iter()
                .map(|&i| c.utility(i, y) - c.utility(i, x))
                .collect();
            diff.iter().all(|&g| g >= -1e-9) && diff.iter().any(|&g| g > 1e-9)
        })
}

/// The proposer of the agreed offer and its step: the last proposal in the trace.
fn last_proposal(run: &Run) -> (usize, usize) {
    let m = run
        .trace
        .iter()
        .rev()
        .find(|m| m.action == Action::Propose)
        .expect("a deal follows a proposal");
    (m.actor, m.step)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(400), ..ProptestConfig::default() })]

    /// Why it holds. Agents may propose only feasible outcomes (the run checks), so an
    /// agreement, a standing offer, is feasible. It is agreed when the n - 1 actors
    /// after its proposer have accepted it in turn, and every built-in strategy accepts
    /// only u > d (+1e-12): each of them gains. The proposer is not asked: it gains
    /// nothing when d >= M (see `a_proposer_can_be_worse_off_than_without_a_deal`);
    /// when M > d, time:E proposes at t < 1 (an offer agreed by step T - 1 was made
    /// before it) the lowest u >= tau(t) - 1e-12 with tau(t) > d, hardliner M, and nash
    /// the Nash point (IR) or M: so u >= d - 1e-12, and nothing stronger must hold,
    /// as tau - d may be below the tolerance.
    #[test]
    fn agreements_are_feasible_and_acceptors_gain(seed in any::<u64>(), mixed in any::<bool>()) {
        let d = draw(seed, if mixed { MIXED } else { DISCRETE });
        let negotiation = negotiation(&d);
        let run = negotiation.run_strategies(&d.strategies, Some(d.first)).expect("a run");
        let Some(agreement) = &run.agreement else { return Ok(()) };
        let (c, level) = (&d.case, d.case.status_quo());
        let x = &agreement.outcome;
        prop_assert!(c.feasible(x, level), "feasible\n{}", c.to_json());
        let seated = c.seated();
        let n = seated.len();
        let (proposer, made) = last_proposal(&run);
        prop_assert_eq!(run.step, Some(made + n - 1), "agreed n - 1 steps after the proposal");
        prop_assert_eq!(run.trace.len(), made + n);
        for &i in &seated {
            let u = agreement.utilities[i];
            let di = c.disagreement(i, level);
            prop_assert!((u - c.utility(i, x)).abs() <= EVAL);
            prop_assert!((negotiation.situation().disagreement()[i] - di).abs() <= EVAL);
            if i != proposer {
                prop_assert!(u > di + 1e-12, "acceptor {} gains: {} vs d {}", i, u, di);
                continue;
            }
            let best = grid_outcomes(c)
                .iter()
                .filter(|y| c.feasible(y, level))
                .map(|y| c.utility(i, y))
                .fold(f64::NEG_INFINITY, f64::max);
            if best > di + 1e-9 {
                prop_assert!(u >= di - 2e-12, "proposer {}: {} vs d {}", i, u, di);
            }
        }
    }

    /// Why it holds. Strategies are deterministic functions of what they see, ties are
    /// broken by enumeration order, and the exact yardsticks (Nash point, frontier) are
    /// reduced in a fixed order whatever rayon's split: the same scenario, levels,
    /// options, strategies and first mover give the same run, bit for bit, on one
    /// thread or two.
    #[test]
    fn the_same_inputs_give_the_same_run(seed in any::<u64>(), mixed in any::<bool>()) {
        let d = draw(seed, if mixed { MIXED } else { DISCRETE });
        let once = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a rayon pool")
                .install(|| {
                    let again = Scenario::from_json(&d.case.to_json().to_string(), "prop")
                        .expect("valid case");
                    let options = NegotiationOptions {
                        deadline: d.deadline,
                        resolution: RESOLUTION,
                        ..NegotiationOptions::default()
                    };
                    Negotiation::new(&again, &again.status_quo(), options)
                        .expect("a negotiation")
                        .run_strategies(&d.strategies, Some(d.first))
                        .expect("a run")
                })
        };
        let a = once(1);
        let b = once(2);
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(serde_json::to_string(&a).expect("json"), serde_json::to_string(&b).expect("json"));
    }

    /// Why it holds. In a pie whose N options a values f(k) and b values f(N-1-k), f
    /// strictly increasing, d and M are the same for both, and every quantity a
    /// time:E or hardliner agent uses (its target, the lowest u >= tau, its best,
    /// its accept rule) depends only on its own utility values and t. With distinct
    /// values each target picks one outcome, so no tie-break by enumeration order
    /// enters. Hence a playing S first against b playing S' is the mirror image of b
    /// playing S first against a playing S': option k <-> N-1-k at every step. (nash
    /// agents are left out: the Nash point's tie-break by enumeration order is not
    /// mirrored, see `the_nash_tie_goes_to_the_first_outcome_whoever_moves_first`.)
    #[test]
    fn swapping_the_roles_of_a_symmetric_pie_mirrors_the_split(seed in any::<u64>()) {
        let mut rng = linked_gen::Rng::new(seed);
        let size = rng.range(2, 12);
        let f: Vec<f64> = rng.subset(33, size).iter().map(|&k| k as f64 / 32.0).collect();
        let n = f.len();
        let d = [-0.1, 0.0, 0.1, 0.25][rng.below(4)];
        let pick = |rng: &mut linked_gen::Rng| loop {
            let s = strategy(rng);
            if s != Strategy::Nash { return s; }
        };
        let (s1, s2) = (pick(&mut rng), pick(&mut rng));
        let deadline = rng.range(1, 40);
        let s = symmetric_pie(&f, d);
        let run1 = play(&s, deadline, &[s1, s2], Some(0));
        let run2 = play(&s, deadline, &[s2, s1], Some(1));
        prop_assert_eq!(run1.trace.len(), run2.trace.len());
        for (m1, m2) in run1.trace.iter().zip(&run2.trace) {
            prop_assert_eq!(m1.action, m2.action);
            prop_assert_eq!((m1.actor, m2.actor), (m1.step % 2, 1 - m1.step % 2));
            let mirrored = m2.offer[0].as_option().map(|k| Value::Option(n - 1 - k));
            prop_assert_eq!(Some(m1.offer[0]), mirrored);
        }
        prop_assert_eq!(run1.step, run2.step);
        prop_assert_eq!(run1.utilities[0].to_bits(), run2.utilities[1].to_bits());
        prop_assert_eq!(run1.utilities[1].to_bits(), run2.utilities[0].to_bits());
    }

    /// Why it holds. pareto_distance is the distance in seated utilities to the nearest
    /// point of the exact frontier of the gridded set: 0 when the agreement is Pareto
    /// optimal (it, or an outcome with its utilities, is a frontier point), and
    /// positive when a feasible outcome dominates it (no frontier point shares the
    /// utilities of a dominated outcome). Checked against a brute-force dominance test.
    #[test]
    fn pareto_distance_is_zero_exactly_on_the_frontier(seed in any::<u64>(), mixed in any::<bool>()) {
        let d = draw(seed, if mixed { MIXED } else { DISCRETE });
        let run = negotiation(&d).run_strategies(&d.strategies, Some(d.first)).expect("a run");
        let Some(agreement) = &run.agreement else { return Ok(()) };
        let distance = run.pareto_distance.expect("a deal has a distance");
        if dominated(&d.case, &agreement.outcome, d.case.status_quo()) {
            prop_assert!(distance > 1e-9, "dominated but {}\n{}", distance, d.case.to_json());
        } else {
            prop_assert!(distance <= 1e-12, "undominated but {}\n{}", distance, d.case.to_json());
        }
    }

    /// Why it holds. Every nash agent proposes the same Nash point of the gridded set
    /// and accepts it (it is individually rational: u > d + 1e-12 for all seated), so
    /// the first mover's opening is accepted by the n - 1 others: agreed at step
    /// n - 1 when T >= n, at the Nash point (nash_distance 0), which is Pareto optimal
    /// (pareto_distance 0).
    #[test]
    fn nash_agents_agree_on_the_nash_point_at_once(seed in any::<u64>(), mixed in any::<bool>()) {
        let mut d = draw(seed, if mixed { MIXED } else { DISCRETE });
        d.strategies.iter_mut().for_each(|s| *s = Strategy::Nash);
        let negotiation = negotiation(&d);
        let Some(nash) = negotiation.nash() else { return Ok(()) };
        let n = d.case.seated().len();
        let run = negotiation.run_strategies(&d.strategies, Some(d.first)).expect("a run");
        if d.deadline < n {
            prop_assert_eq!(run.agreement, None);
            return Ok(());
        }
        prop_assert_eq!(run.step, Some(n - 1));
        let agreement = run.agreement.as_ref().expect("a deal");
        prop_assert_eq!(&agreement.outcome, &nash.outcome);
        prop_assert_eq!(run.nash_distance, Some(0.0));
        prop_assert!(run.pareto_distance.expect("a deal") <= 1e-12);
    }
}

/// A one-issue pie of `f.len()` options: a values option k at f[k], b at f[n-1-k].
fn symmetric_pie(f: &[f64], d: f64) -> Scenario {
    let n = f.len();
    let labels: Vec<String> = (0..n).map(|k| format!("o{k}")).collect();
    let table = |g: &dyn Fn(usize) -> f64| -> Json {
        (0..n)
            .map(|k| (labels[k].clone(), json!(g(k))))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let text = json!({"name": "symmetric", "issues": [{"id": "x", "options": labels}],
        "actors": [
          {"id": "a", "disagreement": d, "weights": {"x": 1}, "values": {"x": table(&|k| f[k])}},
          {"id": "b", "disagreement": d, "weights": {"x": 1}, "values": {"x": table(&|k| f[n - 1 - k])}}]});
    Scenario::from_json(&text.to_string(), "symmetric").expect("a valid pie")
}
