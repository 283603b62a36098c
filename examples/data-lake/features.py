"""Per-user features from raw event CSVs, with PySpark (a SageMaker Processing job).

Usage: features.py --input s3://.../raw/ --output s3://.../features/dt=YYYY-MM-DD/
Writes one CSV (with header) of user_id, events, countries: the number of events of each user
and the number of distinct countries they came from.
"""
import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def main(input_uri, output_uri):
    spark = SparkSession.builder.appName("user-features").getOrCreate()
    events = spark.read.option("header", "true").csv(input_uri)
    features = events.groupBy("user_id").agg(
        F.count("*").alias("events"),
        F.countDistinct("country").alias("countries"),
    )
    features.coalesce(1).write.mode("overwrite").option("header", "true").csv(output_uri)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[sys.argv.index("--input") + 1], sys.argv[sys.argv.index("--output") + 1])
