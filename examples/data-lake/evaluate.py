"""Evaluates a clustering of the user features, with scikit-learn (a SageMaker Processing job).

Reads every *.csv under /opt/ml/processing/input/features (columns user_id, events, countries),
clusters the users with k-means for k = 2..5, and writes evaluation.json to
/opt/ml/processing/output/evaluation: the silhouette score of each k and the best k. The folder
root can be moved with --base-dir (the tests run this script for real in a temporary folder).
"""
import argparse
import csv
import glob
import json
import os

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler


def read_features(folder):
    rows = []
    for path in sorted(glob.glob(os.path.join(folder, "**", "*.csv"), recursive=True)):
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                rows.append([float(row["events"]), float(row["countries"])])
    return np.array(rows)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-dir", default="/opt/ml/processing")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    features = read_features(os.path.join(args.base_dir, "input", "features"))
    if len(features) < 6:
        raise SystemExit(f"need at least 6 users to evaluate a clustering, found {len(features)}")
    scaled = StandardScaler().fit_transform(features)
    scores = {}
    for k in range(2, min(5, len(features) - 1) + 1):
        labels = KMeans(n_clusters=k, n_init=10, random_state=args.seed).fit_predict(scaled)
        scores[k] = float(silhouette_score(scaled, labels))
    best = max(scores, key=scores.get)

    out = os.path.join(args.base_dir, "output", "evaluation")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "evaluation.json"), "w") as f:
        json.dump({"users": int(len(features)), "silhouette": {str(k): s for k, s in scores.items()}, "best_k": best}, f, indent=2)
    print(f"users={len(features)} best_k={best} silhouette={scores[best]:.3f}")


if __name__ == "__main__":
    main()
