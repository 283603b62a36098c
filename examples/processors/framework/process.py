"""Scores prepared rows with a logistic regression, as a FrameworkProcessor job.

runproc.sh installs requirements.txt, then runs this file from /opt/ml/processing/input/code/,
where the whole source folder lands as it is here (so `scoring`, a package of this folder,
imports). Reads every *.csv in /opt/ml/processing/input/features (the label column first, then
the features, as the scikit-learn example writes them) and writes scores.csv to
/opt/ml/processing/output/scores. The folder root can be moved with --base-dir (the tests run
this job for real in a temporary folder).
"""
import argparse
import glob
import os

from scoring.model import read_rows, score, write_scores


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-dir", default="/opt/ml/processing")
    args = parser.parse_args()

    paths = sorted(glob.glob(os.path.join(args.base_dir, "input", "features", "*.csv")))
    header, labels, rows = read_rows(paths)
    scores = score(labels, rows)
    out = os.path.join(args.base_dir, "output", "scores", "scores.csv")
    write_scores(out, header[0], labels, scores)
    print(f"scored {len(rows)} rows")


if __name__ == "__main__":
    main()
