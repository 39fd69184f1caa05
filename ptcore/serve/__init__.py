"""``ptcore serve``: a trained model behind a local HTTP server (Starlette on uvicorn), with a
JSON ``/predict`` of its own and Label Studio's ML-backend protocol (``label_studio.py``)."""
