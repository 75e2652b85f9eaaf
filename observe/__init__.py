"""Pipeline health metrics for Prometheus, read from ZenML's own records.

`records` holds plain run/step records and the metadata keys we read, `source` fills them from
the ZenML client, `families` and `model_families` turn them into Prometheus metric families,
`exporter` serves or dumps them with `prometheus_client`.
"""
