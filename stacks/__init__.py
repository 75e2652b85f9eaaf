"""The stack files (`*.yaml`) and the code that registers them as ZenML stacks."""
