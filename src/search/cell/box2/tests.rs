//! The two-issue Nash kernel against closed forms, the general solver (simplex +
//! barrier + active-set polish) on thousands of random and degenerate cells, and
//! a grid search.

use super::super::{solve_general, Cell, CellProblem, Goal};
use super::*;
use crate::search::cell::tests::Rng;

/// The contract's accuracy on continuous values, relative to the box.
const CONTRACT: f64 = 1e-6;

/// Agreement expected between two exact solvers.
const TOL: f64 = 1e-9;

/// A cell with two issues and zero floors.
#[derive(Debug, Clone)]
struct Case {
    base: Vec<f64>,
    slopes: Vec<f64>,
    lens: [f64; 2],
    alpha: Vec<f64>,
}

impl Case {
    fn n(&self) -> usize {
        self.base.len()
    }

    fn fast(&self) -> Option<[f64; 2]> {
        let n = self.n();
        nash_box2(
            &self.base,
            &self.slopes[..n],
            &self.slopes[n..],
            self.lens,
            &self.alpha,
        )
    }

    /// The general solver on the same cell (both issues active).
    fn general(&self) -> Option<Vec<f64>> {
        let zeros = vec![0.0; self.n()];
        let p = CellProblem {
            cell: Cell {
                base: &self.base,
                slopes: &self.slopes,
                lens: &self.lens,
            },
            alpha: &self.alpha,
            floor: &zeros,
            goal: Goal::Nash,
        };
        solve_general(&p, self.n(), &[0, 1], false)
    }

    fn nash(&self, t: [f64; 2]) -> f64 {
        let n = self.n();
        nash_at(
            &self.base,
            &self.slopes[..n],
            &self.slopes[n..],
            &self.alpha,
            t,
        )
    }
}

fn random_case(rng: &mut Rng, n: usize) -> Case {
    Case {
        // Some negative base gains: {g > 0} then cuts the box.
        base: (0..n).map(|_| rng.range(-0.6, 2.0)).collect(),
        slopes: (0..2 * n).map(|_| rng.range(-1.5, 1.5)).collect(),
        lens: [rng.range(0.05, 1.5), rng.range(0.05, 1.5)],
        alpha: (0..n).map(|_| rng.range(0.3, 3.0)).collect(),
    }
}

/// Structural degeneracies: coarse (exactly representable) data, parallel,
/// nearly parallel, zero and tiny columns, zero-length sides, constant actors.
fn degenerate_case(rng: &mut Rng, n: usize) -> Case {
    let mut c = random_case(rng, n);
    let coarse = |rng: &mut Rng, a: f64, b: f64| (rng.range(a, b) * 4.0).round() / 4.0;
    if rng.next() < 0.5 {
        c.slopes
            .iter_mut()
            .for_each(|x| *x = coarse(rng, -1.5, 1.5));
        c.base.iter_mut().for_each(|x| *x = coarse(rng, -0.5, 2.0));
        c.lens = [coarse(rng, 0.0, 1.5), coarse(rng, 0.0, 1.5)];
    }
    let r = rng.next();
    if r < 0.15 {
        c.slopes.copy_within(0..n, n);
    } else if r < 0.3 {
        let k = rng.range(-2.0, 2.0);
        let e = rng.range(-1e-9, 1e-9);
        for i in 0..n {
            c.slopes[n + i] = k * c.slopes[i] + e * i as f64;
        }
    } else if r < 0.4 {
        c.slopes[..n].iter_mut().for_each(|x| *x = 0.0);
    } else if r < 0.5 {
        c.slopes[n..].iter_mut().for_each(|x| *x *= 1e-10);
    } else if r < 0.6 {
        c.slopes[0] = 0.0;
        c.slopes[n] = 0.0;
    } else if r < 0.7 {
        c.lens[1] = 0.0;
    }
    c
}

/// `Ok(true)` when the kernel answered and agrees with the general solver,
/// `Ok(false)` when it deferred; `Err` describes a disagreement.
fn check(c: &Case) -> Result<bool, String> {
    let general = c.general();
    let Some(t) = c.fast() else { return Ok(false) };
    let Some(tg) = general else {
        return Err(format!(
            "kernel found {t:?} in a cell the general solver calls infeasible: {c:?}"
        ));
    };
    let ell = c.lens[0].max(c.lens[1]);
    let err = (t[0] - tg[0]).abs().max((t[1] - tg[1]).abs());
    if err > TOL * ell.max(1.0) {
        return Err(format!(
            "t error {err}: kernel {t:?} general {tg:?} for {c:?}"
        ));
    }
    if !(0.0..=c.lens[0]).contains(&t[0]) || !(0.0..=c.lens[1]).contains(&t[1]) {
        return Err(format!("{t:?} outside the box {:?}", c.lens));
    }
    let (v, vg) = (c.nash(t), c.nash([tg[0], tg[1]]));
    if v < vg - 1e-12 * (1.0 + vg.abs()) {
        return Err(format!("kernel nash {v} below general {vg} for {c:?}"));
    }
    Ok(true)
}

#[test]
fn interior_closed_form() {
    // g = (t1, t2, 1 - t1 - t2): the asymmetric Nash split t_i = alpha_i / sum alpha.
    let c = Case {
        base: vec![0.0, 0.0, 1.0],
        slopes: vec![1.0, 0.0, -1.0, 0.0, 1.0, -1.0],
        lens: [0.8, 0.8],
        alpha: vec![1.0, 2.0, 1.0],
    };
    let t = c.fast().expect("well posed, interior optimum");
    assert!(
        (t[0] - 0.25).abs() < 1e-12 && (t[1] - 0.5).abs() < 1e-12,
        "{t:?}"
    );
    // g = (t1 - 0.1, t2 - 0.1, 1.1 - t1 - t2) on [0, 1]^2: N = -inf on the whole
    // boundary; equal weights equalise the gains at t = (0.4, 0.4).
    let dead = Case {
        base: vec![-0.1, -0.1, 1.1],
        slopes: vec![1.0, 0.0, -1.0, 0.0, 1.0, -1.0],
        lens: [1.0, 1.0],
        alpha: vec![1.0, 1.0, 1.0],
    };
    let t = dead.fast().expect("the centre is inside the domain");
    assert!(
        (t[0] - 0.4).abs() < 1e-12 && (t[1] - 0.4).abs() < 1e-12,
        "{t:?}"
    );
}

#[test]
fn boundary_closed_form() {
    // g = (t1, 1 - t1, 1 + t2): t1 splits 1:1, t2 at its upper bound.
    let c = Case {
        base: vec![0.0, 1.0, 1.0],
        slopes: vec![1.0, -1.0, 0.0, 0.0, 0.0, 1.0],
        lens: [1.0, 0.7],
        alpha: vec![1.0, 1.0, 1.0],
    };
    let t = c.fast().expect("well posed, boundary optimum");
    assert!((t[0] - 0.5).abs() < 1e-12, "{t:?}");
    assert!((t[1] - 0.7).abs() < 1e-15, "{t:?}");
    // The same with every corner inside the domain (the edge is found through
    // the sign change of the derivative along it): g = (0.1 + t1, 1.1 - t1, 1 + t2).
    let inside = Case {
        base: vec![0.1, 1.1, 1.0],
        ..c.clone()
    };
    let t = inside.fast().expect("well posed, edge optimum");
    assert!(
        (t[0] - 0.5).abs() < 1e-12 && (t[1] - 0.7).abs() < 1e-15,
        "{t:?}"
    );
    // With the optimum outside the box in t1 the corner is the answer.
    let corner = Case {
        lens: [0.3, 0.7],
        ..c
    };
    let t = corner.fast().expect("well posed");
    assert!(
        (t[0] - 0.3).abs() < 1e-15 && (t[1] - 0.7).abs() < 1e-15,
        "{t:?}"
    );
}

/// A cell whose optimum is the given interior point `t*`: gains `g* > 0` there,
/// random slopes but the last actor's, which is set so that the gradient of N
/// vanishes at `t*` (N is strictly concave, so `t*` is the unique maximiser).
fn planted_interior(rng: &mut Rng, n: usize) -> (Case, [f64; 2]) {
    let lens = [rng.range(0.05, 1.5), rng.range(0.05, 1.5)];
    let ts = [rng.range(0.0, lens[0]), rng.range(0.0, lens[1])];
    let g: Vec<f64> = (0..n).map(|_| rng.range(0.01, 2.0)).collect();
    let alpha: Vec<f64> = (0..n).map(|_| rng.range(0.3, 3.0)).collect();
    let mut slopes: Vec<f64> = (0..2 * n).map(|_| rng.range(-1.5, 1.5)).collect();
    let last = n - 1;
    for k in 0..2 {
        let pull: f64 = (0..last).map(|i| alpha[i] * slopes[k * n + i] / g[i]).sum();
        slopes[k * n + last] = -pull * g[last] / alpha[last];
    }
    let base = (0..n)
        .map(|i| g[i] - slopes[i] * ts[0] - slopes[n + i] * ts[1])
        .collect();
    (
        Case {
            base,
            slopes,
            lens,
            alpha,
        },
        ts,
    )
}

#[test]
fn finds_planted_interior_optima() {
    let mut rng = Rng(41);
    let mut answered = 0;
    for case in 0..3000 {
        let (c, ts) = planted_interior(&mut rng, 3 + case % 3);
        if let Err(e) = check(&c) {
            panic!("case {case}: {e}");
        }
        if let Some(t) = c.fast() {
            answered += 1;
            let err = (t[0] - ts[0]).abs().max((t[1] - ts[1]).abs());
            assert!(err <= TOL, "case {case}: t {t:?} planted {ts:?} for {c:?}");
        }
    }
    assert!(answered > 2900, "{answered}");
}

#[test]
fn agrees_with_the_general_solver_on_random_cells() {
    let mut rng = Rng(17);
    let (mut answered, mut interior, mut cases) = (0, 0, 0);
    for case in 0..4000 {
        let c = random_case(&mut rng, 2 + case % 4);
        if c.general().is_none() {
            assert!(c.fast().is_none());
            continue;
        }
        cases += 1;
        if let Err(e) = check(&c) {
            panic!("case {case}: {e}");
        }
        if let Some(t) = c.fast() {
            answered += 1;
            if (0..2).all(|k| t[k] > 0.0 && t[k] < c.lens[k]) {
                interior += 1;
            }
        }
    }
    eprintln!("box2: {answered}/{cases} answered, {interior} interior");
    // The kernel must carry the bulk of the work, on both kinds of optimum.
    assert!(answered > cases * 99 / 100, "{answered}/{cases}");
    assert!(interior > 30 && answered - interior > cases / 2);
}

#[test]
fn defers_or_agrees_on_degenerate_cells() {
    let mut rng = Rng(23);
    let mut answered = 0;
    for case in 0..3000 {
        let c = degenerate_case(&mut rng, 2 + case % 4);
        match check(&c) {
            Err(e) => panic!("case {case}: {e}"),
            Ok(a) => answered += usize::from(a),
        }
    }
    eprintln!("box2 degenerate: {answered}/3000 answered");
    assert!(answered > 300);
}

#[test]
fn no_grid_point_beats_the_kernel() {
    let mut rng = Rng(31);
    let steps = 150;
    let mut checked = 0;
    for case in 0..300 {
        let c = random_case(&mut rng, 2 + case % 3);
        let Some(t) = c.fast() else { continue };
        let v = c.nash(t);
        checked += 1;
        for a in 0..=steps {
            for b in 0..=steps {
                let p = [
                    c.lens[0] * a as f64 / steps as f64,
                    c.lens[1] * b as f64 / steps as f64,
                ];
                let w = c.nash(p);
                assert!(
                    w <= v + 1e-12 * (1.0 + v.abs()),
                    "grid {p:?} scores {w} > kernel {v} at {t:?} for {c:?}"
                );
            }
        }
        // And the kernel's point is within the contract of the grid's best
        // neighbourhood: no point a contract-step away in any direction is better.
        let h = CONTRACT * c.lens[0].max(c.lens[1]);
        for (da, db) in [(h, 0.0), (-h, 0.0), (0.0, h), (0.0, -h)] {
            let p = [
                (t[0] + da).clamp(0.0, c.lens[0]),
                (t[1] + db).clamp(0.0, c.lens[1]),
            ];
            assert!(
                c.nash(p) <= v + 1e-12 * (1.0 + v.abs()),
                "{p:?} beats {t:?}"
            );
        }
    }
    assert!(checked > 150, "{checked}");
}
