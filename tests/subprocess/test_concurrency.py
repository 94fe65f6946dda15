"""Two writers at once (cron and a person) lose nothing; SIGKILL never tears a file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any, Iterator

import pytest

pytestmark = pytest.mark.slow
SHEQU = str(Path(sys.executable).parent / "shequ")


def env_for(home: Path) -> dict[str, str]:
    e = dict(os.environ)
    e["SHEQU_HOME"] = str(home)
    e["SHEQU_LOAD_PLUGINS"] = "hello"
    e["SHEQU_TODAY"] = "2025-12-31"
    return e


def test_two_real_process_loops_lose_nothing(tmp_path):
    home = tmp_path / "home"
    env = env_for(home)
    subprocess.run([SHEQU, "init", "--name", "并发"], check=True, env=env, capture_output=True)
    loop = (
        'for i in $(seq 1 $N); do "$SHEQU" record add hello.greeting '
        '--field text="$WHO-$i" --field date=2025-01-01 >/dev/null 2>>"$ERRS" || echo "fail $i" >>"$ERRS"; done'
    )
    n = 60  # per process: enough interleaved commits to meet on the lock many times, few enough for a busy CI box
    procs = []
    for who in ("cron", "user"):
        e = dict(env, SHEQU=SHEQU, N=str(n), WHO=who, ERRS=str(tmp_path / f"{who}.err"), SHEQU_USER=who)
        procs.append(subprocess.Popen(["bash", "-c", loop], env=e))
    for p in procs:
        assert p.wait(timeout=600) == 0
    for who in ("cron", "user"):
        err = tmp_path / f"{who}.err"
        text = err.read_text("utf-8") if err.exists() else ""
        assert "fail" not in text and "错误" not in text and "Traceback" not in text, text[-500:]
        assert text.count("已添加问候") == n
    records: dict = {}
    for f in home.rglob("*.json"):
        data = json.loads(f.read_text("utf-8"))  # every file is valid JSON
        records.update(data.get("hello.greeting", {}) if f.parent.name == "records" else {})
    assert sorted(p.name for p in (home / "records").iterdir()) == ["hello.greeting.000.json"]
    texts = sorted(r["text"] for r in records.values())
    assert len(texts) == 2 * n
    assert texts == sorted([f"cron-{i}" for i in range(1, n + 1)] + [f"user-{i}" for i in range(1, n + 1)])
    assert len({int(k) for k in records}) == 2 * n
    log = [json.loads(line) for line in (home / "changes.jsonl").read_text("utf-8").splitlines()]
    adds = [e for e in log if e["action"] == "record add hello.greeting"]
    assert len(adds) == 2 * n
    assert {e["user"] for e in adds} == {"cron", "user"}


WRITER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import shequ.store.files as F
    import shequ.store.home as H
    import shequ.store.log as L
    from shequ.store import Home

    home, die_at, half = Home(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "half"
    steps, tearing = [0], [False]

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def step(fn):  # count the commit's steps; die just before step *die_at* (or halfway through its bytes)
        def wrapped(*args, **kwargs):
            steps[0] += 1
            if steps[0] == die_at:
                if half and fn.__name__ in ("write_temp", "atomic_write", "append_log"):
                    tearing[0] = True
                else:
                    die()
            return fn(*args, **kwargs)
        wrapped.__name__ = fn.__name__
        return wrapped

    def write_all(fd, payload, real=F.write_all):
        if tearing[0]:
            os.write(fd, payload[: len(payload) // 2])
            die()
        real(fd, payload)

    F.write_all = L.write_all = write_all
    H.write_temp, H.atomic_write, H.append_log = step(H.write_temp), step(H.atomic_write), step(H.append_log)
    os.replace, Path.unlink = step(os.replace), step(Path.unlink)
    with home.transaction("bulk") as s:
        t = s.data("records").setdefault("t", {})
        n = len(t)
        batch = n // 50
        for j in range(50):
            t[str(n + j + 1)] = {"batch": batch, "pad": "社区" * 40}
        s.data("people").setdefault("p", {})["last"] = {"batch": batch}
        # A resident per batch: people shards come with columnar copies, in the same commit.
        s.data("people").setdefault("people", {})[str(batch + 1)] = {"name": f"第{batch}批", "n": batch}
    print(steps[0])
    """
)


def killed_at_every_step(tmp_path: Path, writer: str, least: int) -> Iterator[tuple[Any, int, str, int]]:
    """Run the *writer* script on a new home, killing itself just before each step of its commit
    (of at least *least* steps) and halfway through each write; after each death yield the home,
    the step, the mode and how many of its ``bulk`` entries the log held before."""
    from shequ.store import Home, init_home

    home = Home(tmp_path / "home")
    init_home(home, name="崩溃", level="社区")
    script = tmp_path / "writer.py"
    script.write_text(writer)
    dry = subprocess.run([sys.executable, str(script), str(home.path), "0", "-"], capture_output=True, text=True)
    assert dry.returncode == 0, dry.stderr
    total = int(dry.stdout)
    assert total >= least
    for die_at in range(1, total + 1):
        for mode in ("before", "half"):
            before = len([e for e in home.log_entries() if e["action"] == "bulk"])
            proc = subprocess.run([sys.executable, str(script), str(home.path), str(die_at), mode], capture_output=True)
            assert proc.returncode == -signal.SIGKILL, (die_at, mode, proc.stderr)  # it died where it was told to
            yield home, die_at, mode, before


def test_sigkill_at_every_step_of_a_commit_never_tears_or_desyncs(tmp_path):
    """The writer kills itself just before each step of a commit — every temp file, the journal,
    the log append, each rename, the journal's removal — and halfway through each write: whatever
    the step, the next command sees the transaction whole or not at all, and the log matches."""
    outcomes = {"kept": 0, "lost": 0}
    # at least 4 temp files, the journal, the log, 4 renames, the journal's removal
    for home, die_at, mode, before in killed_at_every_step(tmp_path, WRITER, least=10):
        # Raw files always parse, even before recovery (each is replaced atomically).
        for f in home.path.rglob("*.json"):
            if ".tmp-" not in f.name and f.name != "journal.json":
                json.loads(f.read_bytes())
        # The next command recovers: no temp files, and data equals the log.
        with home.read() as s:
            t = s.data("records").get("t", {})
            last = s.data("people").get("p", {}).get("last")
        with home.read() as s:
            copies = s.columns("people", "people")
            people = s.view("people").get("people", {})
        assert not [p.name for p in home.path.rglob("*") if ".tmp-" in p.name or p.name == "journal.json"]
        entries = [e for e in home.log_entries() if e["action"] == "bulk"]
        assert len(t) == 50 * len(entries), (die_at, mode)  # whole batches only: before or after, never between
        assert last == ({"batch": len(t) // 50 - 1} if entries else None)  # both areas moved together
        assert sorted(int(k) for k in t) == list(range(1, len(t) + 1))
        if people:  # the columnar copies moved with their shards: never stale, never missing
            assert copies is not None and copies[0] == [int(k) for k in people], (die_at, mode)
            assert list(copies[1]["n"]) == [d["n"] for d in people.values()]
        outcomes["kept" if len(entries) > before else "lost"] += 1
    # Both sides of the commit point were hit: deaths before the journal lose the batch, deaths after keep it.
    assert outcomes["kept"] >= 4 and outcomes["lost"] >= 4, outcomes


SPILL_WRITER = WRITER.split("with home.transaction")[0].replace(
    '("write_temp", "atomic_write", "append_log")', '("write_temp", "atomic_write", "append_log", "append_log_file")'
) + textwrap.dedent(
    """
    import shequ.store.shards as SH
    import shequ.store.spill as SP

    SH.SHARD_SIZE = 10  # 30 residents in batches of 10: three shards written before the commit
    SP.write_temp, H.append_log_file = step(SP.write_temp), step(H.append_log_file)
    with home.transaction("bulk") as s:
        n = len(s.view("people").get("people", {}))
        for j in range(3):
            first = s.next_id("people", 10)
            for k in range(10):
                s.put("people", "people", first + k, {"name": f"居民{first + k}", "n": first + k, "pad": "社区" * 40})
            s.spill("people", "people", below=first + 10)
    print(steps[0])
    """
)


def test_sigkill_at_every_step_of_a_spilled_commit_never_tears_or_desyncs(tmp_path):
    """An import that wrote its finished shards early (Session.spill), killed before each step
    of its commit and halfway through each write: the next command sees all 30 residents or
    none, their columnar copies in step, and the log (whose big entry is appended from a file)
    matches the data."""
    from shequ.testing import log_matches_data

    outcomes = {"kept": 0, "lost": 0}
    # at least six early temp files, the head's, the journal, the log, the renames …
    for home, die_at, mode, before in killed_at_every_step(tmp_path, SPILL_WRITER, least=14):
        with home.read() as s:
            copies = s.columns("people", "people")
            people = s.view("people").get("people", {})
        assert not [p.name for p in home.path.rglob("*") if ".tmp-" in p.name or p.name == "journal.json"]
        entries = [e for e in home.log_entries() if e["action"] == "bulk"]
        assert len(people) == 30 * len(entries), (die_at, mode)
        assert sorted(int(k) for k in people) == list(range(1, len(people) + 1))
        if people:
            assert copies is not None and sorted(copies[0]) == sorted(int(k) for k in people), (die_at, mode)
        log_matches_data(home)
        outcomes["kept" if len(entries) > before else "lost"] += 1
    assert outcomes["kept"] >= 4 and outcomes["lost"] >= 4, outcomes
