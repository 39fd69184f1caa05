"""The team side of the window: who you are, the next document for you, others' changes as
they happen, conflicts, the review of annotators' versions and how far the annotators agree
(``ptcore.team`` and ``ptcore.agreement`` underneath)."""
