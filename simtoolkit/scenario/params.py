"""Parameter values resolved for one year, with attribute access (``P.policy.pay.payer``)."""

from __future__ import annotations

from typing import Any


class Params:
    """A read-only tree of resolved values; groups are attributes, leaves are plain values."""

    __slots__ = ("_path", "_values", "_groups")

    def __init__(self, values: dict[str, Any], path: str = "", _groups: dict[str, "Params"] | None = None):
        object.__setattr__(self, "_values", values)
        object.__setattr__(self, "_path", path)
        if _groups is None:  # the root: every group path (proper prefix of a key), found once
            _groups = dict.fromkeys(k.rsplit(".", i)[0] for k in values for i in range(1, k.count(".") + 1))
        object.__setattr__(self, "_groups", _groups)

    def __reduce__(self):
        """Pickle by values and path (the group index is rebuilt), so cached params travel to workers."""
        return (Params, (self._values, self._path))

    def __getattr__(self, name: str) -> Any:
        key = f"{self._path}.{name}" if self._path else name
        if key in self._values:
            return self._values[key]
        if key in self._groups:
            child = self._groups[key]
            if child is None:  # made on first use and shared by every later lookup
                child = self._groups[key] = Params(self._values, key, self._groups)
            return child
        raise AttributeError(f"no parameter or active group {key!r}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("parameters are read-only; use Scenario.with_changes")

    def has(self, dotted: str) -> bool:
        """True when a parameter or an active group of that dotted path exists below here."""
        key = f"{self._path}.{dotted}" if self._path else dotted
        return key in self._values or key in self._groups

    def get(self, dotted: str, default: Any = None) -> Any:
        """The value at a dotted key below here, or `default` when absent."""
        key = f"{self._path}.{dotted}" if self._path else dotted
        return self._values.get(key, default)

    def __repr__(self) -> str:
        return f"Params({self._path or '<root>'})"
