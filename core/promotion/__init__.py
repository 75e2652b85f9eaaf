"""Promotion: one rule set for moving a model version to a stage, and its audit trail.

`rules.py` holds the rules and words every reason; `decide.py` is the automatic decision of a
training run, `check.py` the manual check of `run.py promote` and the dashboard; `audit.py`
records who moved which version where, and why; `stages.py` lists the stages and `versions.py`
resolves the version a user names.
"""
