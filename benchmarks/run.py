"""Time whole processes side by side: shequ against taskwarrior, ledger, hledger and remind.

    make bench                       # N=20000
    python benchmarks/run.py --n 2000 --repeat 5

Each operation runs ``--repeat`` times after one warm-up; the table shows the
median and the best wall-clock time in milliseconds.  The budgets that compare
shequ with taskwarrior (DESIGN §6) are then also run *alternately*, shequ and
peer one after the other for ``2 × --repeat`` rounds, because a shared VM's
speed drifts within a minute and sequential blocks would compare different
moments.  Peers that are not installed are reported as such (``apt-get install
taskwarrior``).  These are measurements, not tests: machines are noisy, so the
suite never times things.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def timed(cmd: list[str], env: dict[str, str], repeat: int, setup=None) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    samples = []
    for i in range(repeat + 1):
        if setup:
            setup()
        t0 = time.perf_counter()
        done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = (time.perf_counter() - t0) * 1000
        if done.returncode not in (0, 1) or (done.returncode == 1 and cmd[0].endswith("shequ")):
            raise SystemExit(f"failed: {' '.join(cmd)}\n{done.stderr.decode(errors='replace')}")
        if i:  # the first run warms caches
            samples.append(elapsed)
    return statistics.median(samples), min(samples)


def alternated(cmd_a: list[str], env_a: dict[str, str], cmd_b: list[str], env_b: dict[str, str],
               rounds: int) -> tuple[list[float], list[float]]:
    """Wall-clock ms of *cmd_a* and *cmd_b*, run one after the other *rounds* times (after a warm-up)."""
    out: tuple[list[float], list[float]] = ([], [])
    for i in range(rounds + 1):
        for cmd, env, times in ((cmd_a, env_a, out[0]), (cmd_b, env_b, out[1])):
            t0 = time.perf_counter()
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if i:
                times.append((time.perf_counter() - t0) * 1000)
    return out


def taskwarrior_env(data: Path, tmp: Path) -> dict[str, str] | None:
    task = shutil.which("task")
    if not task:
        return None
    rc = tmp / "taskrc"
    tdir = tmp / "task"
    tdir.mkdir()
    rc.write_text(f"data.location={tdir}\nconfirmation=off\nverbose=nothing\nhooks=off\nnews.version=99.99.99\n")
    env = dict(os.environ, TASKRC=str(rc), TASKDATA=str(tdir))
    subprocess.run([task, "import", str(data / "tasks.json")], env=env, check=True, capture_output=True)
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    # Users' installs have .pyc files; this machine sets PYTHONDONTWRITEBYTECODE, which
    # would make every run recompile shequ from source.  Measure what users get.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    import compileall

    for src in (HERE.parent / "src", *HERE.parent.glob("plugins/*/src"), HERE.parent / "examples" / "shequ-hello" / "src"):
        compileall.compile_dir(str(src), quiet=1)
    data = HERE / ".data"
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--n", str(args.n), "--out", str(data)], check=True)
    shequ = str(BIN / "shequ")
    env = dict(os.environ, SHEQU_HOME=str(data / "home"), SHEQU_TODAY="2025-12-31")
    rows: list[tuple[str, str, float, float]] = []
    paired: list[tuple[str, float, float, float, float]] = []

    def add(label: str, tool: str, cmd: list[str], e: dict[str, str]) -> None:
        med, best = timed(cmd, e, args.repeat)
        rows.append((label, tool, med, best))

    add("python floor", "python -c pass", [sys.executable, "-c", "pass"], env)
    add("--help, all plugins", "shequ --help", [shequ, "--help"], env)
    add(f"add one into {args.n}", "shequ record add", [shequ, "record", "add", "hello.greeting", "-F", "text=新年好", "-F", "date=2025-01-01"], env)
    add(f"filtered list on {args.n}", "shequ record list --where --json", [shequ, "record", "list", "hello.greeting", "--where", "channel=上门", "--json"], env)
    add(f"filtered count on {args.n}", "shequ record list --where -f jsonl", [shequ, "record", "list", "hello.greeting", "--where", "channel=上门", "--where", "date>=2025-07-01", "-f", "jsonl"], env)
    # -- people (issue #3): a 20k-row roster, imported, then added to, listed and exported.
    sys.path.insert(0, str(HERE.parent / "examples"))
    from make_roster import generate

    roster = data / f"roster{args.n}.csv"
    import csv

    rows_ = generate(args.n, seed=7)
    with open(roster, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows_[0]))
        w.writeheader()
        w.writerows(rows_)
    phome = data / "people-home"
    penv = dict(env, SHEQU_HOME=str(phome))

    def fresh_people_home() -> None:
        shutil.rmtree(phome, ignore_errors=True)
        subprocess.run([shequ, "init"], env=penv, check=True, capture_output=True)

    med, best = timed([shequ, "people", "import", str(roster)], penv, max(2, args.repeat // 4), setup=fresh_people_home)
    rows.append((f"import {args.n}-row roster (csv)", "shequ people import", med, best))
    add(f"add one person into {args.n}", "shequ people add", [shequ, "people", "add", "新居民", "--phone", "13812345678", "--gender", "女"], penv)
    add(f"category list on {args.n}", "shequ people list -c 高龄 --json", [shequ, "people", "list", "--category", "高龄", "--json"], penv)
    add(f"search on {args.n}", "shequ people list --search zeng", [shequ, "people", "list", "--search", "zeng"], penv)
    add(f"export {args.n} to xlsx", "shequ people export x.xlsx", [shequ, "people", "export", str(data / "export.xlsx")], penv)
    # -- reports (issue #7): one home with 20k residents, 20k ledger entries and 5k events.
    full = data / "full-home"
    shutil.rmtree(full, ignore_errors=True)
    shutil.copytree(phome, full)
    for area in ("events", "ledger"):
        src = data / ("events-home" if area == "events" else "ledger-home")
        shutil.copy2(src / f"{area}.json", full / f"{area}.json")  # the head …
        shutil.rmtree(full / area, ignore_errors=True)
        if (src / area).is_dir():  # … and its shards
            shutil.copytree(src / area, full / area)
    import json as _json

    meta = _json.loads((data / "events-home" / "meta.json").read_text("utf-8"))
    own = _json.loads((full / "meta.json").read_text("utf-8"))
    own["duties"] = meta.get("duties", {})
    (full / "meta.json").write_text(_json.dumps(own, ensure_ascii=False), "utf-8")
    fenv = dict(env, SHEQU_HOME=str(full))
    add("monthly report, all data", "shequ report monthly -f md", [shequ, "report", "monthly", "--period", "2025-03", "-f", "md"], fenv)
    add("monthly report, all data", "shequ report monthly -o x.docx", [shequ, "report", "monthly", "--period", "2025-03", "-o", str(data / "r.docx")], fenv)
    add("monthly report, all data", "shequ report monthly -o x.xlsx", [shequ, "report", "monthly", "--period", "2025-03", "-o", str(data / "r.xlsx")], fenv)
    # -- the 街道 roll-up (issue #24): this home's bundle, copied to 50 communities (see benchmarks/rollup.py).
    from rollup import add_rows

    add_rows(add, shequ, fenv, data)

    # -- calendar (issue #4): 5,000 events and 50 duties, beside remind(1) on the same calendar.
    cenv = dict(env, SHEQU_HOME=str(data / "events-home"))
    add("month grid, 5000 events", "shequ calendar month 2025-10", [shequ, "calendar", "month", "2025-10"], cenv)
    add("duty status, 50 duties", "shequ duties status --period 2025", [shequ, "duties", "status", "--period", "2025"], cenv)
    add("agenda for a month", "shequ calendar agenda -p 2025-10", [shequ, "calendar", "agenda", "--period", "2025-10"], cenv)
    if shutil.which("remind"):
        add("month calendar, same data", "remind -s (one month)", ["remind", "-s", str(data / "events.rem"), "2025-10-01"], env)
        add("year calendar, same data", "remind -s12 (a year)", ["remind", "-s12", str(data / "events.rem"), "2025-01-01"], env)
    else:
        rows.append(("(remind not installed)", "remind", float("nan"), float("nan")))
    # -- ledger (issue #6): 20,000 entries, beside ledger-cli and hledger on the same journal.
    lenv = dict(env, SHEQU_HOME=str(data / "ledger-home"))
    jfile = str(data / "ledger.journal")
    add(f"balance, {args.n} entries", "shequ ledger balance -p 2025 --depth 2", [shequ, "ledger", "balance", "--period", "2025", "--depth", "2"], lenv)
    add(f"monthly balance, {args.n} entries", "shequ ledger balance -M --depth 2", [shequ, "ledger", "balance", "--period", "2025", "--depth", "2", "--monthly"], lenv)
    if shutil.which("ledger"):
        add(f"balance, {args.n} entries", "ledger balance --depth 2", ["ledger", "-f", jfile, "balance", "--depth", "2"], env)
    if shutil.which("hledger"):
        add(f"monthly balance, {args.n} entries", "hledger bal -M --depth 2", ["hledger", "-f", jfile, "bal", "-M", "--depth", "2"], env)
    with tempfile.TemporaryDirectory() as tmp:
        tenv = taskwarrior_env(data, Path(tmp))
        if tenv is None:
            rows.append(("(taskwarrior not installed)", "task", float("nan"), float("nan")))
        else:
            add(f"add one into {args.n}", "task add", ["task", "add", "新年好", "project:上门"], tenv)
            add(f"filtered count on {args.n}", "task count project:上门", ["task", "count", "project:上门"], tenv)
            # The budgets compare shequ with taskwarrior, and this VM's speed drifts by tens of
            # percent within a minute: run each pair alternately, so both see the same moments.
            pairs = [
                ("people add vs task add",
                 [shequ, "people", "add", "新居民", "--phone", "13812345678", "--gender", "女"], penv,
                 ["task", "add", "新年好", "project:上门"], tenv),
                ("people list -c 高龄 --json vs task count",
                 [shequ, "people", "list", "--category", "高龄", "--json"], penv,
                 ["task", "count", "project:上门"], tenv),
                ("report monthly -f md vs task count",
                 [shequ, "report", "monthly", "--period", "2025-03", "-f", "md"], fenv,
                 ["task", "count", "project:上门"], tenv),
            ]
            for label, cmd_a, env_a, cmd_b, env_b in pairs:
                a_times, b_times = alternated(cmd_a, env_a, cmd_b, env_b, args.repeat * 2)
                paired.append((label, statistics.median(a_times), min(a_times), statistics.median(b_times), min(b_times)))
    width = max(len(r[0]) for r in rows) + 2
    print(f"\nN={args.n}, repeat={args.repeat}, median / best wall-clock ms")
    for label, tool, med, best in rows:
        print(f"{label:<{width}} {tool:<42} {med:8.1f} {best:8.1f}")
    if paired:
        print(f"\nAlternated pairs ({args.repeat * 2} rounds): shequ median / best, then the peer's")
        for label, am, ab, bm, bb in paired:
            print(f"{label:<44} {am:8.1f} {ab:8.1f}   {bm:8.1f} {bb:8.1f}")


if __name__ == "__main__":
    main()
