//! `detente sweep`: parse, run (whole, or one shard), print, write the optional files.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use detente::sweep::{self, Checkpoint, Shard, ShardSpec, Sweep, SweepOptions};
use detente::{report, Scenario};

use crate::failure::Failure;
use crate::SweepArgs;

pub fn run(a: SweepArgs, started: Instant) -> Result<(), Failure> {
    let scenario = Scenario::load(&a.file)?;
    let options = SweepOptions {
        samples: a.samples,
        seed: a.seed,
        concept: crate::args::concept(&a.concept, scenario.source())?,
        vary: a.vary.clone(),
        weight_noise: a.weight_noise,
        settings: crate::args::settings(&a.set, scenario.source())?,
        search: crate::args::checked(a.budget.options(started), scenario.source())?,
        ..SweepOptions::default()
    };
    options.validate(&scenario)?;
    check_files(&a, scenario.source())?;
    let checkpoint = checkpoint(&a);
    match (a.shard, &a.out_shard) {
        (Some(spec), Some(out)) => run_shard(&scenario, &options, spec, out, &checkpoint, &a),
        _ => run_whole(&scenario, &options, &a, checkpoint.as_ref()),
    }
}

/// Where the checkpoint goes: `--checkpoint`, else beside the shard file.
fn checkpoint(a: &SweepArgs) -> Option<Checkpoint> {
    let path = a.checkpoint.clone().or_else(|| {
        a.out_shard.as_ref().map(|out| {
            let mut name = out.clone().into_os_string();
            name.push(".part");
            PathBuf::from(name)
        })
    })?;
    Some(Checkpoint {
        path,
        resume: a.resume,
    })
}

/// Output paths that cannot be files, and flags that do not go together, refused
/// before any work.
fn check_files(a: &SweepArgs, file: &str) -> Result<(), Failure> {
    crate::args::output_files(
        file,
        &[
            (&a.out, "csv", "--out"),
            (&a.plot, "svg", "--plot"),
            (&a.out_shard, "shard", "--out-shard"),
            (&a.checkpoint, "checkpoint", "--checkpoint"),
        ],
    )?;
    let refuse = |argument: String, message: &str| Failure::Argument {
        file: file.to_string(),
        argument,
        message: message.to_string(),
    };
    if a.shard.is_some() {
        let given = [(&a.out, "--out"), (&a.plot, "--plot")];
        if let Some((Some(p), flag)) = given.into_iter().find(|(p, _)| p.is_some()) {
            return Err(refuse(
                format!("{flag} {}", p.display()),
                "a shard run writes only its shard file: give it to `detente merge`",
            ));
        }
    }
    if a.resume && a.checkpoint.is_none() && a.out_shard.is_none() {
        return Err(refuse(
            "--resume".into(),
            "needs a checkpoint: --checkpoint F, or --shard K/N --out-shard F (checkpoint F.part)",
        ));
    }
    Ok(())
}

/// The whole sweep; through a checkpoint (as shard 1/1) when one is given.
fn run_whole(
    scenario: &Scenario,
    options: &SweepOptions,
    a: &SweepArgs,
    checkpoint: Option<&Checkpoint>,
) -> Result<(), Failure> {
    let bar = progress_bar(options.total());
    let progress = |n: u64| {
        if let Some(b) = &bar {
            b.inc(n);
        }
    };
    let result = match checkpoint {
        None => sweep::run_with_progress(scenario, options, &progress).inspect(|s| {
            say_preparation(a.verbose, s.preparation());
        }),
        Some(c) => {
            resumable(scenario, options, ShardSpec::whole(), c, &progress).and_then(|shard| {
                say_preparation(a.verbose, shard.preparation());
                Ok(sweep::merge_with(vec![shard], &options.search)?.into_sweep())
            })
        }
    };
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    print(scenario, &result?, &a.out, &a.plot, a.json)?;
    if let Some(c) = checkpoint {
        remove(&c.path);
    }
    Ok(())
}

/// One shard, written to `out`; with `--resume`, a finished `out` of the same shard
/// is kept as it is.
fn run_shard(
    scenario: &Scenario,
    options: &SweepOptions,
    spec: ShardSpec,
    out: &Path,
    checkpoint: &Option<Checkpoint>,
    a: &SweepArgs,
) -> Result<(), Failure> {
    let (json, verbose) = (a.json, a.verbose);
    let Some(c) = checkpoint else {
        return Ok(());
    };
    let shard = match finished(scenario, options, spec, out, c.resume) {
        Some(shard) => shard,
        None => {
            let bar =
                progress_bar(spec.range(options.total()).end - spec.range(options.total()).start);
            let progress = |n: u64| {
                if let Some(b) = &bar {
                    b.inc(n);
                }
            };
            let shard = resumable(scenario, options, spec, c, &progress);
            if let Some(b) = &bar {
                b.finish_and_clear();
            }
            let shard = shard?;
            say_preparation(verbose, shard.preparation());
            shard.write(out)?;
            remove(&c.path);
            shard
        }
    };
    let name = out.display().to_string();
    let record = report::ShardOutput::new(scenario, &shard, &name);
    if json {
        crate::emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&record).unwrap_or_default()
        ));
    } else {
        crate::emit(&record.text());
    }
    Ok(())
}

/// With `--verbose`, how the samples shared their work, on stderr.
fn say_preparation(verbose: bool, preparation: Option<&sweep::Preparation>) {
    if let (true, Some(p)) = (verbose, preparation) {
        eprintln!("detente: sweep: {p}");
    }
}

/// With `resume`, the shard file `out` when it already holds this very shard; any
/// other file there (another shard, unreadable) is computed again and replaced.
fn finished(
    scenario: &Scenario,
    options: &SweepOptions,
    spec: ShardSpec,
    out: &Path,
    resume: bool,
) -> Option<Shard> {
    if !resume || !out.exists() {
        return None;
    }
    let shard = Shard::read(out).ok()?;
    let want = sweep::ShardHeader::new(scenario, options.concept.name(), options, spec).ok()?;
    let same = shard.header().differs_from(&want).is_none() && shard.header().shard == spec;
    same.then_some(shard)
}

/// [`sweep::run_resumable`], saying on stderr how much a resume found done.
fn resumable(
    scenario: &Scenario,
    options: &SweepOptions,
    spec: ShardSpec,
    c: &Checkpoint,
    progress: &(dyn Fn(u64) + Sync),
) -> detente::Result<Shard> {
    let resuming = c.resume && c.path.exists();
    let shard = sweep::run_resumable(
        scenario,
        options.concept.solver(),
        options,
        spec,
        Some(c),
        progress,
    )?;
    if resuming {
        let h = shard.header();
        eprintln!(
            "detente: {}: resumed after {} of {} samples",
            c.path.display(),
            shard.resumed(),
            h.range.end - h.range.start
        );
    }
    Ok(shard)
}

/// A checkpoint no longer needed; one that cannot be removed is left (a resume would
/// find it complete).
fn remove(path: &Path) {
    let _ = std::fs::remove_file(path);
}

/// Print the summary and write the files, as `sweep` and `merge` both do.
pub fn print(
    scenario: &Scenario,
    result: &Sweep,
    out: &Option<PathBuf>,
    plot: &Option<PathBuf>,
    json: bool,
) -> Result<(), Failure> {
    if let Some(path) = out {
        let csv = report::samples_csv(scenario, result.samples())?;
        report::write_atomically(path, csv.as_bytes())?;
    }
    if let Some(path) = plot {
        let svg = report::sweep_svg(scenario, result.summary(), result.samples())?;
        report::write_atomically(path, svg.as_bytes())?;
    }
    if json {
        let out = report::Labelled::new(scenario, result.summary());
        crate::emit(&format!(
            "{}\n",
            serde_json::to_string_pretty(&out).unwrap_or_default()
        ));
    } else {
        crate::emit(&report::sweep_text(scenario, result.summary()));
    }
    Ok(())
}

/// A bar on stderr when it is a terminal; nothing otherwise (pipes, CI, tests).
fn progress_bar(total: u64) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40} {pos}/{len} samples  {per_sec}  eta {eta}",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}
