//! The estimators against closed forms: the Ishigami function and a linear model.

use super::*;

fn uniform(lo: f64, hi: f64) -> Dist {
    Dist::uniform(lo, hi).expect("lo < hi")
}

fn options(samples: usize, replicates: usize) -> SobolOptions {
    SobolOptions {
        samples,
        seed: 2024,
        bootstrap: Bootstrap {
            replicates,
            confidence: 0.95,
        },
    }
}

/// Ishigami (a = 7, b = 0.1), x_i ~ U(-pi, pi): S1 = (0.3139, 0.4424, 0),
/// ST = (0.5576, 0.4424, 0.2437) (Ishigami and Homma 1990; Saltelli et al. 2010).
#[test]
fn ishigami_indices_match_the_closed_form() {
    let pi = std::f64::consts::PI;
    let dists = [uniform(-pi, pi), uniform(-pi, pi), uniform(-pi, pi)];
    let (a, b) = (7.0, 0.1);
    let v = a * a / 8.0 + b * pi.powi(4) / 5.0 + b * b * pi.powi(8) / 18.0 + 0.5;
    let v1 = 0.5 * (1.0 + b * pi.powi(4) / 5.0).powi(2);
    let v2 = a * a / 8.0;
    let v13 = b * b * pi.powi(8) * (1.0 / 18.0 - 1.0 / 50.0);
    let s1 = [v1 / v, v2 / v, 0.0];
    let st = [(v1 + v13) / v, v2 / v, v13 / v];
    assert!((s1[0] - 0.3139).abs() < 1e-4 && (st[2] - 0.2437).abs() < 1e-4);
    let ishigami = |x: &[f64]| {
        Ok(vec![
            x[0].sin() + a * x[1].sin().powi(2) + b * x[2].powi(4) * x[0].sin(),
        ])
    };
    let s = sobol(&dists, 1, &options(40_000, 100), ishigami).expect("a valid design");
    for i in 0..3 {
        let (f, t) = (s.first[0][i], s.total[0][i]);
        eprintln!("ishigami N=40000: S{i} {:.4} [{:.4}, {:.4}] vs {:.4}; ST{i} {:.4} [{:.4}, {:.4}] vs {:.4}", f.value, f.lo, f.hi, s1[i], t.value, t.lo, t.hi, st[i]);
        assert!(
            (f.value - s1[i]).abs() < 0.03,
            "S{i} = {} vs {}",
            f.value,
            s1[i]
        );
        assert!(
            (t.value - st[i]).abs() < 0.03,
            "ST{i} = {} vs {}",
            t.value,
            st[i]
        );
        assert!(f.lo <= f.value && f.value <= f.hi);
        assert!(
            t.lo - 0.01 <= st[i] && st[i] <= t.hi + 0.01,
            "ST{i} interval {t:?}"
        );
    }
    assert!((s.variance[0] - v).abs() / v < 0.03);
    assert_eq!(s.evaluations, 40_000 * 5);
}

/// y = sum c_i x_i with independent x_i: S_i = ST_i = c_i^2 var_i / sum_j c_j^2 var_j.
#[test]
fn linear_model_indices_match_the_closed_form() {
    let dists = [uniform(0.0, 1.0), uniform(-2.0, 2.0), uniform(0.0, 0.3)];
    let normal = Dist::normal(1.0, 0.5).expect("sd > 0");
    let dists = [dists[0], dists[1], dists[2], normal];
    let c = [1.0, 0.5, -3.0, 1.0];
    // Variance of U(lo, hi) is (hi - lo)^2 / 12; of the truncated normal, by quadrature.
    let truncated_var = {
        let n = 200_000;
        let xs: Vec<f64> = (0..n)
            .map(|j| normal.quantile((j as f64 + 0.5) / n as f64))
            .collect();
        moments(xs.into_iter()).1
    };
    let var = [1.0 / 12.0, 16.0 / 12.0, 0.09 / 12.0, truncated_var];
    let parts: Vec<f64> = c.iter().zip(var).map(|(c, v)| c * c * v).collect();
    let sum: f64 = parts.iter().sum();
    let linear = |x: &[f64]| Ok(vec![x.iter().zip(c).map(|(x, c)| c * x).sum()]);
    let s = sobol(&dists, 1, &options(20_000, 50), linear).expect("a valid design");
    for (i, part) in parts.iter().enumerate() {
        let expected = part / sum;
        eprintln!(
            "linear N=20000: S{i} {:.4} ST{i} {:.4} vs {:.4}",
            s.first[0][i].value, s.total[0][i].value, expected
        );
        assert!((s.first[0][i].value - expected).abs() < 0.03, "S{i}");
        assert!((s.total[0][i].value - expected).abs() < 0.03, "ST{i}");
    }
}

#[test]
fn same_indices_whatever_the_thread_count() {
    let dists = [uniform(0.0, 1.0), uniform(0.0, 1.0)];
    let model = |x: &[f64]| Ok(vec![x[0] * x[1], x[0] + x[1] * x[1]]);
    let run = |threads| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a pool");
        pool.install(|| sobol(&dists, 2, &options(500, 100), model).expect("a valid design"))
    };
    assert_eq!(run(1), run(3));
}

#[test]
fn undefined_points_are_left_out_and_constant_outputs_have_no_index() {
    let dists = [uniform(0.0, 1.0), uniform(0.0, 1.0)];
    // Output 0 is undefined when x0 > 0.9; output 1 never varies.
    let model = |x: &[f64]| Ok(vec![if x[0] > 0.9 { f64::NAN } else { x[1] }, 1.0]);
    let s = sobol(&dists, 2, &options(4000, 20), model).expect("a valid design");
    assert!((s.first[0][1].value - 1.0).abs() < 0.05);
    assert!(s.first[1][0].value.is_nan() && s.total[1][1].value.is_nan());
    assert!(
        sobol(&dists, 2, &options(4, 20), model).is_err(),
        "N too small"
    );
}
