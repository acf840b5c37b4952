"""Interactive tools for policy modellers: the ipywidgets dashboard and the agent inspector.

`Dashboard` and `Inspector` are imported on first use, so a worker process that imports
`simtoolkit.ui.ensemble` to run replications does not import ipywidgets.
"""

__all__ = ["Dashboard", "Inspector"]


def __getattr__(name: str):
    """`simtoolkit.ui.Dashboard` and `simtoolkit.ui.Inspector`, imported when first asked for."""
    if name == "Dashboard":
        from simtoolkit.ui.dashboard import Dashboard

        return Dashboard
    if name == "Inspector":
        from simtoolkit.ui.inspector import Inspector

        return Inspector
    raise AttributeError(f"module 'simtoolkit.ui' has no attribute {name!r}")
