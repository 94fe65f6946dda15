"""Helpers for testing shequ and its plugins.

``check_plugin(module)`` runs the plugin contract (DESIGN §3) and returns
readable problems, an empty list when the plugin is fine.  Every plugin's
test suite calls it::

    def test_contract():
        import shequ_hello
        from shequ.testing import check_plugin
        assert check_plugin(shequ_hello) == []

``runner(home, *plugins)`` gives a CLI with the core and those plugins;
``check_outputs`` holds commands to the output contract; ``install_alone``
installs the core and one plugin in a fresh venv; ``build_wheels`` builds wheels with no network;
``demo_home`` makes a small home to try things on; ``log_matches_data`` asserts that the change
log replays to the home's documents.
"""

from __future__ import annotations

from shequ.testing.contract import (HEAVY_MODULES, PRIVATE_ATTRIBUTES, boundary_problems, check_category_members,
                                    check_plugin, heavy_imports)
from shequ.testing.outputs import Case, check_outputs, command_paths
from shequ.testing.runners import build_wheels, demo_home, dependency_wheelhouse, install_alone, log_matches_data, runner

__all__ = [
    "HEAVY_MODULES", "PRIVATE_ATTRIBUTES", "Case", "boundary_problems", "build_wheels", "check_category_members", "check_outputs",
    "check_plugin", "command_paths", "demo_home", "dependency_wheelhouse", "heavy_imports", "install_alone", "log_matches_data", "runner",
]
