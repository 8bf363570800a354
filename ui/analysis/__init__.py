"""Analysis dialogs of the desktop app: tornado, Monte Carlo, goal seek and the named solvers,
plus the charts and tables the scenario comparison shares with them. Every figure comes from
the planner (planner.sensitivity, montecarlo, goal_seek, solvers, compare); these modules only
choose, show and draw."""
from ui.analysis import pyside_fix

pyside_fix.apply()  # before any Qt call: PySide6 6.12 on Python 3.11 drops references to None and True
