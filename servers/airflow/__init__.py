"""A real local Airflow 3 for the `airflow` stack: its own venv, three processes, REST client.

`home.AirflowHome` holds paths, port and environment; `venv` creates Airflow's virtualenv;
`server` starts/stops/checks api-server, scheduler and dag-processor by PID; `rest` talks
to the api-server (token auth, trigger a DAG run, wait for it).
"""
