"""Task codecs: records to model features, model outputs to annotations (no model here)."""
