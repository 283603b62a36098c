"""Counts events per country with PySpark; `helpers` comes from --py-files."""
import sys

from pyspark.sql import SparkSession
from pyspark.sql.functions import udf

from helpers import clean_country


def main(input_uri, output_uri):
    spark = SparkSession.builder.appName("events-per-country").getOrCreate()
    clean = udf(clean_country)
    events = spark.read.option("header", "true").csv(input_uri)
    counts = events.withColumn("country", clean(events.country)).groupBy("country").count()
    counts.write.mode("overwrite").parquet(output_uri)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[sys.argv.index("--input") + 1], sys.argv[sys.argv.index("--output") + 1])
