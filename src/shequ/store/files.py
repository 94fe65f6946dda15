"""Bytes on disk: deterministic JSON, atomic writes with fsync, owner-only modes, OS errors in Chinese.

Everything here is pure file handling; the store's other modules build on it.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator

from shequ.errors import StoreError

TMP_MARK = ".tmp-"
FILE_MODE = 0o600  # homes, exports and reports hold personal data: owner-only, always
DIR_MODE = 0o700
#: The folder of files kept with the data (evidence: photos, 签到表), named ``<hash>-<name>``.
ATTACHMENTS = "files"


def now_iso() -> str:
    """The local time with its offset, to the second (``2025-03-31T09:00:00+08:00``)."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def dumps(data: Any) -> bytes:
    """Deterministic, readable JSON: same data gives the same bytes (homes can live in git)."""
    import orjson

    return orjson.dumps(
        data,
        option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE,
        default=json_default,
    )


def dumps_shard(data: dict[str, dict[str, Any]], lines: dict[str, dict[str, bytes]] | None = None) -> bytes:
    """A shard file: the same tinydb layout as :func:`dumps`, one document per line.

    Indentation made up a quarter of a shard's bytes; without it 20 shards of a
    20k register parse ~10% faster and take less to write and fsync.  A
    document per line also keeps ``git diff`` (one changed line per changed
    document) and ``grep`` (a whole document) useful.  Keys are sorted as in
    :func:`dumps`, so the same data still gives the same bytes.  *lines*: a table's
    documents already made by :func:`doc_lines`.
    """
    import orjson

    tables = []
    for table in sorted(data):
        made = lines[table] if lines and table in lines else doc_lines(data[table])
        body = b",\n".join(orjson.dumps(key) + b": " + made[key] for key in sorted(made))
        tables.append(orjson.dumps(table) + b": {\n" + body + b"\n}")
    return b"{\n" + b",\n".join(tables) + b"\n}\n"


def doc_lines(docs: dict[str, Any]) -> dict[str, bytes]:
    """Each document's JSON as a shard writes it (keys sorted): made once, a spilled shard's
    documents also make their change-log lines from it (store/spill.py)."""
    import orjson

    opt = orjson.OPT_SORT_KEYS
    return {key: orjson.dumps(doc, option=opt, default=json_default) for key, doc in docs.items()}


def json_default(obj: Any) -> Any:
    """What orjson cannot write by itself: Decimals as strings, sets sorted, tuples as lists."""
    from decimal import Decimal

    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, (set, frozenset, tuple)):
        return sorted(obj) if isinstance(obj, (set, frozenset)) else list(obj)
    raise TypeError(f"无法保存的值类型：{type(obj).__name__}")


def loads(raw: bytes, name: str = "") -> Any:
    import orjson

    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise StoreError(f"数据文件已损坏：{name}（{exc}）；请从 backups/ 或版本库恢复") from None


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_all(fd: int, payload: bytes) -> None:
    """``os.write`` until every byte is written (a short write is not an error; ENOSPC is)."""
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view):]


def _private_temp(target: Path, folder: Path | None = None) -> tuple[Path, int]:
    """A new temp file beside *target* (or in *folder*), open for writing and owner-only whatever
    the umask (0o200 would have narrowed it): its path and descriptor."""
    tmp = (folder or target.parent) / f".{target.name}{TMP_MARK}{os.getpid()}-{os.urandom(4).hex()}"
    fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    return tmp, fd


def _not_a_folder(target: Path) -> None:
    """Refuse a target that is a folder before any byte is written."""
    import errno

    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))


def write_temp(target: Path, payload: bytes | Iterable[bytes], folder: Path | None = None, *,
               sync: bool = True) -> Path:
    """Write *payload* (bytes, or pieces of them) to a fsynced, owner-only temp file beside
    *target* (or in *folder*, on the same filesystem).  *sync* false: not fsynced, for a columnar copy, which every read
    checks against its shard (size, CRC-32) and makes again when it does not match — a copy a
    power cut left empty costs a rebuild, never data; a 200k import skips 200 fsyncs.

    The mode is always :data:`FILE_MODE`, whatever the umask and whatever the mode of the
    file being replaced: a roster exported over a 0666 file must not stay world-readable.
    A failed write removes the temp file.
    """
    tmp, fd = _private_temp(target, folder)
    try:
        for piece in [payload] if isinstance(payload, bytes) else payload:
            write_all(fd, piece)
        if sync:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return tmp


def atomic_write(target: Path, payload: bytes) -> None:
    """Replace *target* with *payload* so that readers see old or new bytes, never a mix.

    A target that is a folder is refused before any byte is written; if the rename fails
    the temp file is removed, so a failed write leaves nothing behind.
    """
    _not_a_folder(target)
    tmp = write_temp(target, payload)
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


@contextmanager
def atomic_stream(target: Path) -> Iterator[BinaryIO]:
    """A file to write *target* through, piece by piece, with :func:`atomic_write`'s guarantees:
    owner-only from its first byte, fsynced, renamed over *target* only when the block ends
    without an error (a failed write leaves nothing behind, not even the temp file)."""
    _not_a_folder(target)
    tmp, fd = _private_temp(target)
    try:
        with os.fdopen(fd, "w+b") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


def make_private_dirs(path: Path) -> None:
    """Create *path* and its missing parents, each owner-only (0700); existing folders are left alone."""
    missing = []
    while not path.exists() and path != path.parent:
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)


def copy_private(src: Path, dst: Path) -> None:
    """Copy a file so that the copy is owner-only from its first byte (a backup of the home)."""
    import shutil

    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        with open(src, "rb") as fin, os.fdopen(fd, "wb", closefd=False) as fout:
            shutil.copyfileobj(fin, fout)
            fout.flush()
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        dst.unlink(missing_ok=True)
        raise
    os.close(fd)
    st = os.stat(src)
    os.utime(dst, ns=(st.st_atime_ns, st.st_mtime_ns))  # as shutil.copy2 kept them, but not the mode


def os_reason(exc: OSError) -> str:
    """The usual reasons a write fails, in Chinese."""
    import errno

    reasons = {errno.ENOENT: "目录不存在", errno.EACCES: "没有权限", errno.EPERM: "没有权限",
               errno.ENOSPC: "磁盘空间已满", errno.EROFS: "只读文件系统", errno.EISDIR: "这是一个目录",
               errno.ENOTDIR: "路径中有一段不是目录", errno.EDQUOT: "超出磁盘配额", errno.EIO: "磁盘或设备读写出错",
               errno.ENAMETOOLONG: "文件名太长", errno.EEXIST: "已存在", errno.EMFILE: "打开的文件太多"}
    # Anything rarer: the system's name for it (ENXIO …), never its English sentence.
    return reasons.get(exc.errno or 0, f"系统错误 {errno.errorcode.get(exc.errno or 0, exc.errno)}")
