"""Excel in and out: the input template, the guarded import, and (in board_pack) the board pack.
Imports models, planner.project, planner.analysis, planner.charts, openpyxl, defusedxml; never the CLI.
"""
