"""Analysis over a project's runs: compare, sensitivity, Monte Carlo (draws, chunks, statistics),
goal seek and solvers. Imports models, planner.project and planner's shared modules; never Excel or the CLI.
"""
