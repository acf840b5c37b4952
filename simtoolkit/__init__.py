"""simtoolkit: agent-based simulation of incentive systems for village cadres in China."""

from simtoolkit.version import __version__

__all__ = ["__version__", "as_function"]


def as_function(*args, **kwargs):
    """The model as a picklable function of some parameters (see `simtoolkit.adapters.function.as_function`)."""
    from simtoolkit.adapters.function import as_function as build

    return build(*args, **kwargs)
