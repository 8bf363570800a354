"""The Funding for Growth Planner without a screen: scenarios, files, Excel, analysis, the CLI."""

__version__ = "0.1.0"
