"""``ptcore serve`` over HTTP: its own /predict, Label Studio's endpoints, limits and errors."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
from pathlib import Path

import pytest

from ptcore.serve.limits import Limits
from tests.serve.conftest import call, free_port, running, saved_model

CHOICES_CONFIG = """<View>
  <Text name="review" value="$sentence"/>
  <Choices name="sentiment" toName="review" choice="single">
    <Choice value="pos"/><Choice value="neg"/>
  </Choices>
</View>"""
LABELS_CONFIG = """<View>
  <Labels name="label" toName="text"><Label value="PER"/></Labels>
  <Text name="text" value="$text"/>
</View>"""


@pytest.fixture(scope="module")
def classification_url(tmp_path_factory: pytest.TempPathFactory) -> object:
    folder = saved_model(tmp_path_factory.mktemp("cls"), "classification")
    with running(folder, Limits(max_body_bytes=4096, max_batch=3, max_text_chars=200)) as url:
        yield url


def test_health_and_own_predict(classification_url: str) -> None:
    status, health = call(f"{classification_url}/health")
    assert status == 200 and health["status"] == "UP" and health["labels"] == ["pos", "neg"]
    status, body = call(f"{classification_url}/predict", {"inputs": ["the film was good", "bad"]})
    assert status == 200 and body["task"] == "classification"
    first = body["predictions"][0]
    assert first["label"] in ("pos", "neg") and set(first["scores"]) == {"pos", "neg"}
    assert first["confidence"] == pytest.approx(max(first["scores"].values()))


def test_label_studio_setup_and_choices(classification_url: str) -> None:
    status, setup = call(
        f"{classification_url}/setup", {"project": "7.1", "schema": CHOICES_CONFIG}
    )
    assert status == 200 and setup["model_version"] == "ptcore-classification-model"
    tasks = [
        {"id": 1, "data": {"sentence": "the movie was good"}},
        {"id": 2, "data": {"sentence": "x"}},
    ]
    status, body = call(f"{classification_url}/predict", {"tasks": tasks, "project": "7.1"})
    assert status == 200 and len(body["results"]) == 2
    [region] = body["results"][0]["result"]
    assert region["from_name"] == "sentiment" and region["to_name"] == "review"
    assert region["type"] == "choices" and region["value"]["choices"][0] in ("pos", "neg")
    assert 0.5 <= body["results"][0]["score"] <= 1.0


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"{not json", 400, "not JSON"),
        (b"[1, 2]", 400, "must be a JSON object"),
        (b'{"inputs": "one text"}', 400, "'inputs' must be a list"),
        (b'{"inputs": ["a", "b", "c", "d"]}', 413, "4 inputs in one request; at most 3"),
        (b'{"inputs": ["' + b"x" * 300 + b'"]}', 413, "a text of 300 characters"),
        (b'{"inputs": ["' + b"x " * 3000 + b'"]}', 413, "request body is over 4096 bytes"),
        (b'{"inputs": ["fine", 3]}', 422, "input 2: expected text, got int"),
        (b'{"tasks": [{"data": {}}], "label_config": "<View/>"}', 422, "no <Choices> tag"),
        (b'{"tasks": [], "label_config": "<View"}', 422, "not valid XML"),
    ],
)
def test_bad_requests_answer_4xx_with_a_message(
    classification_url: str, body: bytes, status: int, message: str
) -> None:
    got, answer = call(f"{classification_url}/predict", raw=body)
    assert got == status and message in answer["error"]
    assert "Traceback" not in answer["error"]


def test_label_studio_labels_for_ner(tmp_path: Path) -> None:
    with running(saved_model(tmp_path, "ner")) as url:
        status, _ = call(f"{url}/setup", {"project": "1", "schema": LABELS_CONFIG})
        assert status == 200
        tasks = [{"data": {"text": "john met mary in paris today"}}]
        status, body = call(f"{url}/predict", {"tasks": tasks, "label_config": LABELS_CONFIG})
        assert status == 200
        for region in body["results"][0]["result"]:
            value = region["value"]
            assert region["type"] == "labels" and value["labels"] == ["PER"]
            assert value["text"] == tasks[0]["data"]["text"][value["start"] : value["end"]]
        status, answer = call(f"{url}/setup", {"project": "2", "schema": CHOICES_CONFIG})
        assert status == 422 and "no <Labels> tag" in answer["error"]


def test_serve_command_binds_localhost_and_answers(tmp_path: Path) -> None:
    folder = saved_model(tmp_path, "qa")
    port = free_port()
    command = [sys.executable, "-m", "ptcore", "serve", str(folder), "--port", str(port)]
    server = subprocess.Popen(command, env=os.environ, stderr=subprocess.PIPE, text=True)
    try:
        status = 0
        deadline = time.monotonic() + 120
        while status != 200 and time.monotonic() < deadline and server.poll() is None:
            try:
                status, _ = call(f"http://127.0.0.1:{port}/health")
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        pair = ["john lives in paris and works at the bank", "where does he live"]
        status, body = call(f"http://127.0.0.1:{port}/predict", {"inputs": [pair]})
        assert status == 200 and set(body["predictions"][0]) >= {"start", "end", "no_answer"}
        status, answer = call(
            f"http://127.0.0.1:{port}/predict", {"tasks": [], "label_config": LABELS_CONFIG}
        )
        assert status == 422 and "qa model has no Label Studio control" in answer["error"]
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}" in err
