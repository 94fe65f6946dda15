"""Two writers at once (cron and a person) lose nothing; SIGKILL never tears a file."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

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
        'for i in $(seq 1 200); do "$SHEQU" record add hello.greeting '
        '--field text="$WHO-$i" --field date=2025-01-01 >/dev/null 2>>"$ERRS" || echo "fail $i" >>"$ERRS"; done'
    )
    procs = []
    for who in ("cron", "user"):
        e = dict(env, SHEQU=SHEQU, WHO=who, ERRS=str(tmp_path / f"{who}.err"), SHEQU_USER=who)
        procs.append(subprocess.Popen(["bash", "-c", loop], env=e))
    for p in procs:
        assert p.wait(timeout=600) == 0
    for who in ("cron", "user"):
        err = tmp_path / f"{who}.err"
        text = err.read_text("utf-8") if err.exists() else ""
        assert "fail" not in text and "错误" not in text and "Traceback" not in text, text[-500:]
        assert text.count("已添加问候") == 200
    records: dict = {}
    for f in home.rglob("*.json"):
        data = json.loads(f.read_text("utf-8"))  # every file is valid JSON
        records.update(data.get("hello.greeting", {}) if f.parent.name == "records" else {})
    assert sorted(p.name for p in (home / "records").iterdir()) == ["hello.greeting.000.json"]
    texts = sorted(r["text"] for r in records.values())
    assert len(texts) == 400
    assert texts == sorted([f"cron-{i}" for i in range(1, 201)] + [f"user-{i}" for i in range(1, 201)])
    assert len({int(k) for k in records}) == 400
    log = [json.loads(line) for line in (home / "changes.jsonl").read_text("utf-8").splitlines()]
    adds = [e for e in log if e["action"] == "record add hello.greeting"]
    assert len(adds) == 400
    assert {e["user"] for e in adds} == {"cron", "user"}


WRITER = textwrap.dedent(
    """
    import sys
    from shequ.store import Home
    home = Home(sys.argv[1])
    while True:
        with home.transaction("bulk") as s:
            t = s.data("records").setdefault("t", {})
            n = len(t)
            batch = n // 50
            # Each transaction adds a batch of 50 docs so the write takes a while.
            for j in range(50):
                t[str(n + j + 1)] = {"batch": batch, "pad": "社区" * 40}
            s.data("people").setdefault("p", {})["last"] = {"batch": batch}
            # A resident per batch: people shards come with columnar copies, in the same commit.
            s.data("people").setdefault("people", {})[str(batch + 1)] = {"name": f"第{batch}批", "n": batch}
    """
)


def test_sigkill_at_random_moments_never_tears_or_desyncs(tmp_path):
    from shequ.store import init_home
    from shequ.store import Home

    home = Home(tmp_path / "home")
    init_home(home, name="崩溃", level="社区")
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    rng = random.Random(20251129)
    seen_partial_window = 0
    for round_no in range(20):
        proc = subprocess.Popen([sys.executable, str(script), str(home.path)])
        time.sleep(0.25 + rng.random() * 0.5)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        leftovers = [p.name for p in home.path.rglob("*") if ".tmp-" in p.name or p.name == "journal.json"]
        seen_partial_window += bool(leftovers)
        # Raw files always parse, even before recovery (each is replaced atomically).
        for f in home.path.rglob("*.json"):
            raw = f.read_bytes()
            if raw.strip() and ".tmp-" not in f.name and f.name != "journal.json":
                json.loads(raw)
        # The next command recovers: no temp files, and data equals the log.
        with home.read() as s:
            t = s.data("records").get("t", {})
            last = s.data("people").get("p", {}).get("last")
        assert not [p.name for p in home.path.rglob("*") if ".tmp-" in p.name or p.name == "journal.json"]
        entries = [e for e in home.log_entries() if e["action"] == "bulk"]
        assert len(t) == 50 * len(entries), round_no  # whole batches only: before or after, never between
        if entries:
            assert last == {"batch": len(t) // 50 - 1}  # both areas moved together
        assert sorted(int(k) for k in t) == list(range(1, len(t) + 1))
        with home.read() as s:  # the columnar copies moved with their shards: never stale, never missing
            copies = s.columns("people", "people")
            people = s.view("people").get("people", {})
        if people:
            assert copies is not None and copies[0] == [int(k) for k in people], round_no
            assert list(copies[1]["n"]) == [d["n"] for d in people.values()]
    assert len([e for e in home.log_entries() if e["action"] == "bulk"]) > 20
