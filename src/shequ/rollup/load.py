"""Reading the bundles the communities handed in — and refusing the ones the 街道 cannot trust.

A bundle is refused, with a line naming its file, when it is not a bundle (or is damaged),
when its hash does not match its content (a figure edited by hand), when a newer shequ
made it, when it is for another period, or when a second bundle comes from the same
community.  All are checked before anything is rendered, so a refused roll-up writes nothing.

The hash is a check against edits and damage, not a signature: whoever edits a bundle and
recomputes the hash with shequ's code is not caught.  Collect bundles over a channel you trust.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, NamedTuple

from shequ.errors import DataError, UsageError

SUFFIX = ".bundle.json"


class Bundle(NamedTuple):
    path: Path
    data: dict[str, Any]

    @property
    def manifest(self) -> dict[str, Any]:
        return self.data["manifest"]

    @property
    def community(self) -> str:
        return str(self.manifest.get("community") or self.path.name)

    def plugins(self) -> set[str]:
        return set(self.manifest.get("plugins") or {})


def files(args: list[str]) -> list[Path]:
    """The bundle files named by *args*: files, folders (their ``*.bundle.json``) and quoted globs."""
    import glob

    out: list[Path] = []
    for arg in args:
        p = Path(arg)
        if p.is_dir():
            out += sorted(x for x in p.iterdir() if x.name.endswith(SUFFIX) and x.is_file())
        elif p.is_file():
            out.append(p)
        elif glob.has_magic(arg):
            out += sorted(Path(x) for x in glob.glob(arg) if Path(x).is_file())
        else:
            raise UsageError(f"找不到报送文件：{arg}")
    seen: set[Path] = set()
    unique = []
    for p in out:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def version(text: Any) -> tuple[int, ...]:
    """``"0.10.2"`` → ``(0, 10, 2)`` (anything after the numbers is ignored)."""
    return tuple(int(x) for x in re.findall(r"\d+", str(text).split("+")[0].split("-")[0])[:4])


def read(path: Path) -> Bundle:
    """One bundle, checked on its own: shape, format, shequ version and hash."""
    import orjson

    from shequ import __version__
    from shequ.rollup.bundle import FORMAT, content_hash

    try:
        data = orjson.loads(path.read_bytes())
    except OSError as exc:
        from shequ.store import os_reason

        raise DataError(f"无法读取报送文件 {path}：{os_reason(exc)}") from None
    except orjson.JSONDecodeError:
        raise DataError(f"{path} 不是有效的报送文件（不是完整的 JSON，可能已损坏或只拷贝了一部分）") from None
    if not isinstance(data, dict) or "bundle" not in data or not isinstance(data.get("manifest"), dict):
        raise DataError(f"{path} 不是 shequ 报送文件（应由 shequ bundle export 生成）")
    made_by = data["manifest"].get("shequ", "")
    if not isinstance(data["bundle"], int) or data["bundle"] > FORMAT or version(made_by) > version(__version__):
        raise DataError(f"{path} 由较新的 shequ {made_by} 生成（本机为 {__version__}），请先升级 shequ 再汇总")
    if data["manifest"].get("hash") != content_hash(data):
        raise DataError(f"{path} 的校验值不符：生成后被改动过或已损坏，不能采用（请该单位重新运行 shequ bundle export）")
    for key in ("sections", "duties", "checklists"):
        if not isinstance(data.get(key), list):
            raise DataError(f"{path} 不是有效的报送文件（缺少 {key}）")
    if not isinstance(data.get("ledger"), dict):
        raise DataError(f"{path} 不是有效的报送文件（缺少 ledger）")
    return Bundle(path, data)


def load(args: list[str], period: Any) -> list[Bundle]:
    """Every bundle *args* name, each trusted, all of *period*, one per community."""
    paths = files(args)
    if not paths:
        raise UsageError(f"没有找到报送文件（文件夹中只读取 *{SUFFIX}）：{' '.join(args)}")
    bundles = [read(p) for p in paths]
    by_name: dict[str, Bundle] = {}
    for b in bundles:
        got = b.manifest.get("period")
        if got != period.label:
            raise DataError(f"{b.path} 是 {got} 的报送（{b.community}），不是 {period.label} 的，不能一起汇总")
        if b.community in by_name:
            raise DataError(f"{b.community} 有两份报送：{by_name[b.community].path} 和 {b.path}（请只保留一份）")
        by_name[b.community] = b
    return bundles
