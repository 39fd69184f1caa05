"""CLI commands that take a trained model out of the app: ``serve`` and ``export-model``."""

from __future__ import annotations

import argparse
from pathlib import Path

from ptcore.serve.limits import DEFAULT_HOST, DEFAULT_PORT, Limits


def cmd_export_model(args: argparse.Namespace) -> int:
    from ptcore.cli_engine import quiet_library
    from ptcore.engine.onnx_export import export_model

    quiet_library()
    files = export_model(args.model_dir, args.out, args.base_model)
    print(f"Wrote {files.graph}, its tokenizer in {files.tokenizer} and {files.settings}.")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from ptcore.cli_engine import quiet_library
    from ptcore.serve.server import serve

    quiet_library()
    limits = Limits(max_body_bytes=args.max_body_kb * 1024, max_batch=args.max_batch)
    serve(args.model_dir, args.host, args.port, limits, args.base_model)
    return 0


def add_model_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Register ``serve`` and ``export-model``."""
    serve = commands.add_parser(
        "serve", help="serve a model over HTTP: JSON /predict and Label Studio's ML backend"
    )
    serve.add_argument("model_dir", type=Path, help="a saved model folder or an exported .onnx")
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to bind (default {DEFAULT_HOST}: this "
        "computer only; 0.0.0.0 opens it to the network)",
    )
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")
    serve.add_argument(
        "--max-batch", type=int, default=Limits().max_batch, help="most documents per request"
    )
    serve.add_argument(
        "--max-body-kb",
        type=int,
        default=Limits().max_body_bytes // 1024,
        help="largest request body in KiB",
    )
    serve.add_argument("--base-model", type=Path, help="the backbone folder, if it moved")
    serve.set_defaults(run=cmd_serve)

    export = commands.add_parser(
        "export-model", help="write a model as one ONNX graph with its prefix baked in"
    )
    export.add_argument("model_dir", type=Path, help="a saved model folder (PROJECT.models/run-N)")
    export.add_argument("out", type=Path, help="the .onnx file to write")
    export.add_argument("--base-model", type=Path, help="the backbone folder, if it moved")
    export.set_defaults(run=cmd_export_model)
