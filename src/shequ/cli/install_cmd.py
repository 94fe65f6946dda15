"""``shequ install`` / ``shequ uninstall``: plugins into and out of shequ's own environment."""

from __future__ import annotations

import click

from shequ.cli.options import app, say


@click.command(name="install")
@click.argument("names", nargs=-1, metavar="NAME…")
@click.option("--from", "wheelhouse", metavar="DIR", help="只从这个 wheel 目录安装，不联网（make wheelhouse 生成的目录）")
@click.option("-e", "--editable", multiple=True, metavar="PATH", help="以开发模式安装插件源码目录（可多次）")
@click.option("-U", "--upgrade", is_flag=True, help="已安装的也升级到能找到的最新版本")
@click.option("--force-reinstall", is_flag=True, help="即使版本相同也重新安装（如重新打包的 wheel）")
@click.option("-v", "--verbose", is_flag=True, help="显示 pip 的全部输出")
def install_cmd(names: tuple[str, ...], wheelhouse: str | None, editable: tuple[str, ...], upgrade: bool,
                force_reinstall: bool, verbose: bool) -> None:
    """把插件安装到 shequ 所在的 Python 环境（pipx 环境、venv……），用的是该环境的 pip。

    NAME 可以是发行包名（shequ-dangjian）、短名（dangjian）、中文名（党建）、
    本地目录（./shequ-kepu，须带 / 或以 . 开头）或 wheel 文件；可以带版本范围（"dangjian>=0.2"）。
    安装插件不会改动 shequ 本身；装好后显示插件的命令和所支持的插件 API，
    不支持本机插件 API 的插件会被指出（它不会被加载）。

    \b
    例：
      shequ install shequ-dangjian                     # 从软件包索引
      shequ install 党建 普法 --from /media/u盘/wheelhouse  # 离线：只用该目录中的 wheel
      shequ install ./dist/shequ_kepu-0.1.0-py3-none-any.whl
      shequ install -e ./shequ-wenti                   # 自己写的插件，开发模式
      shequ install --upgrade shequ --from wheelhouse  # 升级 shequ 本身，之后运行 shequ init
    """
    from shequ.plugin.installer import install

    if not names and not editable:
        raise click.UsageError("请给出要安装的插件，如 shequ install shequ-dangjian")
    for line in install(names, editable=editable, wheelhouse=wheelhouse, upgrade=upgrade, force=force_reinstall,
                        verbose=verbose, announce=say):
        say(line)


@click.command(name="uninstall")
@click.argument("names", nargs=-1, required=True, metavar="NAME…")
@click.option("-v", "--verbose", is_flag=True, help="显示 pip 的全部输出")
def uninstall_cmd(names: tuple[str, ...], verbose: bool) -> None:
    """从 shequ 所在的环境卸载插件。

    NAME 可以是插件名（dangjian）、中文别名（党建）或发行包名（shequ-dangjian）。
    不会卸载 shequ 本身和它依赖的包；插件写入数据目录的数据都保留。

    \b
    例：
      shequ uninstall 党建
      shequ uninstall shequ-kepu shequ-huanbao
    """
    from shequ.plugin.installer import uninstall

    a = app()
    plugins = {name: info.dist for name, info in a.pm.infos.items() if not info.default and info.dist}
    root = click.get_current_context().find_root().command
    aliases = {alias: getattr(root, "owners", {}).get(cmd, cmd) for alias, cmd in getattr(root, "aliases", {}).items()}
    for line in uninstall(names, plugins, aliases, verbose=verbose):
        say(line)
