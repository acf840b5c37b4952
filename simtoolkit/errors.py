"""Errors a user can fix: bad input files or options. The CLI prints them and exits with 2."""

from __future__ import annotations


class InputError(Exception):
    """Bad user input (file, row, column, option); `lines` are printed one per problem."""

    def __init__(self, lines: list[str] | str):
        self.lines = [lines] if isinstance(lines, str) else list(lines)
        super().__init__("\n".join(self.lines))
