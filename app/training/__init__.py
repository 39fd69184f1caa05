"""Training in the GUI: the worker thread, the train dock, the runs and evaluation views.

Nothing here imports torch at module level: the engine is imported inside worker threads,
so opening a project window stays fast.
"""
