"""Real servers for the `local-services` stack on 127.0.0.1: SeaweedFS S3, MLflow, ZenML.

`manager` starts them as a group and waits until healthy, stops them by PID and reports status;
one module per service holds its command line and health check. State (PIDs, ports, logs,
generated S3 keys, data) lives in `.state/services/` (git-ignored).
"""
