"""The `planner` command: batch runs, analysis, Excel in and out, without a screen.
Imports everything in planner; nothing imports it.
"""
