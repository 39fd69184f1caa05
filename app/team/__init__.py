"""The team side of the window: who you are, the next document for you, others' changes as
they happen, conflicts, and the review of annotators' versions (``ptcore.team`` underneath)."""
