"""Intent confusion for `make eval`: a confusion-matrix PNG per language and the pairs most often confused."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import List, Sequence

import matplotlib

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402
from sklearn.metrics import ConfusionMatrixDisplay, confusion_matrix  # noqa: E402

FALLBACK = "nlu_fallback"


def worst_pairs(gold: Sequence[str], pred: Sequence[str], n: int = 5) -> List[dict]:
    """The (expected, predicted) pairs that go wrong most often, most frequent first."""
    counts = Counter((g, p) for g, p in zip(gold, pred) if g != p)
    return [{"expected": g, "predicted": p, "count": c} for (g, p), c in counts.most_common(n)]


def plot(gold: Sequence[str], pred: Sequence[str], title: str, path: Path) -> None:
    """Rows: the labelled intent; columns: the predicted one (nlu_fallback last). Counts, zeros left blank."""
    labels = sorted(set(gold))
    labels += sorted(set(pred) - set(labels) - {FALLBACK}) + ([FALLBACK] if FALLBACK in pred else [])
    matrix = confusion_matrix(gold, pred, labels=labels)
    size = 4 + 0.32 * len(labels)
    fig, ax = plt.subplots(figsize=(size, size))
    ConfusionMatrixDisplay(matrix, display_labels=labels).plot(
        ax=ax, cmap="Blues", colorbar=False, xticks_rotation="vertical", values_format="d")
    for text in ax.texts:  # an empty cell reads faster than a zero
        if text.get_text() == "0":
            text.set_text("")
        text.set_fontsize(7)
    ax.set_title(title)
    ax.set_xlabel("predicted intent")
    ax.set_ylabel("labelled intent")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=80)
    plt.close(fig)
