"""Base-model folders: registering, checking and switching them, and the fit check's view."""
