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


# -- tiny real translation models, built once per session -----------------------------------


@pytest.fixture(scope="session")
def model_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Tiny real packages: ru→en, en→ru (Argos pairs) and an NLLB-shaped kk/ru/en model."""
    from workspace.translate.toymodel import build_model_dir, build_package

    out = tmp_path_factory.mktemp("models")
    return {
        "ru-en": build_package(out, from_code="ru", to_code="en"),
        "en-ru": build_package(out, from_code="en", to_code="ru"),
        "nllb": build_package(out, family="nllb"),
        "nllb-dir": build_model_dir(out / "ct2"),
    }


@pytest.fixture(scope="session")
def argos_ru_en(model_files: dict[str, Path]):
    """The ru→en package installed by Argos' own installer into the session's package dir."""
    from argostranslate import package

    package.install_from_path(model_files["ru-en"])
    from workspace.translate.packages import list_installed

    return next(m for m in list_installed() if m.code == "translate-ru_en")


@pytest.fixture
def local_ws(tmp_path: Path) -> Workspace:
    """A workspace that keeps its own models (so tests can install and remove freely)."""
    workspace = init_workspace(tmp_path / "ws", local_models=True)
    yield workspace
    workspace.close()


def add_text(ws: Workspace, story: str, text: str, outlet: str, language: str = "auto") -> str:
    """Add an article from a string; return its id."""
    import tempfile as _tempfile

    from workspace.ingest.add import add_article

    with _tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write(text)
    try:
        return add_article(ws, f.name, story=story, outlet=outlet, language=language).article.id
    finally:
        os.unlink(f.name)
