"""The demo projects' data files, shipped as package data (read with ``importlib.resources``).

``make_demo_data.py`` beside them wrote them: ``python ptcore/demo_data/make_demo_data.py``.
"""
