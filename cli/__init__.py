"""Command-line plumbing behind run.py: config -> stack -> pipeline run."""
