"""simtoolkit: agent-based simulation of incentive systems for village cadres in China."""

__version__ = "0.1.0"
