"""Test isolation: no test sees the user's HOME, config, Argos packages or the network.

Argos reads its settings at import time, so the environment is set here, before any test
module imports `argostranslate`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

_SANDBOX = Path(tempfile.mkdtemp(prefix="parallax-tests-home-"))
for _name, _sub in (
    ("HOME", "home"),
    ("XDG_DATA_HOME", "home/.local/share"),
    ("XDG_CONFIG_HOME", "home/.config"),
    ("XDG_CACHE_HOME", "home/.cache"),
    ("ARGOS_PACKAGES_DIR", "argos-packages"),
):
    (_SANDBOX / _sub).mkdir(parents=True, exist_ok=True)
    os.environ[_name] = str(_SANDBOX / _sub)
os.environ.pop("PARALLAX_WORKSPACE", None)
os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"  # never the internet
os.environ["PARALLAX_ARGOS_INDEX"] = "http://127.0.0.1:9/index.json"
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

import pytest  # noqa: E402

from workspace.store.workspace import Workspace, init_workspace  # noqa: E402

DATA = Path(__file__).parent / "data"


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    workspace = init_workspace(tmp_path / "ws")
    yield workspace
    workspace.close()


@pytest.fixture
def data_dir() -> Path:
    return DATA
