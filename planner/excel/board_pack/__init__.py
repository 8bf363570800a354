"""The board pack: cover, summary, a sheet per run with live formulas and native charts,
checks and the assumptions log. Imports what planner.excel may.
"""
