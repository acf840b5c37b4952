"""Interactive tools for policy modellers: the ipywidgets dashboard and the agent inspector."""

from simtoolkit.ui.dashboard import Dashboard
from simtoolkit.ui.inspector import Inspector

__all__ = ["Dashboard", "Inspector"]
