"""The manifest of a run: scenario files and hashes, every resolved parameter, seed, options, version."""

from __future__ import annotations

import hashlib
from typing import Any

from simtoolkit.version import __version__
from simtoolkit.scenario import Scenario


def file_hash(path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest(scenario: Scenario, **options: Any) -> dict:
    """Everything needed to reproduce a run; no timestamps, so equal runs give equal files."""
    return {
        "toolkit_version": __version__,
        "scenario_files": [{"path": str(p), "sha256": file_hash(p)} for p in scenario.files],
        "scenario_digest": scenario.digest,
        "changes": {k: v for k, v in scenario.changes.items()},
        "parameters": {k: scenario.values[k] for k in sorted(scenario.values)},
        **options,
    }
