"""The theory columns against people's ratings, on the held-out part of each human-rated set in ../shared/data.

    python benchmarks/human_ratings.py --models default,balanced,fast --json docs/data/human_ratings.json

Figures (issue #21's targets in brackets), each on the 30% of a set that no head was trained or chosen on
(training/rated_sets.py cuts it by a hash of the text):

* depth vs the crowd intimacy of questions (Pei & Jurgens 2020): Spearman rho [>= 0.50];
* valence on GoEmotions comments about the writer (first person singular), positive vs negative group: AUROC
  [>= 0.92]; also on all comments;
* SAD stressors: share whose rated category is listed in `categories` [>= 0.85].

Sentence vectors are cached per model and set in --cache (delete it after changing a model's graph).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import spearmanr
from sklearn.metrics import roc_auc_score

from disclosure.measure.detectors import load_detector, model_directory
from disclosure.measure.heads import TheoryHeads, theory_features

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "training"))
import rated_sets

TARGETS = {"depth_vs_intimacy_spearman": 0.50, "valence_first_person_auroc": 0.92, "sad_category_listed": 0.85}


def vectors(model: str, name: str, texts: list[str], cache: Path) -> tuple[np.ndarray, np.ndarray]:
    """The model's sentence vectors and detector probabilities for `texts`, computed once per model and set."""
    path = cache / f"{Path(model).name}-{name}-{len(texts)}.npz"
    if not path.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        embeddings, probabilities = load_detector(model_directory(model)).embed_and_score(texts)
        np.savez(path, vectors=embeddings, probabilities=probabilities)
    with np.load(path) as stored:
        return stored["vectors"], stored["probabilities"]


def theory_columns(model: str, heads: TheoryHeads, name: str, texts: list[str], cache: Path) -> pd.DataFrame:
    embeddings, probabilities = vectors(model, name, texts, cache)
    return heads.predict(theory_features(texts, embeddings, probabilities))


def measure(model: str, heads_dir: Path | None, cache: Path) -> dict[str, float]:
    heads = TheoryHeads.load(heads_dir if heads_dir is not None else model_directory(model))
    questions = rated_sets.question_intimacy().query("held_out")
    sad = rated_sets.sad_stressors().query("held_out")
    comments = rated_sets.goemotions_valence().query("held_out")
    depth = theory_columns(model, heads, "question-intimacy", questions["text"].tolist(), cache)["depth"]
    categories = theory_columns(model, heads, "sad", sad["text"].tolist(), cache)["categories"]
    valence = theory_columns(model, heads, "goemotions", comments["text"].tolist(), cache)["valence"].to_numpy()
    positive = (comments["valence"] == "positive").to_numpy()
    first = comments["first_person"].to_numpy(bool)
    listed = [bool(set(areas) & set(found)) for areas, found in zip(sad["areas"], categories, strict=True)]
    return {
        "depth_vs_intimacy_spearman": float(spearmanr(depth, questions["intimacy"]).statistic),
        "valence_first_person_auroc": float(roc_auc_score(positive[first], valence[first])),
        "valence_all_auroc": float(roc_auc_score(positive, valence)),
        "sad_category_listed": float(np.mean(listed)),
        "n_questions": len(questions),
        "n_first_person_comments": int(first.sum()),
        "n_stressors": len(sad),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", default="default")
    parser.add_argument("--heads", type=Path, help="evaluate heads from this model directory on --models' vectors")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/disclosure-rated-vectors"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if not rated_sets.available():
        raise SystemExit(f"The human-rated sets are not in {rated_sets.SHARED}.")
    results = {model: measure(model, args.heads, args.cache) for model in args.models.split(",")}
    table = pd.DataFrame(results).T
    print(table.to_string(float_format=lambda v: f"{v:.3f}"))
    print("targets:", TARGETS)
    if args.json:
        args.json.write_text(json.dumps({"targets": TARGETS, "results": results}, indent=1) + "\n")


if __name__ == "__main__":
    main()
