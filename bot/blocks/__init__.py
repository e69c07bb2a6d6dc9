"""Pure Block Kit builders: data in, `slack_sdk.models` out. No I/O, no clock."""
