"""What each model's charts show (titles, series, reference levels, dated markers), as plain data
read by both the app (pyqtgraph) and the board pack (native Excel charts). Imports models only.
"""
