"""`planner export PROJECT OUT.xlsx [--scenarios A B ...] [--force]`: write the board pack.

Registered by planner.cli.excel. A project (.ffg) or a scenario file (.json, read as a project
with the Baseline only). A problem ends with exit code 2 and one "error: ..." line per problem.
"""

from __future__ import annotations

import argparse

from planner.cli.files import writable_target

SUFFIX = ".xlsx"


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser(
        "export",
        help="write the board pack: an Excel workbook of every scenario, with "
        "live formulas, charts, checks and the assumptions log",
    )
    export.add_argument("project", help="a project file (.ffg) or a scenario file (.json)")
    export.add_argument("target", help="the workbook to write (.xlsx)")
    export.add_argument(
        "--scenarios",
        nargs="+",
        metavar="NAME",
        help="the scenarios to include (default: all); the Baseline is always first",
    )
    export.add_argument("--force", action="store_true", help="replace the target if it exists")
    export.set_defaults(handler=export_command)


def export_command(args: argparse.Namespace) -> int:
    from planner.excel.board_pack.export import export_board_pack
    from planner.project.project_file import load_project

    target = writable_target(args.target, SUFFIX, args.force, "a board pack")
    project = load_project(args.project)
    pack = export_board_pack(project, target, args.scenarios)
    count = len(pack.scenarios)
    print(
        f"wrote {target}: {len(pack.sheets)} sheets, {count} scenario{'s' if count != 1 else ''} "
        f"(with the Baseline); input fingerprint {pack.fingerprint}"
    )
    return 0
