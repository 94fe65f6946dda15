"""The ``shequ`` command line: built by ``build_cli(pm)``, never at import time.

Only click and pluggy are imported at start-up; command modules import
their heavy helpers inside the callbacks.  Expected errors (``ShequError``)
become one Chinese line on stderr and exit 1 (data) or 2 (usage).
"""

from __future__ import annotations

import errno
import os
import sys
from functools import cached_property
from typing import TYPE_CHECKING, Any

import click

from shequ.cli.zh import ChineseHelpFormatter, ChineseUsageError, _chinese, printable
from shequ.errors import ShequError

if TYPE_CHECKING:  # pragma: no cover
    from datetime import date

    from shequ.plugin.manager import ShequPluginManager
    from shequ.context import PluginContext
    from shequ.plugin.registry import Registry
    from shequ.store import Home, Session

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class CliError(click.ClickException):
    """A ``ShequError`` on its way out: details first, then ``错误：…``."""

    def __init__(self, error: ShequError) -> None:
        super().__init__(error.message)
        self.exit_code = error.exit_code
        self.details = error.details

    def show(self, file: Any = None) -> None:
        out = file or sys.stderr
        for line in self.details:
            click.echo(f"  {printable(line)}", file=out, err=file is None)
        click.echo(f"错误：{printable(self.message)}", file=out, err=file is None)


class Interrupted(click.ClickException):
    """Ctrl-C: one Chinese line and exit 130 (the shell's 128 + SIGINT), not click's ``Aborted!``."""

    exit_code = 130

    def __init__(self) -> None:
        super().__init__("已中断（Ctrl-C）；未完成的修改没有写入")

    def show(self, file: Any = None) -> None:
        click.echo(f"\n错误：{self.message}", file=file or sys.stderr)


def os_error(exc: OSError) -> CliError:
    """A failed read or write (a full disk, a read-only folder, stdout to ``/dev/full``) as one line."""
    from shequ.errors import DataError
    from shequ.store import os_reason

    where = exc.filename if exc.filename is not None else None
    if where is None:
        return CliError(DataError(f"读写失败：{os_reason(exc)}"))
    return CliError(DataError(f"无法读写 {where}：{os_reason(exc)}"))


#: Parameters whose absence means a default (this year, today, this month): given as "" they
#: are a mistake (an empty shell variable), never the default; and ``--year`` is a year the
#: calendar can answer for.
_DEFAULTED = ("PERIOD", "DATE", "MONTH", "YYYY-MM", "HH:MM")


def _refuse_blank(cmd: click.Command | None) -> click.Command | None:
    """Make ``--period ""`` (and ``--date ""``, ``calendar month ""`` …) a usage error on *cmd*
    (and, for a plain click group of a plugin, on its commands): checked once per command, when
    it is looked up, so ``shequ --help`` walks nothing."""
    if cmd is None or getattr(cmd, "_shequ_refuses_blank", False):
        return cmd
    cmd._shequ_refuses_blank = True  # type: ignore[attr-defined]
    for param in cmd.params:
        if param.name == "period" or any(word in (param.metavar or "") for word in _DEFAULTED):
            param.callback = _not_blank(param.callback)
        elif param.name == "year" and isinstance(param.type, click.types.IntParamType):
            param.callback = _a_year(param.callback)
    if isinstance(cmd, click.Group) and not isinstance(cmd, ShequGroup):
        for sub in cmd.commands.values():
            _refuse_blank(sub)
    return cmd


def _not_blank(then: Any) -> Any:
    def check(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if isinstance(value, str) and not value.strip() and ctx.get_parameter_source(param.name or "") not in (
                click.core.ParameterSource.DEFAULT, click.core.ParameterSource.DEFAULT_MAP):
            raise click.BadParameter("不能为空（不写这一项即为默认值）", ctx=ctx, param=param)
        return then(ctx, param, value) if then is not None else value

    return check


def _a_year(then: Any) -> Any:
    """``--year 0`` is not "this year", and ``--year 99999`` is not a traceback."""
    def check(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if isinstance(value, int):
            from shequ.calendar.festivals import YEARS

            if not YEARS[0] <= value <= YEARS[1]:
                raise click.BadParameter(f"年份应在 {YEARS[0]}–{YEARS[1]} 之间：{value}", ctx=ctx, param=param)
        return then(ctx, param, value) if then is not None else value

    return check


class ShequGroup(click.Group):
    """A click group that speaks Chinese on errors, knows aliases and refuses name clashes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.aliases: dict[str, str] = {}
        self.owners: dict[str, str] = {}
        #: Set by build_cli while a plugin's shequ_register_commands runs.
        self.current_plugin: str | None = None
        self.pm: ShequPluginManager | None = None

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        name = name or cmd.name
        owner = self.current_plugin or "shequ"
        if name in self.commands or name in self.aliases:
            first = self.owners.get(name) or self.owners.get(self.aliases.get(name, ""), "shequ")
            message = f"命令名冲突：“{name}”已由插件 {first} 注册，插件 {owner} 又注册了它（已忽略后者）"
            if self.pm is not None:
                self.pm.problem(owner, message)
                return
            raise click.ClickException(message)
        super().add_command(cmd, name)
        if name is not None:
            self.owners[name] = owner

    def add_alias(self, alias: str, name: str) -> None:
        """``shequ 党建`` for ``shequ dangjian``: resolved, not listed twice in --help."""
        if alias in self.commands or alias in self.aliases:
            owner = self.current_plugin or "shequ"
            first = self.owners.get(alias) or self.owners.get(self.aliases.get(alias, ""), "shequ")
            message = f"别名冲突：“{alias}”已由插件 {first} 使用，插件 {owner} 又把它用作 {name} 的别名（已忽略后者）"
            if self.pm is not None:
                self.pm.problem(owner, message)
                return
            raise click.ClickException(message)
        self.aliases[alias] = name

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return _refuse_blank(super().get_command(ctx, self.aliases.get(cmd_name, cmd_name)))

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[Any]:
        """Tab offers the aliases too (``shequ 日`` → ``日历``); see :mod:`shequ.cli.completion`."""
        from shequ.cli.completion import aliases

        return super().shell_complete(ctx, incomplete) + aliases(self, incomplete)

    def _main_shell_completion(self, *args: Any, **kwargs: Any) -> None:
        try:  # a plugin's broken command completes nothing: no traceback on the user's command line
            super()._main_shell_completion(*args, **kwargs)
        except Exception:
            sys.exit(1)

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        try:
            return super().make_context(*args, **kwargs)
        except click.UsageError as exc:
            if isinstance(exc, ChineseUsageError):
                raise
            raise _chinese(exc) from None
        except KeyboardInterrupt:
            raise Interrupted() from None
        except OSError as exc:  # --help or --version to a full disk
            if exc.errno == errno.EPIPE:
                raise
            raise os_error(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ShequError as exc:
            raise CliError(exc) from None
        except click.UsageError as exc:
            if isinstance(exc, ChineseUsageError):
                raise
            raise _chinese(exc) from None
        except KeyboardInterrupt:
            raise Interrupted() from None
        except click.exceptions.Abort:  # a plugin's click.confirm answered "no"
            from shequ.errors import DataError

            raise CliError(DataError("已取消")) from None
        except OSError as exc:
            if exc.errno == errno.EPIPE:  # `shequ … | head`: click ends quietly
                raise
            raise os_error(exc) from None

    def group(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", ShequGroup)
        return super().group(*args, **kwargs)


class LazyGroup(ShequGroup):
    """A group whose subcommands are imported only when the group itself is used.

    ``shequ --help`` needs only the group's name and one-line help; the
    module with its commands (and their option decorators) loads on
    ``shequ record …``.  Plugins with big command trees can use it too::

        cli.add_command(LazyGroup("pufa", "shequ_pufa.cli:pufa", help="普法……"))
    """

    def __init__(self, name: str, target: str, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self._target = target
        self._real: click.Group | None = None

    def real(self) -> click.Group:
        if self._real is None:
            import importlib

            module, _, attr = self._target.partition(":")
            self._real = getattr(importlib.import_module(module), attr)
            self.params = self._real.params
            self.commands = self._real.commands  # click's "did you mean" looks here
            self.callback = self._real.callback
            self.help = self._real.help
        return self._real

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self.real().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return _refuse_blank(self.real().get_command(ctx, cmd_name))

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        self.real()
        return super().make_context(*args, **kwargs)


class App:
    """Per-invocation state on ``ctx.obj``: plugins, registry, home, today."""

    def __init__(self, pm: "ShequPluginManager", home: str | None = None) -> None:
        self.pm = pm
        self.home_option = home
        #: Set once this command has logged a ``--reveal`` (so it is logged once).
        self.reveal_logged = False

    @cached_property
    def home(self) -> "Home":
        from shequ.store import Home, resolve_home

        return Home(resolve_home(self.home_option))

    @cached_property
    def registry(self) -> "Registry":
        from shequ.plugin.registry import build_registry

        return build_registry(self.pm)

    @cached_property
    def today(self) -> "date":
        """``SHEQU_TODAY`` pins "today" for reproducible demos, cron rehearsals and tests."""
        raw = os.environ.get("SHEQU_TODAY")
        if raw:
            from shequ.periods import parse_date

            return parse_date(raw)
        from datetime import date

        return date.today()

    def context(self, session: "Session") -> "PluginContext":
        from shequ.context import PluginContext

        return PluginContext(session, self.pm, self.registry, self.today, home=self.home.path)


def build_cli(pm: "ShequPluginManager") -> ShequGroup:
    """Assemble the ``shequ`` group from every plugin's ``shequ_register_commands``."""
    from shequ import API_VERSION, __version__

    @click.group(cls=ShequGroup, context_settings=CONTEXT_SETTINGS)
    @click.option(
        "--home",
        metavar="PATH",
        help="社区数据目录（默认取环境变量 SHEQU_HOME，否则为系统数据目录下的 shequ）",
    )
    @click.version_option(__version__, "-V", "--version", prog_name="shequ", message=f"%(prog)s %(version)s（插件 API {API_VERSION}）")
    @click.pass_context
    def cli(ctx: click.Context, home: str | None) -> None:
        """shequ（社区）：社区/村/街道年度工作的命令行工具。

        \b
        人员花名册、活动日历、创建清单、经费台账、各类记录与报告；
        各条线（党建、普法、妇联……）以插件形式安装。

        \b
        快速开始：
          shequ init --name 幸福社区          # 建立数据目录
          shequ plugins                        # 已安装的插件
          shequ record types                   # 可用的记录类型
          shequ log                            # 修改记录（可 shequ undo 撤销）
        """
        ctx.obj = App(pm, home)

    cli.pm = pm
    # Every context (plugins' plain click commands too) formats help in Chinese.
    click.Context.formatter_class = ChineseHelpFormatter
    _run_hooks(cli, pm)
    if cli.aliases:
        by_name: dict[str, list[str]] = {}
        for alias, name in cli.aliases.items():
            by_name.setdefault(name, []).append(alias)
        # \b keeps click from re-wrapping the lines.
        cli.epilog = "\b\n别名：\n" + "\n".join(f"  {name}：{'、'.join(sorted(a))}" for name, a in sorted(by_name.items()))
    return cli


def _run_hooks(cli: ShequGroup, pm: "ShequPluginManager") -> None:
    """Call each plugin's ``shequ_register_commands`` on its own, in registration order.

    Setting ``current_plugin`` around each call lets ``add_command`` name both
    plugins of a clash; an exception in one plugin leaves the others working.
    """
    caller = pm.hook.shequ_register_commands
    for impl in caller.get_hookimpls():
        cli.current_plugin = pm.get_name(impl.plugin) or impl.plugin_name
        try:
            impl.function(cli=cli)
        except Exception as exc:  # a plugin's bug must not take the CLI down
            pm.problem(cli.current_plugin, f"插件 {cli.current_plugin} 注册命令时出错：{type(exc).__name__}: {exc}")
        finally:
            cli.current_plugin = None


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    import gc

    from shequ.plugin.manager import get_plugin_manager

    # One command is one short process whose data are trees (no reference cycles)
    # of up to a few hundred thousand dicts; the cycle collector re-scanning them
    # over and over cost ~10% of a 20k-resident report.  Memory is returned at exit.
    gc.disable()

    try:
        pm = get_plugin_manager()
        cli = build_cli(pm)
        cli.main(args=argv, prog_name="shequ")
        code: Any = 0
    except SystemExit as exc:  # click's standalone mode always ends here
        code = exc.code
    except KeyboardInterrupt:  # while the plugins load, before click has the command
        Interrupted().show()
        code = Interrupted.exit_code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    # Every write is committed (fsync + rename) before we get here, so skip the
    # interpreter's teardown: freeing a 20k-resident heap costs ~20 ms a command.
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    except OSError as exc:  # the answer never reached stdout (a full disk, /dev/full)
        if not code:
            os_error(exc).show()
            code = 1
    try:
        sys.stderr.flush()
    except OSError:
        pass
    os._exit(code)
