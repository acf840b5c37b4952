"""Errors a user can fix: bad input files or options. The CLI prints them and exits with 2."""

from __future__ import annotations


class RunLost(Exception):
    """A run that cannot go on (its Dask cluster lost every worker): finished replications are kept; exit 1."""

    def __init__(self, reason: str, done: int, total: int, out=None):
        self.reason, self.done, self.total, self.out = reason, done, total, out
        super().__init__(reason)

    def line(self) -> str:
        """One line: why, what is kept, how to go on."""
        if self.out is None:
            return f"{self.reason}; stopped after {self.done} of {self.total} replications (nothing kept: no --out)"
        return (f"{self.reason}; stopped after {self.done} of {self.total} replications, which are kept in "
                f"{self.out}/runs; start workers and run the same command again to finish the rest")


class InputError(Exception):
    """Bad user input (file, row, column, option); `lines` are printed one per problem."""

    def __init__(self, lines: list[str] | str):
        self.lines = [lines] if isinstance(lines, str) else list(lines)
        super().__init__("\n".join(self.lines))
