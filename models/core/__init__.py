"""The framework every model shares: input declarations and their validation, results and checks,
finance helpers, the financial-year timeline. Imports numpy, numpy-financial, pandas and nothing else of ours.
"""
