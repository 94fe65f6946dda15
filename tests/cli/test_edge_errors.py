"""Errors from the machine, not the data — a folder that cannot be written, Ctrl-C, a declined
prompt — said as one Chinese line with the right exit status (issue 15)."""

from __future__ import annotations

import errno
import types
from pathlib import Path

import click

from shequ import hookimpl
from shequ.testing import runner


def test_init_where_no_folder_can_be_made_is_one_line(tmp_path):
    (tmp_path / "a-file").write_text("x")
    run = runner(tmp_path / "a-file" / "home")
    err = run("init", "--name", "幸福社区", code=1).stderr
    assert err.strip() == f"错误：无法读写 {tmp_path / 'a-file' / 'home'}：路径中有一段不是目录"


def test_init_on_a_read_only_file_system_is_one_line(tmp_path, monkeypatch):
    # Tests run as root, for whom chmod 0500 is no barrier: the file system's answer is simulated.
    def read_only(self, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    err = runner(tmp_path / "home")("init", code=1).stderr
    assert err.strip() == f"错误：无法读写 {tmp_path / 'home'}：只读文件系统"


def _plugin_with(fn) -> types.ModuleType:
    module = types.ModuleType("shequ_edge")

    def register(cli):
        cli.command(name="edge")(fn)

    module.shequ_register_commands = hookimpl(register)  # type: ignore[attr-defined]
    return module


def test_ctrl_c_inside_a_command_is_chinese_and_exit_130(tmp_path):
    def edge():
        raise KeyboardInterrupt

    done = runner(tmp_path / "h", _plugin_with(edge))("edge", code=130)
    assert done.stderr.strip() == "错误：已中断（Ctrl-C）；未完成的修改没有写入"
    assert "Aborted" not in done.output


def test_a_declined_confirmation_is_chinese(tmp_path):
    def edge():
        click.confirm("继续？", abort=True)

    done = runner(tmp_path / "h", _plugin_with(edge))("edge", code=1)
    assert done.stderr.strip().endswith("错误：已取消") and "Aborted" not in done.output
