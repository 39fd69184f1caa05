"""What every window leans on: background work, user messages, the log, settings,
remembered folders and the platform check."""
