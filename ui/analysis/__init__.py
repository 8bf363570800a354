"""Analysis dialogs of the desktop app: tornado, Monte Carlo, goal seek and the named solvers,
plus the charts and tables the scenario comparison shares with them. Every figure comes from
the planner (planner.analysis.sensitivity, montecarlo, goal_seek, solvers, compare); these modules only
choose, show and draw."""
