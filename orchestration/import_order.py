"""What a pipeline process imports before ZenML, so that a later lookup stays short.

skops (MLflow's safe model format, used when a model is registered) names each of
scipy.special's ~230 ufuncs, which carry no `__module__`, by scanning `sys.modules` in import
order until the module holding it. Imported after ZenML, MLflow and Evidently, scipy.special
sits behind thousands of modules, and importing skops in an uncached `make run` took 2.0 s,
1.5 s of it in those scans; imported first, each scan ends within a few hundred modules. The
names skops finds are the same either way (tests/unit/test_import_order.py). A pipeline
process imports scipy.special anyway (scikit-learn does), so this moves an import, it adds none.
"""

from __future__ import annotations


def import_scipy_special_first() -> None:
    """Import scipy.special now; call it before ZenML is imported to have any effect."""
    import scipy.special  # noqa: F401
