"""Tiny, locally built tokenizers and backbones so engine tests run in seconds, offline."""

from __future__ import annotations

from pathlib import Path

import torch
from transformers import AutoConfig, AutoModel, BertTokenizerFast
from transformers.tokenization_utils_base import BatchEncoding, PreTrainedTokenizerBase

from ptcore.engine.config import PrefixConfig
from ptcore.engine.model import PrefixTunedModel, create_model
from ptcore.records import Task

SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
ENGLISH_WORDS = (
    "the a an of to in and is was on for with at by from as it that this be are were "
    "he she they we you i his her their our new york london paris berlin john mary smith "
    "acme corp inc bank city river said says told visited works lives met in on today "
    "good bad great terrible movie film book love hate fine boring fun what who where when "
    "which how many much did does do answer question capital country born year team won game"
).split()
WORDPIECES = ["##s", "##ed", "##ing", "##er", "##ly", "##a", "##e", "##o", "##n", "##t", "##y"]
PUNCTUATION = list(".,!?;:'\"()-")
CJK = list(
    "我你他她是的了在人中国北京上海公司银行大学老师学生喜欢电影很好不今天明天说去来有和张三李四王五"
)
LETTERS = list("abcdefghijklmnopqrstuvwxyz0123456789")


def vocabulary() -> list[str]:
    """A deterministic WordPiece vocabulary: specials, words, pieces, CJK, letters."""
    seen: dict[str, None] = {}
    for token in SPECIAL_TOKENS + ENGLISH_WORDS + WORDPIECES + PUNCTUATION + CJK + LETTERS:
        seen.setdefault(token, None)
    seen.update({f"##{c}": None for c in LETTERS})
    return list(seen)


def make_tokenizer(folder: Path | None = None) -> BertTokenizerFast:
    """A fast, uncased BERT tokenizer on the tiny vocabulary, saved into ``folder`` if given."""
    vocab = {token: index for index, token in enumerate(vocabulary())}
    tokenizer = BertTokenizerFast(vocab=vocab, do_lower_case=True)
    if folder is not None:
        tokenizer.save_pretrained(str(folder))
    return tokenizer


TINY_SIZES = {
    "vocab_size": len(vocabulary()),
    "hidden_size": 32,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "intermediate_size": 37,
    "max_position_embeddings": 64,
    "pad_token_id": 0,
    "hidden_dropout_prob": 0.0,
    "attention_probs_dropout_prob": 0.0,
}
BACKBONE_ARCHITECTURES = ("bert", "roberta", "xlm-roberta", "electra")
ARCHITECTURE_EXTRAS = {
    "roberta": {"type_vocab_size": 1},
    "xlm-roberta": {"type_vocab_size": 1},
    "electra": {"embedding_size": 16},
}


def make_backbone_dir(folder: Path, arch: str, seed: int = 0) -> Path:
    """A tiny random ``arch`` encoder plus the tiny tokenizer, saved as a local model folder.

    Dropout is off so outputs are deterministic. Like the real ones, the RoBERTa family gets
    one token type, and ELECTRA a smaller embedding size (so its projection runs too).
    """
    extra = ARCHITECTURE_EXTRAS.get(arch, {})
    config = AutoConfig.for_model(arch, **TINY_SIZES, **extra)
    torch.manual_seed(seed)
    AutoModel.from_config(config).save_pretrained(str(folder))
    make_tokenizer(folder)
    return folder


def make_prefix_model(
    folder: Path, task: str = "ner", num_labels: int = 3, seed: int = 0, **settings: object
) -> tuple[PrefixTunedModel, PreTrainedTokenizerBase]:
    """A model on a tiny backbone with a 4-position prefix and, unless overridden, no dropout."""
    torch.manual_seed(seed)
    values = {"prefix_len": 4, "prefix_dropout": 0.0, "head_dropout": 0.0, **settings}
    return create_model(Task(task), num_labels, PrefixConfig(**values), folder)  # type: ignore[arg-type]


def encode_texts(tokenizer: PreTrainedTokenizerBase, texts: list[str]) -> BatchEncoding:
    """Right-padded PyTorch tensors for ``texts``."""
    return tokenizer(texts, padding=True, return_tensors="pt")
