"""The calculation core of the Funding for Growth Planner.

Pure finance: numpy, numpy-financial and pandas only. Every model module declares its inputs
once (`models.core.declare`) and computes every trial at once from arrays.
"""
