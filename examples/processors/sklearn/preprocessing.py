"""Splits a CSV into train and test sets, as a SageMaker Processing job.

Reads every *.csv in /opt/ml/processing/input/raw (the input named `raw`), drops rows with
missing values, scales the numeric feature columns, and writes train.csv and test.csv to
/opt/ml/processing/output/train and /opt/ml/processing/output/test. The folder root can be
moved with --base-dir (the tests run this script for real in a temporary folder).
"""
import argparse
import csv
import glob
import os

import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-dir", default="/opt/ml/processing")
    parser.add_argument("--label", default="label")
    parser.add_argument("--test-size", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()

    header, rows = None, []
    for path in sorted(glob.glob(os.path.join(args.base_dir, "input", "raw", "*.csv"))):
        with open(path, newline="") as f:
            reader = csv.reader(f)
            file_header = next(reader)
            if header is None:
                header = file_header
            rows.extend(r for r in reader if len(r) == len(header) and all(v.strip() != "" for v in r))
    if header is None:
        raise SystemExit("no CSV file in input/raw")
    if args.label not in header:
        raise SystemExit(f"label column '{args.label}' is not in {header}")

    label_index = header.index(args.label)
    features = [h for i, h in enumerate(header) if i != label_index]
    x = np.array([[float(v) for i, v in enumerate(r) if i != label_index] for r in rows])
    y = np.array([r[label_index] for r in rows])
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=args.test_size, random_state=args.seed)
    scaler = StandardScaler().fit(x_train)

    for name, xs, ys in (("train", scaler.transform(x_train), y_train), ("test", scaler.transform(x_test), y_test)):
        out_dir = os.path.join(args.base_dir, "output", name)
        os.makedirs(out_dir, exist_ok=True)
        with open(os.path.join(out_dir, f"{name}.csv"), "w", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow([args.label] + features)
            for label, row in zip(ys, xs):
                writer.writerow([label] + [f"{v:.6f}" for v in row])
        print(f"{name}: {len(ys)} rows")


if __name__ == "__main__":
    main()
