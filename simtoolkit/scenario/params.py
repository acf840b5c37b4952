"""Parameter values resolved for one year, with attribute access (``P.policy.pay.payer``)."""

from __future__ import annotations

from typing import Any


class Params:
    """A read-only tree of resolved values; groups are attributes, leaves are plain values.

    The tree is built once: every group and leaf is an ordinary attribute, so the model's many
    lookups a month cost what a Python attribute costs, not a dictionary search per dot.
    """

    def __init__(self, values: dict[str, Any], path: str = ""):
        object.__setattr__(self, "_values", values)
        object.__setattr__(self, "_path", path)
        if not path:  # the root builds every node below it
            for key, value in values.items():
                *groups, leaf = key.split(".")
                node = self
                for name in groups:
                    node = node.__dict__.get(name) or node._child(name)
                node.__dict__[leaf] = value

    def _child(self, name: str) -> "Params":
        """A new group node under this one."""
        child = Params(self._values, f"{self._path}.{name}" if self._path else name)
        self.__dict__[name] = child
        return child

    def __reduce__(self):
        """Pickle the root by values (the tree is rebuilt), so cached params travel to workers."""
        return (_node, (self._values, self._path))

    def __getattr__(self, name: str) -> Any:
        """Only reached for names that are neither a parameter nor an active group."""
        if name.startswith("__"):
            raise AttributeError(name)
        key = f"{self._path}.{name}" if self._path else name
        raise AttributeError(f"no parameter or active group {key!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("parameters are read-only; use Scenario.with_changes")

    def has(self, dotted: str) -> bool:
        """True when a parameter or an active group of that dotted path exists below here."""
        node = self
        for name in dotted.split("."):
            if not isinstance(node, Params) or name not in node.__dict__:
                return False
            node = node.__dict__[name]
        return True

    def get(self, dotted: str, default: Any = None) -> Any:
        """The value at a dotted key below here, or `default` when absent."""
        key = f"{self._path}.{dotted}" if self._path else dotted
        return self._values.get(key, default)

    def __repr__(self) -> str:
        return f"Params({self._path or '<root>'})"


def _node(values: dict[str, Any], path: str) -> Params:
    """The node at `path` of a tree built from `values` (unpickling)."""
    node = Params(values)
    for name in filter(None, path.split(".")):
        node = node.__dict__[name]
    return node
