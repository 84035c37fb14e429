//! A feasible incumbent improved one issue at a time: for a linear goal under floors
//! (a proposal's search), the beam's first incumbent can sit well below the optimum,
//! and every point of value it gains tightens the cut that follows.

use super::board::Board;
use super::cell::GAIN_EPS;

/// Moves tried at most: each pass visits every option of every issue once.
const PASSES: usize = 16;

/// The best outcome reached from `choices` (an index into each discrete table's
/// values) by changing one issue at a time to the option that raises `c . g` most
/// while every gain stays above its floor; its goal and gains, or `None` when the
/// board has continuous issues or links (whose utilities are not sums of the
/// tables' rows) or no move helps.
pub(super) fn improve(
    board: &Board,
    choices: &[u32],
    c: &[f64],
    d: &[f64],
    floors: &[f64],
) -> Option<(f64, Vec<f64>)> {
    if !board.links.is_empty() || !board.continuous.is_empty() {
        return None;
    }
    let n = d.len();
    let mut choice: Vec<usize> = choices.iter().map(|&x| x as usize).collect();
    let utilities = |choice: &[usize]| -> Vec<f64> {
        let mut u = vec![0.0; n];
        for (table, &v) in board.discrete.iter().zip(choice) {
            for (u, x) in u.iter_mut().zip(&table.contrib[v * n..(v + 1) * n]) {
                *u += x;
            }
        }
        u
    };
    let score = |u: &[f64]| -> f64 { (0..n).map(|i| c[i] * (u[i] - d[i])).sum() };
    let start = score(&utilities(&choice));
    let mut u = utilities(&choice);
    let mut moved = false;
    for _ in 0..PASSES {
        let mut improved = false;
        for (t, table) in board.discrete.iter().enumerate() {
            let now = &table.contrib[choice[t] * n..(choice[t] + 1) * n];
            let mut best = (score(&u), choice[t]);
            for (v, row) in table.contrib.chunks_exact(n).enumerate() {
                let clears = (0..n).all(|i| u[i] - now[i] + row[i] - d[i] > floors[i] + GAIN_EPS);
                if !clears {
                    continue;
                }
                let s: f64 = (0..n).map(|i| c[i] * (u[i] - now[i] + row[i] - d[i])).sum();
                if s > best.0 + 1e-12 {
                    best = (s, v);
                }
            }
            if best.1 != choice[t] {
                let row = &table.contrib[best.1 * n..(best.1 + 1) * n];
                for i in 0..n {
                    u[i] += row[i] - now[i];
                }
                choice[t] = best.1;
                improved = true;
                moved = true;
            }
        }
        if !improved {
            improved = pair_move(board, &mut choice, &mut u, c, d, floors);
            moved |= improved;
        }
        if !improved {
            break;
        }
    }
    if !moved {
        return None;
    }
    // Summed afresh, so that rounding in the moves cannot overstate the goal.
    let u = utilities(&choice);
    let gains: Vec<f64> = (0..n).map(|i| u[i] - d[i]).collect();
    if !(0..n).all(|i| gains[i] > floors[i] + GAIN_EPS) {
        return None;
    }
    let s = score(&u);
    (s > start).then_some((s, gains))
}

/// The best move of two issues at once (when no single issue can move without a
/// floor giving way, a trade between two often can); whether one was made.
fn pair_move(
    board: &Board,
    choice: &mut [usize],
    u: &mut [f64],
    c: &[f64],
    d: &[f64],
    floors: &[f64],
) -> bool {
    let n = d.len();
    let tables = &board.discrete;
    let score = |u: &[f64]| -> f64 { (0..n).map(|i| c[i] * (u[i] - d[i])).sum() };
    let mut best = (score(u), None);
    let mut w = vec![0.0; n];
    for a in 0..tables.len() {
        let now_a = &tables[a].contrib[choice[a] * n..(choice[a] + 1) * n];
        for b in a + 1..tables.len() {
            let now_b = &tables[b].contrib[choice[b] * n..(choice[b] + 1) * n];
            for (va, row_a) in tables[a].contrib.chunks_exact(n).enumerate() {
                for (vb, row_b) in tables[b].contrib.chunks_exact(n).enumerate() {
                    for i in 0..n {
                        w[i] = u[i] - now_a[i] - now_b[i] + row_a[i] + row_b[i];
                    }
                    if !(0..n).all(|i| w[i] - d[i] > floors[i] + GAIN_EPS) {
                        continue;
                    }
                    let s = score(&w);
                    if s > best.0 + 1e-12 {
                        best = (s, Some((a, va, b, vb)));
                    }
                }
            }
        }
    }
    let Some((a, va, b, vb)) = best.1 else {
        return false;
    };
    for (t, v) in [(a, va), (b, vb)] {
        let (now, row) = (
            &tables[t].contrib[choice[t] * n..(choice[t] + 1) * n],
            &tables[t].contrib[v * n..(v + 1) * n],
        );
        for i in 0..n {
            u[i] += row[i] - now[i];
        }
        choice[t] = v;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::board::Plan;
    use crate::Scenario;

    /// Three goods for a and b (a values them 5, 3, 2; b 2, 3, 5, out of 10), a
    /// maximising its share with b at least 0.45. From "b takes everything", moves
    /// give a good 0, then good 1 (a 0.8, b 0.5); good 2 would leave b below its floor.
    #[test]
    fn moves_raise_the_goal_and_keep_every_floor() {
        let json = r#"{"name": "goods", "issues": [
            {"id": "g0", "options": ["a", "b"]}, {"id": "g1", "options": ["a", "b"]},
            {"id": "g2", "options": ["a", "b"]}],
          "actors": [
            {"id": "a", "weights": {"g0": 5, "g1": 3, "g2": 2},
             "values": {"g0": {"a": 1, "b": 0}, "g1": {"a": 1, "b": 0}, "g2": {"a": 1, "b": 0}}},
            {"id": "b", "weights": {"g0": 2, "g1": 3, "g2": 5},
             "values": {"g0": {"a": 0, "b": 1}, "g1": {"a": 0, "b": 1}, "g2": {"a": 0, "b": 1}}}]}"#;
        let scenario = Scenario::from_json(json, "goods").expect("valid");
        let board = Board::new(&scenario, &Plan::default());
        let (c, d, f) = ([1.0, 0.0], [0.0, 0.0], [0.0, 0.45]);
        let (score, gains) = improve(&board, &[1, 1, 1], &c, &d, &f).expect("a move helps");
        assert!((score - 0.8).abs() < 1e-12, "{score}");
        assert!((gains[1] - 0.5).abs() < 1e-12, "{gains:?}");
        // Already the best: nothing to report.
        assert_eq!(improve(&board, &[0, 0, 1], &c, &d, &f), None);
    }
}
