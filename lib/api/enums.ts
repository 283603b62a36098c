// Closed enums of the CreateProcessingJob API (values as the API model spells them).

/** Whether an S3 input is a key prefix or a manifest file (`ProcessingS3Input.S3DataType`). */
export enum S3DataType {
  /** The URI is a key prefix: every object under it is downloaded. */
  S3_PREFIX = 'S3Prefix',
  /** The URI names a manifest file that lists the objects. */
  MANIFEST_FILE = 'ManifestFile',
}

/** How input data reaches the container (`S3InputMode` / `DatasetDefinition.InputMode`). */
export enum ProcessingInputMode {
  /** Copied to the volume before the container starts. */
  FILE = 'File',
  /** Streamed through a named pipe. */
  PIPE = 'Pipe',
}

/** How input data is split across instances. */
export enum DataDistributionType {
  /** Every instance gets all the data. */
  FULLY_REPLICATED = 'FullyReplicated',
  /** Each instance gets about 1/n of the objects, by S3 key. */
  SHARDED_BY_S3_KEY = 'ShardedByS3Key',
}

/** Compression of S3 input data (Pipe mode only). */
export enum S3CompressionType {
  /** Not compressed. */
  NONE = 'None',
  /** Gzip-compressed. */
  GZIP = 'Gzip',
}

/** When output files are uploaded to S3. */
export enum S3UploadMode {
  /** Once, when the job ends. */
  END_OF_JOB = 'EndOfJob',
  /** Continuously, while the job runs. */
  CONTINUOUS = 'Continuous',
}

/** Format of an Athena query result (`AthenaDatasetDefinition.OutputFormat`). */
export enum AthenaOutputFormat {
  /** Apache Parquet. */
  PARQUET = 'PARQUET',
  /** Apache ORC. */
  ORC = 'ORC',
  /** Apache Avro. */
  AVRO = 'AVRO',
  /** JSON lines. */
  JSON = 'JSON',
  /** Delimited text. */
  TEXTFILE = 'TEXTFILE',
}

/** Compression of an Athena query result. */
export enum AthenaOutputCompression {
  /** Gzip. */
  GZIP = 'GZIP',
  /** Snappy. */
  SNAPPY = 'SNAPPY',
  /** Zlib. */
  ZLIB = 'ZLIB',
}

/** Format of a Redshift query result (`RedshiftDatasetDefinition.OutputFormat`). */
export enum RedshiftOutputFormat {
  /** Apache Parquet. */
  PARQUET = 'PARQUET',
  /** Comma-separated values. */
  CSV = 'CSV',
}

/** Compression of a Redshift query result. */
export enum RedshiftOutputCompression {
  /** Not compressed. */
  NONE = 'None',
  /** Gzip. */
  GZIP = 'GZIP',
  /** Bzip2. */
  BZIP2 = 'BZIP2',
  /** Zstandard. */
  ZSTD = 'ZSTD',
  /** Snappy. */
  SNAPPY = 'SNAPPY',
}
