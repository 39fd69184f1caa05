"""Local tokenizers and model folders for the fit tests: the tiny vocabulary with its CJK
characters, and the same vocabulary without them."""

from __future__ import annotations

from pathlib import Path

from transformers import AutoConfig, BertTokenizerFast

from ptcore.engine.fit_check import FitModel
from tests.tiny import CJK, TINY_SIZES, make_tokenizer, vocabulary


def latin_tokenizer(folder: Path | None = None) -> BertTokenizerFast:
    """The tiny WordPiece vocabulary without a single CJK character."""
    words = [token for token in vocabulary() if token not in CJK]
    tokenizer = BertTokenizerFast(vocab={t: i for i, t in enumerate(words)}, do_lower_case=True)
    if folder is not None:
        tokenizer.save_pretrained(str(folder))
    return tokenizer


def fit_model(cjk: bool, max_length: int = 8) -> FitModel:
    tokenizer = make_tokenizer() if cjk else latin_tokenizer()
    return FitModel("cjk" if cjk else "latin", tokenizer, max_length)


def model_folder(folder: Path, cjk: bool) -> Path:
    """A model folder with a config and a tokenizer but no weights: the check never needs
    them."""
    folder.mkdir(parents=True, exist_ok=True)
    tokenizer = make_tokenizer(folder) if cjk else latin_tokenizer(folder)
    sizes = {**TINY_SIZES, "vocab_size": tokenizer.vocab_size}
    AutoConfig.for_model("bert", **sizes).save_pretrained(str(folder))
    return folder
