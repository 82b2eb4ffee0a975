"""Helpers shared by the report parser tests."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEED = ROOT / "zhenggai" / "seeds" / "liwan-2018.txt"
SAMPLES = Path(__file__).resolve().parent / "samples"

_TO_ASCII = str.maketrans("\uff0c\uff1a\uff1b\uff08\uff09\uff01\uff1f", ",:;()!?")


def canon(s):
    """Punctuation-insensitive form, for comparing full-width and ASCII variants."""
    return s.translate(_TO_ASCII) if isinstance(s, str) else s


def signature(nodes, *, status_text=True, canonical=False):
    """Nested tuples of what must survive any re-encoding of the same report."""
    f = canon if canonical else (lambda s: s)
    out = []
    for n in nodes:
        out.append(
            (
                f(n.label),
                f(n.title),
                f(n.text),
                n.status,
                f(n.status_text) if status_text else None,
                tuple(f(a) for a in n.actions),
                tuple(n.action_labels),
                signature(n.children, status_text=status_text, canonical=canonical),
            )
        )
    return tuple(out)
