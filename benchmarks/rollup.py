"""The 街道 roll-up at scale: 50 communities' bundles into one 月报 (budgets: md ≤ 2 s, docx ≤ 5 s).

    make bench                                            # part of the full run, on its 20k-resident home
    python benchmarks/rollup.py                           # alone: builds the sample year's home first
    python benchmarks/rollup.py --bundle X.bundle.json --n 50 --repeat 5

How the 50 bundles are made: one real bundle is exported (``shequ bundle export``) from a
large home with every plugin installed, then copied 50 times with a different
``manifest.community`` (第01社区 … 第50社区), each re-hashed with
:func:`shequ.rollup.bundle.content_hash` and written with :func:`shequ.rollup.bundle.dump` —
exactly what an honest export of 50 same-sized communities would hand in, so the roll-up reads,
checks and adds up 50 full bundles.  A measurement, not a test: the suite never times things.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def make_bundles(source: Path, out: Path, n: int) -> list[Path]:
    """*n* copies of the bundle *source* in *out*, one per made-up community, each re-hashed."""
    from shequ.rollup.bundle import content_hash, dump

    data = json.loads(source.read_text("utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(1, n + 1):
        name = f"第{i:02d}社区"
        data["manifest"]["community"] = name
        data["manifest"]["hash"] = content_hash(data)
        path = out / f"{name}-{data['manifest']['period']}.bundle.json"
        path.write_bytes(dump(data))
        paths.append(path)
    return paths


def add_rows(add: Callable[[str, str, list[str], dict[str, str]], None], shequ: str, home_env: dict[str, str],
             work: Path, n: int = 50) -> None:
    """Time a bundle export on *home_env*'s home, then the roll-up of *n* copies of it (md, docx)."""
    bundle = work / "source.bundle.json"
    add("bundle export, one community", "shequ bundle export", [shequ, "bundle", "export", "--period", "2025-03",
                                                                "-o", str(bundle), "-q"], home_env)
    folder = work / "bundles"
    shutil.rmtree(folder, ignore_errors=True)
    make_bundles(bundle, folder, n)
    street = work / "street-home"
    shutil.rmtree(street, ignore_errors=True)
    senv = dict(home_env, SHEQU_HOME=str(street))
    subprocess.run([shequ, "init", "--name", "城南街道", "--level", "街道"], env=senv, check=True, capture_output=True)
    add(f"roll-up of {n} bundles", "shequ rollup report -f md", [shequ, "rollup", "report", "monthly", "--period", "2025-03",
                                                                 str(folder), "-f", "md"], senv)
    add(f"roll-up of {n} bundles", "shequ rollup report -o x.docx", [shequ, "rollup", "report", "monthly", "--period",
                                                                     "2025-03", str(folder), "-o", str(work / "r.docx"), "-q"], senv)


def _sample_home(home: Path, env: dict[str, str]) -> None:
    """The sample year (examples/demo.sh's data, without the demo's printing): 302 residents, every plugin."""
    ex = HERE.parent / "examples"
    run = lambda *a: subprocess.run([str(BIN / "shequ"), *a], env=env, check=True, capture_output=True)  # noqa: E731
    shutil.rmtree(home, ignore_errors=True)
    run("init", "--name", "幸福社区")
    run("people", "import", str(ex / "roster.csv"))
    run("calendar", "import", str(ex / "events-2025.csv"))
    run("duties", "add", str(ex / "duties.json"), "--skip-existing")
    run("record", "import", "dangjian.member", str(ex / "dangjian" / "members.csv"))
    run("calendar", "import", str(ex / "dangjian" / "meetings-2025.csv"))
    run("calendar", "import", str(ex / "pufa" / "activities-2025.csv"))
    subprocess.run(["bash", str(ex / "ledger-setup.sh")], env=env, check=True, capture_output=True, cwd=HERE.parent)
    run("ledger", "import", str(ex / "ledger-2025.csv"))


def main() -> None:
    from run import timed  # the same timing as the other budgets

    parser = argparse.ArgumentParser()
    parser.add_argument("--bundle", type=Path, help="a bundle to copy (default: one exported from the sample year)")
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    shequ = str(BIN / "shequ")
    rows: list[tuple[str, str, float, float, int]] = []

    def add(label: str, tool: str, cmd: list[str], e: dict[str, str]) -> None:
        med, best, peak = timed(cmd, e, args.repeat)
        rows.append((label, tool, med, best, peak))

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = dict(os.environ, SHEQU_HOME=str(work / "home"), SHEQU_TODAY="2025-12-31",
                   PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
        if args.bundle:
            folder = work / "bundles"
            make_bundles(args.bundle, folder, args.n)
            senv = dict(env, SHEQU_HOME=str(work / "street"))
            subprocess.run([shequ, "init", "--name", "城南街道", "--level", "街道"], env=senv, check=True, capture_output=True)
            period = json.loads(args.bundle.read_text("utf-8"))["manifest"]["period"]
            for fmt, extra in (("md", ["-f", "md"]), ("docx", ["-o", str(work / "r.docx"), "-q"])):
                add(f"roll-up of {args.n} bundles", f"shequ rollup report ({fmt})",
                    [shequ, "rollup", "report", "monthly", "--period", period, str(folder), *extra], senv)
        else:
            _sample_home(work / "home", env)
            add_rows(add, shequ, env, work, args.n)
    print(f"\nmedian / best wall-clock ms, peak MiB, repeat={args.repeat}")
    for label, tool, med, best, peak in rows:
        print(f"{label:<28} {tool:<34} {med:8.1f} {best:8.1f} {peak / 1024:7.0f}")


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    main()
