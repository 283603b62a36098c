"""Reads the prepared CSV files, fits a logistic regression and writes one score per row."""
import csv
import os

import numpy as np
from sklearn.linear_model import LogisticRegression


def read_rows(paths):
    header, labels, rows = None, [], []
    for path in paths:
        with open(path, newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            for r in reader:
                labels.append(r[0])
                rows.append([float(v) for v in r[1:]])
    if header is None:
        raise SystemExit("no CSV file in input/features")
    return header, labels, rows


def score(labels, rows):
    x, y = np.array(rows), np.array(labels)
    model = LogisticRegression().fit(x, y)
    positive = list(model.classes_).index(sorted(model.classes_)[-1])
    return model.predict_proba(x)[:, positive]


def write_scores(path, label_name, labels, scores):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow([label_name, "score"])
        for label, s in zip(labels, scores):
            writer.writerow([label, f"{s:.6f}"])
