"""`webhook` alerter flavor: posts JSON alerts to any URL (generic, Slack, Discord, Teams)."""
