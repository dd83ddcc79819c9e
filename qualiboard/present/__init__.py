"""Presentation helpers that never import Streamlit: safe text for Markdown and HTML."""
