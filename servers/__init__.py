"""The servers the stacks need on 127.0.0.1, and the one process toolkit that runs them."""
