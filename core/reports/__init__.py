"""Readable HTML reports for the dashboard: plain HTML, inline CSS and inline SVG, no scripts."""
