"""The project a user owns: runs, scenarios as changes to a baseline, the assumptions log, the
project and scenario files, migrations and atomic saves. Imports models and planner's shared modules.
"""
