"""Errors the planner reports to a user: each names the file and where in it."""

from __future__ import annotations


class PlannerError(Exception):
    """A problem a user can fix; `problems` holds one message per problem."""

    def __init__(self, problems: list[str] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


class FileFormatError(PlannerError):
    """A file that cannot be read as what it claims to be."""
