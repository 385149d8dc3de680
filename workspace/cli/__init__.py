"""The `parallax` command: each command parses arguments, calls one core function, prints."""

from __future__ import annotations

import io
import sys
from typing import Any, NoReturn

from workspace.cli.app import app


def main(argv: list[str] | None = None) -> None:
    """Console entry point: user mistakes become one line on stderr, never a traceback.

    With `--json`, an error is also printed on stdout as `{"error": "..."}`, so a script
    reading stdout always gets JSON.
    """
    from workspace import ParallaxError
    from workspace.store.db import user_error

    args = _fill_optional_values(sys.argv[1:] if argv is None else list(argv))
    wants_json = "--json" in args
    try:
        # Outside standalone mode Typer returns exit codes (typer.Exit, 130 for Ctrl-C).
        code = app(args=args, prog_name="parallax", standalone_mode=False)
    except ParallaxError as exc:
        _fail(str(exc), wants_json)
    except KeyboardInterrupt:
        _fail("interrupted", wants_json, prefix="parallax: ", code=130)
    except SystemExit:
        raise
    except Exception as exc:  # click's usage errors come through here in non-standalone mode
        if _is(exc, "Abort"):
            _fail("aborted", wants_json, prefix="parallax: ", code=130)
        if _is(exc, "ClickException"):
            _fail_click(exc, wants_json)
        message = user_error(exc)
        if message is None:
            raise
        _fail(message, wants_json)
    if isinstance(code, int) and code != 0:
        if code == 130:
            _print_err("parallax: interrupted; finished work is kept, rerun to continue")
        sys.exit(code)


# Options whose value may be left out, and what they mean then (Typer's parser always wants
# one): `translate --ray` starts Ray on this machine, `--ray ADDRESS` joins a cluster.
OPTIONAL_VALUES = {"--ray": "local"}


def _fill_optional_values(args: list[str]) -> list[str]:
    filled = []
    for index, arg in enumerate(args):
        filled.append(arg)
        following = args[index + 1] if index + 1 < len(args) else None
        if arg in OPTIONAL_VALUES and (following is None or following.startswith("-")):
            filled.append(OPTIONAL_VALUES[arg])
    return filled


def _is(exc: BaseException, class_name: str) -> bool:
    """Whether `exc` is click's `class_name`, from click itself or the copy Typer vendors."""
    return any(cls.__name__ == class_name for cls in type(exc).__mro__)


def _print_err(line: str) -> None:
    from workspace.cli.context import print_lines

    print_lines([line])


def _fail(
    message: str, wants_json: bool, *, prefix: str = "parallax: error: ", code: int = 1
) -> NoReturn:
    from workspace.cli.context import print_json

    if wants_json:
        print_json({"error": message})
    _print_err(prefix + message)
    sys.exit(code)


def _fail_click(exc: Any, wants_json: bool) -> NoReturn:
    from workspace.cli.context import print_json, print_lines

    if wants_json:
        print_json({"error": exc.format_message()})
    buffer = io.StringIO()
    exc.show(file=buffer)
    print_lines(buffer.getvalue().splitlines())
    sys.exit(exc.exit_code)
