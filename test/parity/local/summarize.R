summary(read.csv("/opt/ml/processing/input/census/census.csv"))
