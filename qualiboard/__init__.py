"""Qualiboard: Qualivilles quality indicators from municipal spreadsheets."""

__version__ = "0.1.0"
