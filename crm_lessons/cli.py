"""The ``crm-lessons`` command.

Subcommands register themselves in :data:`COMMANDS` (name → (help, add_arguments, run)), so each
feature (exercises, navigation, reports, book, classroom mode) adds one entry without touching
the others. Errors a user can fix (``ValueError``, ``FileNotFoundError``) exit with code 2 and one
line on stderr; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from . import __version__

Runner = Callable[[argparse.Namespace], int | None]
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Runner]] = {}


def command(name: str, help: str):
    """Decorator: register ``add_arguments`` for a subcommand whose runner it returns."""

    def wrap(add_arguments):
        def register(run: Runner) -> Runner:
            COMMANDS[name] = (help, add_arguments, run)
            return run

        return register

    return wrap


# --- exercises ----------------------------------------------------------------------------------
def _exercises_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=["build"],
                   help="build: write exercises/ from solutions/ (exercises/zh/ from solutions/zh/ "
                        "when present) and the nbgrader cell metadata into solutions/")
    p.add_argument("--solutions", default="solutions", help="folder of *_solutions.ipynb")
    p.add_argument("--out", default="exercises", help="folder to write *_exercises.ipynb to")
    p.add_argument("--check", action="store_true",
                   help="write nothing; fail (exit 2) if exercises/ or the solutions' nbgrader "
                        "metadata is out of date")


@command("exercises", "build student exercise notebooks from the solution notebooks")(
    _exercises_args)
def _run_exercises(args: argparse.Namespace) -> int:
    from .exercises import build

    paths = build(args.solutions, args.out, check=args.check)
    verb = "up to date" if args.check else "written"
    for path in paths:
        print(f"{verb}: {path}")
    return 0


# --- nav ----------------------------------------------------------------------------------------
def _nav_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*",
                   help="notebooks (default: notebooks/, solutions/ and their zh/ editions)")
    p.add_argument("--check", action="store_true", help="write nothing; fail if any is stale")


@command("nav", "refresh the navigation line (prev | contents | next) of every notebook")(_nav_args)
def _run_nav(args: argparse.Namespace) -> int:
    from .navigation import refresh

    paths = args.paths or sorted(
        p for p in [*Path("notebooks").glob("*.ipynb"), *Path("solutions").glob("*.ipynb"),
                    *Path("notebooks/zh").glob("*.ipynb"), *Path("solutions/zh").glob("*.ipynb")]
        if not p.name.startswith("."))  # editors' and tools' temporary copies
    changed = refresh(paths, check=args.check)
    if args.check and changed:
        raise ValueError("navigation cells are stale in: " + ", ".join(changed)
                         + ". Run: crm-lessons nav")
    for path in changed:
        print(f"updated: {path}")
    if not changed:
        print(f"navigation up to date in {len(paths)} notebooks")
    return 0


def _load_plugins() -> None:
    """Import modules that register further subcommands (they may not exist yet)."""
    import importlib

    for module in ("crm_lessons.reports.cli", "crm_lessons.book", "crm_lessons.present"):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:  # only skip the plugin itself being absent
            if exc.name != module and not module.startswith(str(exc.name)):
                raise


def build_parser() -> argparse.ArgumentParser:
    _load_plugins()
    parser = argparse.ArgumentParser(
        prog="crm-lessons",
        description="Lessons and analysis tools for Customer Relationship Management (客户关系管理).",
    )
    parser.add_argument("--version", action="version", version=f"crm-lessons {__version__}")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks on errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, add_arguments, _run) in sorted(COMMANDS.items()):
        p = sub.add_parser(name, help=help_text, description=help_text)
        add_arguments(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    _help, _add, run = COMMANDS[args.command]
    try:
        return int(run(args) or 0)
    except (ValueError, FileNotFoundError, KeyError) as exc:
        if args.debug:
            raise
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"crm-lessons {args.command}: error: {message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("stopped.", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover - run the registered copy, not __main__'s
    from crm_lessons.cli import main as _main

    sys.exit(_main())
