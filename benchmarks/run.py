"""Time whole processes side by side: shequ against taskwarrior, ledger, hledger and remind.

    make bench                       # N=20000
    python benchmarks/run.py --n 200000 --repeat 2   # 街道 scale (issue 26): homes are generated, not committed
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
TIME = "/usr/bin/time" if os.path.exists("/usr/bin/time") else None  # GNU time, for peak memory (apt-get install time)
#: The floor of any command that reads a whole home: start Python, parse every JSON file in it.
PARSE_FLOOR = ("import sys, orjson, pathlib\n"
               "[orjson.loads(p.read_bytes()) for p in pathlib.Path(sys.argv[1]).rglob('*.json')]")


def run_once(cmd: list[str], env: dict[str, str], capture: bool = True) -> tuple[float, int, int, bytes]:
    """One whole process: (wall-clock ms, peak resident KB of that process, exit status, stderr).

    The peak comes from GNU time (``/usr/bin/time -f %M``) around the command: a child forked from
    this Python keeps this Python's pages in its ``ru_maxrss`` across exec (every peer read 24 MiB),
    one forked from ``time`` does not.  Without GNU time, ``os.wait4``'s figure is a ceiling."""
    wrap = TIME is not None
    if wrap:
        fd, out = tempfile.mkstemp(prefix="peak-")
        os.close(fd)
        cmd = [TIME, "-f", "%M", "-o", out, *cmd]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE if capture else subprocess.DEVNULL)
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = (time.perf_counter() - t0) * 1000
    peak = usage.ru_maxrss
    if wrap:
        lines = Path(out).read_text().split()
        os.unlink(out)
        peak = int(lines[-1]) if lines and lines[-1].isdigit() else peak
    return elapsed, peak, os.waitstatus_to_exitcode(status), err


def timed(cmd: list[str], env: dict[str, str], repeat: int, setup=None) -> tuple[float, float, int]:  # type: ignore[no-untyped-def]
    """Median and best ms of *repeat* runs after a warm-up, and the peak KB of any run."""
    samples, peak = [], 0
    for i in range(repeat + 1):
        if setup:
            setup()
        elapsed, rss, code, err = run_once(cmd, env)
        if code not in (0, 1) or (code == 1 and cmd[0].endswith("shequ")):
            raise SystemExit(f"failed: {' '.join(cmd)}\n{err.decode(errors='replace')}")
        if i:  # the first run warms caches
            samples.append(elapsed)
            peak = max(peak, rss)
    return statistics.median(samples), min(samples), peak


def alternated(cmd_a: list[str], env_a: dict[str, str], cmd_b: list[str], env_b: dict[str, str],
               rounds: int, setup_a=None, setup_b=None) -> tuple[list[float], list[float], int, int]:  # type: ignore[no-untyped-def]
    """Wall-clock ms of *cmd_a* and *cmd_b*, run one after the other *rounds* times (after a warm-up),
    and each one's peak KB."""
    out: tuple[list[float], list[float]] = ([], [])
    peaks = [0, 0]
    for i in range(rounds + 1):
        for k, (cmd, env, setup) in enumerate(((cmd_a, env_a, setup_a), (cmd_b, env_b, setup_b))):
            if setup:
                setup()
            elapsed, rss, code, err = run_once(cmd, env)
            if code != 0:  # a failing peer would make the ratio meaningless
                raise SystemExit(f"failed ({code}): {' '.join(cmd)}\n{err.decode(errors='replace')}")
            if i:
                out[k].append(elapsed)
                peaks[k] = max(peaks[k], rss)
    return out[0], out[1], peaks[0], peaks[1]


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


def roster_workbooks(shequ: str, penv: dict[str, str], roster: Path, data: Path) -> list[tuple[str, Path]]:
    """The roster as xlsx: exported by shequ from a home that imported it, and written by openpyxl."""
    import csv

    from openpyxl import Workbook

    ours = data / "roster-shequ.xlsx"
    subprocess.run([shequ, "init"], env=penv, check=True, capture_output=True)
    subprocess.run([shequ, "people", "import", str(roster)], env=penv, check=True, capture_output=True)
    subprocess.run([shequ, "people", "export", str(ours), "--reveal"], env=penv, check=True, capture_output=True)
    theirs = data / "roster-openpyxl.xlsx"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    with open(roster, encoding="utf-8-sig", newline="") as fh:
        for row in csv.reader(fh):
            ws.append(row)
    wb.save(theirs)
    return [("shequ-written", ours), ("openpyxl-written", theirs)]


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
    rows: list[tuple[str, str, float, float, int]] = []
    paired: list[tuple[str, float, float, int, float, float, int]] = []

    def add(label: str, tool: str, cmd: list[str], e: dict[str, str]) -> None:
        med, best, peak = timed(cmd, e, args.repeat)
        rows.append((label, tool, med, best, peak))

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

    med, best, peak = timed([shequ, "people", "import", str(roster)], penv, max(2, args.repeat // 4), setup=fresh_people_home)
    rows.append((f"import {args.n}-row roster (csv)", "shequ people import", med, best, peak))
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
        rows.append(("(remind not installed)", "remind", float("nan"), float("nan"), 0))
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
            rows.append(("(taskwarrior not installed)", "task", float("nan"), float("nan"), 0))
        else:
            add(f"add one into {args.n}", "task add", ["task", "add", "新年好", "project:上门"], tenv)
            add(f"filtered count on {args.n}", "task count project:上门", ["task", "count", "project:上门"], tenv)
            # The budgets compare shequ with taskwarrior, and this VM's speed drifts by tens of
            # percent within a minute: run each pair alternately, so both see the same moments.
            pairs = [
                ("people add vs task add",
                 [shequ, "people", "add", "新居民", "--phone", "13812345678", "--gender", "女"], penv,
                 ["task", "add", "新年好", "project:上门"], tenv, None, None),
                ("people list -c 高龄 --json vs task export (filtered)",
                 [shequ, "people", "list", "--category", "高龄", "--json"], penv,
                 # The filter before the command: ``task export project:上门`` names a report on
                 # taskwarrior 2.6 and fails (exit 2) after loading everything.
                 ["task", "project:上门", "export"], tenv, None, None),
                ("report monthly -f md vs parsing the home",
                 [shequ, "report", "monthly", "--period", "2025-03", "-f", "md"], fenv,
                 [sys.executable, "-c", PARSE_FLOOR, str(full)], fenv, None, None),
            ]
            tdata = Path(tenv["TASKDATA"])

            def fresh_task_data() -> None:
                shutil.rmtree(tdata, ignore_errors=True)
                tdata.mkdir()

            pairs.append((f"people import {args.n} (csv) vs task import {args.n}",
                          [shequ, "people", "import", str(roster)], penv,
                          ["task", "import", str(data / "tasks.json")], tenv, fresh_people_home, fresh_task_data))
            # The same import in one process (no worker on the second core: common/forked.py).
            pairs.append((f"people import {args.n} (csv, one process) vs task import {args.n}",
                          [shequ, "people", "import", str(roster)], dict(penv, SHEQU_WORKERS="0"),
                          ["task", "import", str(data / "tasks.json")], tenv, fresh_people_home, fresh_task_data))
            # xlsx import against CSV import of the same rows (issue 26: ≤ 1.5×), both into fresh homes:
            # a workbook shequ wrote (people export --reveal) and one openpyxl wrote.
            xhome = data / "xlsx-home"
            xenv = dict(env, SHEQU_HOME=str(xhome))

            def fresh_xlsx_home() -> None:
                shutil.rmtree(xhome, ignore_errors=True)
                subprocess.run([shequ, "init"], env=xenv, check=True, capture_output=True)

            # At 街道 scale each round of these takes minutes: they run up to 50k rows.
            books = roster_workbooks(shequ, penv, roster, data) if args.n <= 50_000 else []
            for kind, book in books:
                pairs.append((f"people import {args.n} ({kind} xlsx) vs the same csv",
                              [shequ, "people", "import", str(book)], xenv,
                              [shequ, "people", "import", str(roster)], penv, fresh_xlsx_home, fresh_people_home))
            for label, cmd_a, env_a, cmd_b, env_b, setup_a, setup_b in pairs:
                heavy = setup_a is not None  # an import: fewer rounds
                a_times, b_times, a_peak, b_peak = alternated(cmd_a, env_a, cmd_b, env_b,
                                                              max(3, args.repeat // 2) if heavy else args.repeat * 2,
                                                              setup_a, setup_b)
                paired.append((label, statistics.median(a_times), min(a_times), a_peak,
                               statistics.median(b_times), min(b_times), b_peak))
    width = max(len(r[0]) for r in rows) + 2
    print(f"\nN={args.n}, repeat={args.repeat}, median / best wall-clock ms, peak MiB")
    for label, tool, med, best, peak in rows:
        print(f"{label:<{width}} {tool:<42} {med:8.1f} {best:8.1f} {peak / 1024:7.0f}")
    if paired:
        print("\nAlternated pairs: shequ median / best ms / peak MiB, then the peer's, and the ratio of medians")
        for label, am, ab, ap, bm, bb, bp in paired:
            print(f"{label:<52} {am:8.1f} {ab:8.1f} {ap / 1024:6.0f}   {bm:8.1f} {bb:8.1f} {bp / 1024:6.0f}   {am / bm:5.2f}×")


if __name__ == "__main__":
    main()
