"""The online inference service: a ZenML pipeline deployment of the production model.

`model_cache` keeps the model version of a stage loaded and follows promotions, `endpoints`
are the HTTP routes added to ZenML's deployment app (`/predict`, Prometheus `/metrics`),
`deploy` deploys, describes and stops the service on the active stack's deployer.
"""
