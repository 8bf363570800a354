"""`planner template` and `planner import` (registered by planner.cli.main), and the board pack's export.

    planner template OUT.xlsx [--project FILE] [--model KEY ...] [--force]
    planner import IN.xlsx OUT.ffg [--force]

A problem ends with exit code 2 and one "error: ..." line per problem, each naming the file,
sheet and cell (planner.cli.main prints them); a warning (links to other workbooks, ignored) is
printed as "warning: ..." and the import goes on. Nothing is written unless all went well.
"""

from __future__ import annotations

import argparse
import sys

from planner.cli.export import register as register_board_pack_command
from planner.cli.files import writable_target
from planner.errors import PlannerError

WORKBOOK_SUFFIX = ".xlsx"
PROJECT_SUFFIX = ".ffg"


def register_excel_commands(subparsers: argparse._SubParsersAction) -> None:
    """Add `template` and `import`, and `export` from planner.cli.export when it is there."""
    from planner.registry import model_keys

    tpl = subparsers.add_parser(
        "template", help="write an input workbook: a project's inputs, or each model's defaults"
    )
    tpl.add_argument("target", help="the workbook to write (.xlsx)")
    tpl.add_argument("--project", metavar="FILE", help="a project (.ffg) or scenario file (.json) to fill it from")
    tpl.add_argument(
        "--model",
        action="append",
        choices=model_keys(),
        metavar="KEY",
        help=f"without --project: only these models (repeat; default all: {', '.join(model_keys())})",
    )
    tpl.add_argument("--force", action="store_true", help="replace the target if it exists")
    tpl.set_defaults(handler=_template)
    imp = subparsers.add_parser("import", help="read an input workbook into a new project file")
    imp.add_argument("source", help="the input workbook (.xlsx)")
    imp.add_argument("target", help="the project file to write (.ffg)")
    imp.add_argument("--force", action="store_true", help="replace the target if it exists")
    imp.set_defaults(handler=_import)
    register_board_pack_command(subparsers)


def _template(args: argparse.Namespace) -> int:
    from planner.excel.template import write_template

    target = writable_target(args.target, WORKBOOK_SUFFIX, args.force)
    if args.project and args.model:
        raise PlannerError(
            "--model chooses models for a template without a project; with --project the "
            "template holds the project's runs"
        )
    project = None
    if args.project:
        from planner.project.project_file import load_project

        project = load_project(args.project)
    write_template(target, project, args.model)
    what = f"the inputs of {args.project}" if project else f"the defaults of {', '.join(args.model or ['every model'])}"
    print(f"wrote {target}: {what}")
    return 0


def _import(args: argparse.Namespace) -> int:
    from planner.excel.workbook_import import read_workbook
    from planner.project.project_file import save_project

    target = writable_target(args.target, PROJECT_SUFFIX, args.force)
    imported = read_workbook(args.source)
    for message in imported.warnings:
        print(f"warning: {message}", file=sys.stderr)
    project = imported.project
    save_project(project, target)
    print(
        f"wrote {target}: {len(project.runs)} run{'s' if len(project.runs) != 1 else ''}, "
        f"{len(project.scenarios)} scenario{'s' if len(project.scenarios) != 1 else ''}"
    )
    return 0
