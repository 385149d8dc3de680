"""The `parallax` command: each command parses arguments, calls one core function, prints."""

from __future__ import annotations

import sys

from workspace.cli.app import app


def main(argv: list[str] | None = None) -> None:
    """Console entry point: user mistakes become one line on stderr, never a traceback."""
    from workspace import ParallaxError

    args = _fill_optional_values(sys.argv[1:] if argv is None else argv)
    try:
        # Outside standalone mode Typer returns exit codes (typer.Exit, 130 for Ctrl-C).
        code = app(args=args, prog_name="parallax", standalone_mode=False)
    except ParallaxError as exc:
        print(f"parallax: error: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("parallax: interrupted", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # click's usage errors come through here in non-standalone mode
        import click

        if isinstance(exc, click.exceptions.Abort):
            print("parallax: aborted", file=sys.stderr)
            sys.exit(130)
        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
    if isinstance(code, int) and code != 0:
        if code == 130:
            print(
                "parallax: interrupted; finished work is kept, rerun to continue", file=sys.stderr
            )
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
