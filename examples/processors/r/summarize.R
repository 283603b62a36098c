# Summarizes every CSV in the input `raw` into one CSV of column means per file.
library(data.table)
input_dir <- "/opt/ml/processing/input/raw"
output_dir <- "/opt/ml/processing/output/summary"
dir.create(output_dir, recursive = TRUE, showWarnings = FALSE)
files <- list.files(input_dir, pattern = "\\.csv$", full.names = TRUE)
summaries <- rbindlist(lapply(files, function(f) {
  dt <- fread(f)
  numeric <- dt[, .SD, .SDcols = sapply(dt, is.numeric)]
  data.table(file = basename(f), rows = nrow(dt), t(colMeans(numeric, na.rm = TRUE)))
}), fill = TRUE)
fwrite(summaries, file.path(output_dir, "summary.csv"))
cat("summarized", length(files), "files\n")
